/**
 * A local fake of the OpenStack APIs the driver uses (Keystone v3 password tokens, Nova v2.1, Cinder v3, Neutron
 * v2.0 — the documented subset listed in docs/cloud/openstack.md). It is a real HTTP server on 127.0.0.1 with
 * OpenStack's JSON bodies, status codes and error shapes, so the driver is tested over the wire exactly as it talks
 * to a real cloud. Asynchronous work advances by polls, not by time: a resource stays in its transitional status
 * (BUILD, creating, DOWN, RESIZE, extending, deleting) for `buildPolls` reads of that one resource, which keeps
 * the tests free of clocks. The service routes live in fake-nova.ts, fake-cinder.ts and fake-neutron.ts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeAnswer, FakeRoute, ServiceErrors } from './fake-apis.js';
import { cinderRoutes } from './fake-cinder.js';
import { neutronRoutes } from './fake-neutron.js';
import { novaRoutes } from './fake-nova.js';

export type FakeResourceType = 'server' | 'volume' | 'floatingip';

export interface FakeFlavor {
  id: string;
  name: string;
  vcpus: number;
  /** MiB, as Nova counts it */
  ram: number;
  /** GB */
  disk: number;
}

export interface OpenstackFakeOptions {
  /** default: any free port */
  port?: number;
  /** how many reads of a resource show its transitional status before it settles (default 2) */
  buildPolls?: number;
  /** the next resource of that type ends in ERROR (servers carry the text as their fault message) */
  failNext?: Partial<Record<FakeResourceType, string>>;
  username?: string;
  password?: string;
  projectName?: string;
  /** default 3600 */
  tokenTtlSeconds?: number;
  /** the fake's clock for token expiry (tests move it forward instead of waiting) */
  now?: () => number;
  flavors?: FakeFlavor[];
}

/** A resource that settles after a number of reads. */
export interface Pending {
  polls: number;
  settle: () => void;
}

export interface FakeServer {
  id: string;
  name: string;
  flavorId: string;
  imageId: string;
  networkId: string;
  metadata: Record<string, string>;
  address: string;
  status: string;
  taskState: string | null;
  fault: { code: number; message: string } | null;
  pending: Pending | null;
  gone: boolean;
  created: string;
  updated: string;
}

export interface FakeVolume {
  id: string;
  name: string;
  size: number;
  metadata: Record<string, string>;
  status: string;
  pending: Pending | null;
  gone: boolean;
  created: string;
  updated: string | null;
}

export interface FakeFloatingIp {
  id: string;
  address: string;
  networkId: string;
  description: string;
  tags: string[];
  status: string;
  pending: Pending | null;
  revision: number;
  created: string;
  updated: string;
}

export interface FakeCloudState {
  readonly projectId: string;
  readonly projectName: string;
  readonly imageId: string;
  /** the tenant network VMs join (named "private") */
  readonly networkId: string;
  /** the external network floating IPs come from (named "public") */
  readonly floatingNetworkId: string;
  readonly buildPolls: number;
  readonly flavors: FakeFlavor[];
  readonly servers: Map<string, FakeServer>;
  readonly volumes: Map<string, FakeVolume>;
  readonly floatingIps: Map<string, FakeFloatingIp>;
  /** the next resource of that type fails (set by tests at any time) */
  failNext: Partial<Record<FakeResourceType, string>>;
  /** every request as "METHOD /path?query STATUS", in order */
  readonly requests: string[];
  /** how many token requests Keystone answered (successful or not) */
  authRequests: number;
  /** Revokes every issued token, as a Keystone restart with new fernet keys would. */
  revokeTokens(): void;
  now(): number;
}

export interface OpenstackFake {
  /** http://127.0.0.1:<port> */
  url: string;
  state: FakeCloudState;
  /** The provider endpoint settings and secrets that point the driver at this fake. */
  endpoint(): { settings: Record<string, unknown>; secrets: Record<string, string> };
  close(): Promise<void>;
}

export const DEFAULT_FLAVORS: FakeFlavor[] = [
  { id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 },
  { id: '2', name: 'm1.small', vcpus: 1, ram: 2048, disk: 20 },
  { id: '3', name: 'm1.medium', vcpus: 2, ram: 4096, disk: 40 },
  { id: '4', name: 'm1.large', vcpus: 4, ram: 8192, disk: 80 },
  { id: '5', name: 'm1.xlarge', vcpus: 8, ram: 16384, disk: 160 },
];

const UNAUTHORIZED = { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } };

interface FakeToken {
  expiresAt: number;
  projectId: string;
}

