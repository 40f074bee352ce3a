/**
 * The harvester's HTTP client: http(s) only, a timeout per request (connect to the last byte), a cap on the size
 * of an answer (read as a stream and cut off when it grows past the limit), and errors that say which URL failed.
 */
import { SourceFailure } from './model.js';

export interface FetchLimits {
  /** Per request, from sending to the last byte. */
  timeoutMs: number;
  /** Largest answer body read. */
  maxBytes: number;
}

export const DEFAULT_LIMITS: FetchLimits = { timeoutMs: 30_000, maxBytes: 50 * 1024 * 1024 };

export interface FetchedText {
  url: string;
  status: number;
  contentType: string;
  text: string;
}

const USER_AGENT = 'Zhongshu-Harvester/1.0 (+https://github.com/zhongshu)';

/** A short, printable form of a URL for messages (no credentials, at most 300 characters). */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().slice(0, 300);
  } catch {
    return url.slice(0, 300);
  }
}

/** GET a URL and read its body as UTF-8 text within the limits. Any failure is a SourceFailure. */
export async function fetchText(url: string, limits: FetchLimits, accept: string): Promise<FetchedText> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SourceFailure('opendata.harvest_bad_url', `Not a URL: ${displayUrl(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SourceFailure('opendata.harvest_bad_url', `Only http(s) URLs are harvested: ${displayUrl(url)}`);
  }
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let response: Response;
  try {
    response = await fetch(parsed, { headers: { accept, 'user-agent': USER_AGENT }, redirect: 'follow', signal });
  } catch (error) {
    throw failureOf(error, url, limits);
  }
  // A redirect may only lead to another http(s) URL (fetch itself refuses others; said here for clarity).
  const finalUrl = response.url || parsed.toString();
  if (!response.ok) {
    const body = await readBody(response, 4096, url, limits).catch(() => '');
    throw new SourceFailure('opendata.harvest_http_status', `${displayUrl(url)} answered HTTP ${response.status}${errorDetail(body)}.`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new SourceFailure('opendata.harvest_too_large', `${displayUrl(url)} is larger than ${limits.maxBytes} bytes.`);
  }
  const text = await readBody(response, limits.maxBytes, url, limits, true);
  return { url: finalUrl, status: response.status, contentType: (response.headers.get('content-type') ?? '').toLowerCase(), text };
}

/** Reads a body up to `max` bytes: beyond it, a failure (strict) or the first `max` bytes. */
async function readBody(response: Response, max: number, url: string, limits: FetchLimits, strict = false): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (size + value.byteLength > max) {
          await reader.cancel().catch(() => undefined);
          if (strict) throw new SourceFailure('opendata.harvest_too_large', `${displayUrl(url)} is larger than ${max} bytes.`);
          chunks.push(value.subarray(0, max - size));
          break;
        }
        size += value.byteLength;
        chunks.push(value);
      }
    }
  } catch (error) {
    if (error instanceof SourceFailure) throw error;
    throw failureOf(error, url, limits);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

/** The message of a CKAN error envelope (or the start of a text body) for a failed request. */
function errorDetail(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown; __type?: unknown } };
    const message = parsed?.error?.message;
    if (typeof message === 'string') return `: ${message.slice(0, 300)}`;
  } catch {
    /* not JSON */
  }
  const text = body.replace(/\s+/g, ' ').trim();
  return text && !text.startsWith('<') ? `: ${text.slice(0, 200)}` : '';
}

function failureOf(error: unknown, url: string, limits: FetchLimits): SourceFailure {
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new SourceFailure('opendata.harvest_timeout', `${displayUrl(url)} did not answer within ${Math.round(limits.timeoutMs / 1000)} s.`);
  }
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
  return new SourceFailure('opendata.harvest_unreachable', `${displayUrl(url)} could not be read: ${detail}`);
}

/** GET a URL and parse its body as JSON. */
export async function fetchJson(url: string, limits: FetchLimits): Promise<{ url: string; body: unknown }> {
  const answer = await fetchText(url, limits, 'application/json');
  try {
    return { url: answer.url, body: JSON.parse(answer.text) as unknown };
  } catch {
    throw new SourceFailure('opendata.harvest_bad_answer', `${displayUrl(url)} did not answer JSON.`);
  }
}
