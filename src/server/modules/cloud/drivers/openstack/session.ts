/**
 * Talking to an OpenStack cloud: the endpoint's settings, a Keystone v3 password token scoped to the project (kept
 * until shortly before it expires, renewed once when a service answers 401) and the service URLs from the token's
 * catalog. The password and the token travel only in request headers and bodies; no message built here contains
 * either.
 */
import type { DriverSettings } from '../driver.js';

export type OpenstackService = 'compute' | 'volume' | 'network';

export interface OpenstackSettings {
  /** Keystone, e.g. https://cloud.example/identity/v3 (v3 is appended when missing) */
  authUrl: string;
  username: string;
  projectName: string;
  userDomain: string;
  projectDomain: string;
  /** which catalog region to use; the first endpoint found when absent */
  region: string | null;
  /** which catalog interface to use (public unless the platform sits inside the cloud's network) */
  interface: 'public' | 'internal' | 'admin';
  imageRef: string;
  /** the tenant network VMs join */
  networkId: string;
  /** the external network floating IPs come from */
  floatingNetworkId: string;
  timeoutMs: number;
}

export interface SessionOptions {
  /** the clock tokens are checked against (tests move it forward) */
  now?: () => number;
}

/** A refusal or failure answered by an OpenStack service, with the service's own message. */
export class OpenstackError extends Error {
  constructor(readonly status: number, readonly service: OpenstackService | 'identity', message: string) {
    super(message);
    this.name = 'OpenstackError';
  }
}

const SERVICE_NAMES: Record<OpenstackService | 'identity', string> = {
  identity: 'Keystone', compute: 'Nova', volume: 'Cinder', network: 'Neutron',
};
/** Catalog types that serve each service, preferred first. */
const CATALOG_TYPES: Record<OpenstackService, string[]> = {
  compute: ['compute'],
  volume: ['volumev3', 'block-storage'],
  network: ['network'],
};
/** A token this close to its expiry is renewed before use rather than risking a 401 mid-operation. */
const RENEW_MARGIN_MS = 60_000;