export async function startOpenstackFake(options: OpenstackFakeOptions = {}): Promise<OpenstackFake> {
  const username = options.username ?? 'zhongshu';
  const password = options.password ?? 'fake-openstack-password';
  const projectName = options.projectName ?? 'zhongshu';
  const ttlMs = (options.tokenTtlSeconds ?? 3600) * 1000;
  const now = options.now ?? (() => Date.now());
  const tokens = new Map<string, FakeToken>();
  const userId = randomBytes(16).toString('hex');
  const state: FakeCloudState = {
    projectId: randomBytes(16).toString('hex'),
    projectName,
    imageId: randomUUID(),
    networkId: randomUUID(),
    floatingNetworkId: randomUUID(),
    buildPolls: options.buildPolls ?? 2,
    flavors: options.flavors ?? DEFAULT_FLAVORS,
    servers: new Map(),
    volumes: new Map(),
    floatingIps: new Map(),
    failNext: { ...options.failNext },
    requests: [],
    authRequests: 0,
    revokeTokens: () => tokens.clear(),
    now,
  };
  let base = '';

  const services: Array<{ prefix: string; routes: FakeRoute[]; errors: ServiceErrors }> = [
    { prefix: '/compute/v2.1', ...novaRoutes(state) },
    { prefix: '/volume/v3', ...cinderRoutes(state) },
    { prefix: '/network/v2.0', ...neutronRoutes(state) },
  ];

  function issueToken(body: unknown): FakeAnswer {
    state.authRequests += 1;
    const auth = (body as { auth?: AuthBody } | null)?.auth;
    const user = auth?.identity?.password?.user;
    if (!auth?.identity?.methods?.includes('password') || !user) {
      return { status: 400, body: { error: { code: 400, title: 'Bad Request', message: 'Expecting to find identity in auth.' } } };
    }
    const project = auth.scope?.project;
    if (user.name !== username || user.password !== password || !domainMatches(user.domain) || !project
      || project.name !== projectName || !domainMatches(project.domain)) {
      return { status: 401, body: UNAUTHORIZED };
    }
    const token = `gAAAAA${randomBytes(24).toString('base64url')}`;
    const issuedAt = now();
    tokens.set(token, { expiresAt: issuedAt + ttlMs, projectId: state.projectId });
    const endpoint = (type: string, name: string, url: string) => ({
      type, name, id: randomBytes(16).toString('hex'),
      endpoints: [{ id: randomBytes(16).toString('hex'), interface: 'public', region: 'RegionOne', region_id: 'RegionOne', url }],
    });
    return {
      status: 201,
      headers: { 'x-subject-token': token },
      body: {
        token: {
          methods: ['password'],
          user: { id: userId, name: username, domain: { id: 'default', name: 'Default' }, password_expires_at: null },
          project: { id: state.projectId, name: projectName, domain: { id: 'default', name: 'Default' } },
          roles: [{ id: randomBytes(16).toString('hex'), name: 'member' }],
          issued_at: new Date(issuedAt).toISOString(),
          expires_at: new Date(issuedAt + ttlMs).toISOString(),
          catalog: [
            endpoint('identity', 'keystone', `${base}/identity`),
            endpoint('compute', 'nova', `${base}/compute/v2.1`),
            endpoint('volumev3', 'cinderv3', `${base}/volume/v3/${state.projectId}`),
            endpoint('network', 'neutron', `${base}/network`),
          ],
        },
      },
    };
  }

  function route(method: string, url: URL, headers: IncomingMessage['headers'], body: unknown): FakeAnswer {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/identity/v3/auth/tokens' && method === 'POST') return issueToken(body);
    const service = services.find((candidate) => path === candidate.prefix || path.startsWith(`${candidate.prefix}/`));
    const token = tokens.get(String(headers['x-auth-token'] ?? ''));
    if (!token || token.expiresAt <= now()) {
      if (token) tokens.delete(String(headers['x-auth-token']));
      // keystonemiddleware answers before the service looks at the path
      if (service) return { status: 401, body: UNAUTHORIZED, headers: { 'www-authenticate': `Keystone uri="${base}/identity"` } };
    }
    if (!service) return { status: 404, body: { error: { code: 404, title: 'Not Found', message: `The resource could not be found: ${path}` } } };
    const rest = path.slice(service.prefix.length) || '/';
    for (const candidate of service.routes) {
      if (candidate.method !== method) continue;
      const match = candidate.pattern.exec(rest);
      if (!match) continue;
      if (candidate.projectScoped && match[1] !== token!.projectId) return service.errors.forbidden('Policy does not allow this project.');
      return candidate.handle({ params: match.slice(1), query: url.searchParams, body, url });
    }
    return service.errors.notFound('The resource could not be found.');
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', base);
      const method = request.method ?? 'GET';
      let answer: FakeAnswer;
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
        answer = route(method, url, request.headers, body);
      } catch (error) {
        answer = error instanceof SyntaxError
          ? { status: 400, body: { badRequest: { code: 400, message: 'Malformed request body' } } }
          : { status: 500, body: { computeFault: { code: 500, message: String(error) } } };
      }
      state.requests.push(`${method} ${url.pathname}${url.search} ${answer.status}`);
      const headers: Record<string, string> = { 'x-openstack-request-id': `req-${randomUUID()}`, ...answer.headers };
      if (answer.body === undefined) {
        response.writeHead(answer.status, headers);
        response.end();
        return;
      }
      response.writeHead(answer.status, { ...headers, 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    state,
    endpoint: () => ({
      settings: {
        authUrl: `${base}/identity/v3`,
        username,
        projectName,
        userDomain: 'Default',
        projectDomain: 'Default',
        region: 'RegionOne',
        imageRef: state.imageId,
        networkId: state.networkId,
        floatingNetworkId: state.floatingNetworkId,
      },
      secrets: { password },
    }),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

interface AuthBody {
  identity?: {
    methods?: string[];
    password?: { user?: { name?: string; password?: string; domain?: { id?: string; name?: string } } };
  };
  scope?: { project?: { name?: string; domain?: { id?: string; name?: string } } };
}

/** The fake has one domain, "Default" (id "default"). */
function domainMatches(domain: { id?: string; name?: string } | undefined): boolean {
  return !!domain && (domain.id === 'default' || domain.name === 'Default');
}
