/**
 * Fixtures for harvesting tests: a small HTTP server on a local port that answers with hand-written CKAN or DCAT
 * documents, recording what was asked.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSource {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Every request's path and query, in order. */
  requests: URL[];
  close(): Promise<void>;
}

export type FakeHandler = (url: URL, request: IncomingMessage) => { status?: number; type?: string; body: string } | Promise<{ status?: number; type?: string; body: string }>;

export async function startFakeSource(handler: FakeHandler): Promise<FakeSource> {
  const requests: URL[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://fake.local');
    requests.push(url);
    Promise.resolve(handler(url, request))
      .then((answer) => {
        response.writeHead(answer.status ?? 200, { 'content-type': answer.type ?? 'application/json; charset=utf-8' });
        response.end(answer.body);
      })
      .catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export interface FakeCkanDataset {
  id: string;
  name: string;
  title?: unknown;
  metadata_modified: string;
  [key: string]: unknown;
}

/** A CKAN package_search over a fixed list (sorted by id; fq metadata_modified:[X TO *] understood). */
export function ckanSearch(datasets: () => unknown[]): FakeHandler {
  return (url) => {
    if (url.pathname !== '/api/3/action/package_search') return { status: 404, body: JSON.stringify({ success: false, error: { __type: 'Not Found Error', message: 'Not found' } }) };
    const rows = Number(url.searchParams.get('rows') ?? 10);
    const start = Number(url.searchParams.get('start') ?? 0);
    const fq = url.searchParams.get('fq') ?? '';
    const since = /metadata_modified:\[(\S+) TO \*\]/.exec(fq)?.[1];
    const all = [...datasets()]
      .filter((dataset) => !since || utc(String((dataset as { metadata_modified?: string }).metadata_modified)) >= Date.parse(since))
      .sort((a, b) => String((a as { id?: string }).id ?? '').localeCompare(String((b as { id?: string }).id ?? '')));
    return { body: JSON.stringify({ help: 'package_search', success: true, result: { count: all.length, results: all.slice(start, start + rows), facets: {}, search_facets: {} } }) };
  };
}

/** CKAN writes UTC without a zone. */
const utc = (text: string): number => Date.parse(/(Z|[+-]\d\d:\d\d)$/.test(text) ? text : `${text}Z`);