/** Reads and checks the endpoint settings; every problem is reported at once. */
export function parseSettings(endpoint: DriverSettings): { settings: OpenstackSettings; password: string } {
  const raw = endpoint.settings;
  const problems: string[] = [];
  const text = (name: string, required: boolean): string => {
    const value = raw[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (value !== undefined && value !== null && value !== '') problems.push(`${name} must be a string`);
    else if (required) problems.push(`${name} is required`);
    return '';
  };
  const settings: OpenstackSettings = {
    authUrl: text('authUrl', true),
    username: text('username', true),
    projectName: text('projectName', true),
    userDomain: text('userDomain', false) || 'Default',
    projectDomain: text('projectDomain', false) || 'Default',
    region: text('region', false) || null,
    interface: 'public',
    imageRef: text('imageRef', true),
    networkId: text('networkId', true),
    floatingNetworkId: text('floatingNetworkId', true),
    timeoutMs: 30_000,
  };
  const endpointInterface = text('interface', false);
  if (endpointInterface === 'internal' || endpointInterface === 'admin') settings.interface = endpointInterface;
  else if (endpointInterface && endpointInterface !== 'public') problems.push('interface must be public, internal or admin');
  if (raw.timeoutMs !== undefined) {
    if (typeof raw.timeoutMs === 'number' && Number.isInteger(raw.timeoutMs) && raw.timeoutMs > 0) settings.timeoutMs = raw.timeoutMs;
    else problems.push('timeoutMs must be a positive integer');
  }
  if (settings.authUrl && !/^https?:\/\//.test(settings.authUrl)) problems.push('authUrl must be an http(s) URL');
  const password = endpoint.secrets.password;
  if (typeof password !== 'string' || password === '') problems.push('the secret "password" is required');
  if (problems.length > 0) throw new Error(`The OpenStack endpoint is not configured: ${problems.join('; ')}.`);
  return { settings, password };
}

interface Token {
  value: string;
  expiresAt: number;
  urls: Record<OpenstackService, string>;
}

export interface ServiceAnswer<T> {
  status: number;
  body: T;
}

export class KeystoneSession {
  private token: Token | null = null;
  private authenticating: Promise<Token> | null = null;
  private readonly now: () => number;

  constructor(private readonly settings: OpenstackSettings, private readonly password: string, options: SessionOptions = {}) {
    this.now = options.now ?? (() => Date.now());
  }

  /** Gets a new token now (the endpoint test), whatever is cached. */
  async authenticate(): Promise<void> {
    this.token = null;
    await this.currentToken();
  }

  forget(): void {
    this.token = null;
  }

  /**
   * Calls a service. `path` is relative to the service's catalog URL, or an absolute URL on the same origin (a
   * paging "next" link). A 404 answers null when `notFoundIsNull`; any other non-2xx throws an OpenstackError.
   */
  async request<T>(service: OpenstackService, method: string, path: string, options: { body?: unknown; notFoundIsNull?: boolean } = {}): Promise<ServiceAnswer<T | null>> {
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.currentToken();
      const url = resolveUrl(token.urls[service], path);
      const response = await this.send(service, url, method, token.value, options.body);
      if (response.status === 401) {
        // Revoked or expired early (Keystone restarted with new keys): one fresh token, then give up.
        if (this.token === token) this.token = null;
        if (attempt === 0) continue;
        throw new OpenstackError(401, service, `${SERVICE_NAMES[service]} refused a fresh token from Keystone.`);
      }
      const body = await readJson(response);
      if (response.status === 404 && options.notFoundIsNull) return { status: 404, body: null };
      if (!response.ok) {
        throw new OpenstackError(response.status, service, `${SERVICE_NAMES[service]} answered ${response.status}: ${errorMessage(body)}`);
      }
      return { status: response.status, body: body as T };
    }
  }

  private async currentToken(): Promise<Token> {
    if (this.token && this.token.expiresAt - RENEW_MARGIN_MS > this.now()) return this.token;
    // Calls made while a token is being fetched wait for that one instead of asking Keystone again.
    this.authenticating ??= this.issueToken().finally(() => {
      this.authenticating = null;
    });
    this.token = await this.authenticating;
    return this.token;
  }

  private async issueToken(): Promise<Token> {
    const base = this.settings.authUrl.replace(/\/+$/, '');
    const url = `${/\/v3$/.test(base) ? base : `${base}/v3`}/auth/tokens`;
    const body = {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: this.settings.username, domain: { name: this.settings.userDomain }, password: this.password } },
        },
        scope: { project: { name: this.settings.projectName, domain: { name: this.settings.projectDomain } } },
      },
    };
    const response = await this.send('identity', url, 'POST', null, body);
    const answer = await readJson(response);
    if (response.status === 401) {
      throw new OpenstackError(401, 'identity', 'Keystone refused the username, password, domain or project of the endpoint.');
    }
    if (!response.ok) throw new OpenstackError(response.status, 'identity', `Keystone answered ${response.status}: ${errorMessage(answer)}`);
    const value = response.headers.get('x-subject-token');
    const token = (answer as { token?: { expires_at?: string; catalog?: CatalogEntry[] } } | null)?.token;
    const expiresAt = Date.parse(token?.expires_at ?? '');
    if (!value || !token || Number.isNaN(expiresAt)) throw new OpenstackError(502, 'identity', 'Keystone answered without a token.');
    return { value, expiresAt, urls: this.serviceUrls(token.catalog ?? []) };
  }

  private serviceUrls(catalog: CatalogEntry[]): Record<OpenstackService, string> {
    const urls = {} as Record<OpenstackService, string>;
    const missing: string[] = [];
    for (const service of Object.keys(CATALOG_TYPES) as OpenstackService[]) {
      const endpoint = CATALOG_TYPES[service]
        .flatMap((type) => catalog.filter((entry) => entry.type === type))
        .flatMap((entry) => entry.endpoints ?? [])
        .find((candidate) => candidate.interface === this.settings.interface
          && (!this.settings.region || candidate.region_id === this.settings.region || candidate.region === this.settings.region));
      if (!endpoint?.url) {
        missing.push(CATALOG_TYPES[service][0]);
        continue;
      }
      const url = endpoint.url.replace(/\/+$/, '');
      // Neutron's catalog URL is unversioned; Nova's and Cinder's carry their version (and Cinder its project).
      urls[service] = service === 'network' && !/\/v2\.0$/.test(url) ? `${url}/v2.0` : url;
    }
    if (missing.length > 0) {
      const where = this.settings.region ? ` in region ${this.settings.region}` : '';
      throw new OpenstackError(502, 'identity', `The service catalog has no ${this.settings.interface} ${missing.join(', ')} endpoint${where}.`);
    }
    return urls;
  }

  private async send(service: OpenstackService | 'identity', url: string, method: string, token: string | null, body: unknown): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers['x-auth-token'] = token;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'error',
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (error) {
      const cause = error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${this.settings.timeoutMs} ms`
        : errorCause(error);
      throw new OpenstackError(503, service, `${SERVICE_NAMES[service]} at ${new URL(url).origin} could not be reached: ${cause}.`);
    }
  }
}

interface CatalogEntry {
  type?: string;
  endpoints?: Array<{ interface?: string; region?: string; region_id?: string; url?: string }>;
}

function resolveUrl(serviceUrl: string, path: string): string {
  if (!/^https?:\/\//.test(path)) return `${serviceUrl}${path}`;
  // The token goes only to the service's own origin, whatever a paging link says.
  if (new URL(path).origin !== new URL(serviceUrl).origin) {
    throw new OpenstackError(502, 'identity', 'A paging link pointed away from the service.');
  }
  return path;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.slice(0, 200);
  }
}

/** OpenStack wraps errors as {"itemNotFound": {message}}, {"NeutronError": {message}} or {"error": {message}}. */
function errorMessage(body: unknown): string {
  if (typeof body === 'string') return body || 'no details';
  if (body && typeof body === 'object') {
    for (const value of Object.values(body)) {
      const message = (value as { message?: unknown } | null)?.message;
      if (typeof message === 'string' && message) return message;
    }
  }
  return 'no details';
}

function errorCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
