/** HTTP of metering, bills, showback, the dashboard and business systems (docs/cloud/metering.md). */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf } from '../../../platform/http/auth.js';
import { IT_CENTRE_ROLES, ORDERING_ROLES } from '../index.js';
import { CLOUD_API } from '../parts.js';
import { billContentDisposition, writeBillWorkbook, XLSX_MIME } from './bill-xlsx.js';
import type { BillsService } from './bills.js';
import type { InsightsService } from './insights.js';
import type { MeteringRuns } from './runs.js';
import { routeSchemas as s } from './schema.js';

export interface MeteringRouteServices {
  bills: BillsService;
  insights: InsightsService;
  runs: MeteringRuns;
}

export async function registerMeteringRoutes(scope: FastifyInstance, services: MeteringRouteServices): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { bills, insights, runs } = services;
  const itCentre = { auth: [...IT_CENTRE_ROLES] };
  // Department users are narrowed to their own department in the services.
  const costReaders = { auth: [...IT_CENTRE_ROLES, ...ORDERING_ROLES] };

  app.get(`${CLOUD_API}/bills`, { schema: s.listBills, config: costReaders }, async (request) => ({ items: await bills.list(actorOf(request), request.query) }));
  app.get(`${CLOUD_API}/bills/:departmentId/:month`, { schema: s.getBill, config: costReaders }, (request) =>
    bills.get(actorOf(request), request.params.departmentId, request.params.month));
  app.get(`${CLOUD_API}/bills/:departmentId/:month/xlsx`, { schema: s.exportBill, config: costReaders }, async (request, reply) => {
    // Read (and check access) first, so a refusal is still a problem document; then stream.
    const bill = await bills.get(actorOf(request), request.params.departmentId, request.params.month);
    const body = new PassThrough();
    writeBillWorkbook(bill, body).catch((error: unknown) => {
      request.log.error({ err: error }, 'writing a bill workbook failed');
      body.destroy(error as Error);
    });
    return reply.type(XLSX_MIME).header('content-disposition', billContentDisposition(bill)).header('cache-control', 'no-store').send(body);
  });
  app.post(`${CLOUD_API}/bills/generate`, { schema: s.generateBills, config: itCentre }, async (request) => ({
    month: request.body.month,
    bills: await runs.generateBills(actorOf(request), request.body.month),
  }));
  app.post(`${CLOUD_API}/metering/run`, { schema: s.runMetering, config: itCentre }, (request) =>
    runs.runMetering(actorOf(request), request.body?.hour === undefined ? undefined : new Date(request.body.hour)));

  app.get(`${CLOUD_API}/showback`, { schema: s.showback, config: costReaders }, async (request) => {
    const items = await insights.showback(actorOf(request), request.query);
    return { month: request.query.month, by: request.query.by, totalFen: items.reduce((sum, row) => sum + row.amountFen, 0), items };
  });
  app.get(`${CLOUD_API}/dashboard`, { schema: s.dashboard, config: itCentre }, (request) => insights.dashboardAt(actorOf(request), new Date()));
  app.get(`${CLOUD_API}/systems`, { schema: s.listSystems, config: costReaders }, async (request) => ({ items: await insights.systems(actorOf(request)) }));
  app.get(`${CLOUD_API}/systems/:id`, { schema: s.getSystem, config: costReaders }, (request) =>
    insights.businessSystemAt(actorOf(request), request.params.id, new Date()));
}
