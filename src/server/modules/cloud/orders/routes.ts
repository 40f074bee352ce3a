/** HTTP of carts, orders, approvals and approval policies (docs/cloud/orders.md): schema, auth, call the service. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf } from '../../../platform/http/auth.js';
import type { ApprovalPolicies, Orders } from '../index.js';
import { CLOUD_API } from '../parts.js';
import { IT_CENTRE } from './access.js';
import { routeSchemas as s, type PolicyInput } from './schema.js';

const policyInput = (input: PolicyInput) => ({
  name: input.name,
  departmentId: input.departmentId ?? null,
  category: input.category ?? null,
  steps: input.steps,
  autoApproveMaxFen: input.autoApproveMaxFen ?? null,
  enabled: input.enabled ?? true,
});

export async function registerOrderRoutes(scope: FastifyInstance, orders: Orders, policies: ApprovalPolicies): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const user = { auth: 'user' as const };
  const itCentre = { auth: [...IT_CENTRE] };

  app.get(`${CLOUD_API}/carts/:businessSystemId`, { schema: s.cart, config: user }, (request) => orders.cart(actorOf(request), request.params.businessSystemId));
  app.post(`${CLOUD_API}/carts/:businessSystemId/items`, { schema: s.addItem, config: user }, (request) =>
    orders.addItem(actorOf(request), request.params.businessSystemId, request.body));
  app.patch(`${CLOUD_API}/cart-items/:id`, { schema: s.updateItem, config: user }, (request) => orders.updateItem(actorOf(request), request.params.id, request.body));
  app.delete(`${CLOUD_API}/cart-items/:id`, { schema: s.removeItem, config: user }, (request) => orders.removeItem(actorOf(request), request.params.id));

  app.get(`${CLOUD_API}/orders`, { schema: s.list, config: user }, (request) => orders.list(actorOf(request), request.query));
  app.get(`${CLOUD_API}/orders/:id`, { schema: s.get, config: user }, (request) => orders.get(actorOf(request), request.params.id));
  app.post(`${CLOUD_API}/orders/:id/submit`, { schema: s.submit, config: user }, (request) => orders.submit(actorOf(request), request.params.id, request.body));
  app.post(`${CLOUD_API}/orders/:id/cancel`, { schema: s.cancel, config: user }, (request) => orders.cancel(actorOf(request), request.params.id));
  app.post(`${CLOUD_API}/orders/:id/decision`, { schema: s.decide, config: user }, (request) => orders.decide(actorOf(request), request.params.id, request.body));
  app.get(`${CLOUD_API}/approvals/inbox`, { schema: s.inbox, config: user }, async (request) => ({ items: await orders.inbox(actorOf(request)) }));
  app.post(`${CLOUD_API}/resources/:id/resize`, { schema: s.resize, config: user }, (request) => orders.requestResize(actorOf(request), request.params.id, request.body));

  app.get(`${CLOUD_API}/approval-policies`, { schema: s.listPolicies, config: user }, async (request) => ({ items: await policies.list(actorOf(request)) }));
  app.post(`${CLOUD_API}/approval-policies`, { schema: s.createPolicy, config: itCentre }, async (request, reply) => {
    const policy = await policies.upsert(actorOf(request), policyInput(request.body));
    reply.status(201).header('location', `${CLOUD_API}/approval-policies/${policy.id}`);
    return policy;
  });
  app.put(`${CLOUD_API}/approval-policies/:id`, { schema: s.updatePolicy, config: itCentre }, (request) =>
    policies.upsert(actorOf(request), { ...policyInput(request.body), id: request.params.id }));
  app.delete(`${CLOUD_API}/approval-policies/:id`, { schema: s.deletePolicy, config: itCentre }, async (request, reply) => {
    await policies.remove(actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
}
