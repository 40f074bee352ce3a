import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from '../errors.js';

/**
 * RFC 9457 problem documents. Every error leaves the server in this one shape with a stable `code` and the
 * request id; validation errors list every failing field by JSON pointer. A 5xx never shows internals.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  requestId: string;
  errors?: Array<FieldError & { in?: string }>;
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Content', 423: 'Locked', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

export interface ProblemInput {
  status: number;
  code: string;
  title?: string;
  detail?: string;
  errors?: Array<FieldError & { in?: string }>;
  [extra: string]: unknown;
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: ProblemInput) {
  const body: Problem = {
    ...problem,
    type: `https://zhongshu.dev/problems/${problem.code}`,
    title: problem.title ?? TITLES[problem.status] ?? 'Error',
    requestId: String(request.id),
  };
  return reply.status(problem.status).type('application/problem+json; charset=utf-8').send(body);
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Turns Ajv's errors into field errors with JSON pointers into the part of the request that was wrong. */
export function fieldErrorsFromValidation(errors: AjvError[], context: string | undefined): Array<FieldError & { in?: string }> {
  const where = context === 'querystring' ? 'query' : context ?? 'body';
  return errors.map((error) => {
    let pointer = error.instancePath || '';
    if (error.keyword === 'required' && typeof error.params.missingProperty === 'string') {
      pointer += `/${error.params.missingProperty}`;
    } else if (error.keyword === 'additionalProperties' && typeof error.params.additionalProperty === 'string') {
      pointer += `/${error.params.additionalProperty}`;
    }
    return { in: where, pointer: pointer || '/', code: `validation.${error.keyword}`, message: error.message ?? 'is invalid' };
  });
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & { validation?: AjvError[]; validationContext?: string }, request, reply) => {
    if (error instanceof DomainError) {
      if (error.status >= 500) request.log.error({ err: error }, 'domain error with server status');
      return sendProblem(reply, request, {
        status: error.status,
        code: error.code,
        detail: error.message,
        ...(error.fieldErrors.length ? { errors: error.fieldErrors } : {}),
        ...error.extra,
      });
    }
    if (error.validation) {
      return sendProblem(reply, request, {
        status: 400,
        code: 'validation.failed',
        detail: 'The request has invalid fields.',
        errors: fieldErrorsFromValidation(error.validation, error.validationContext),
      });
    }
    const status = error.statusCode ?? 500;
    if (status === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE' || error.code === 'FST_PARTS_LIMIT' || error.code === 'FST_FILES_LIMIT') {
      return sendProblem(reply, request, { status: 413, code: 'payload.too_large', detail: 'The request body or file is too large.' });
    }
    if (status === 415) return sendProblem(reply, request, { status, code: 'payload.unsupported_media_type', detail: error.message });
    if (status >= 400 && status < 500) {
      const code = error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'payload.invalid_json' : 'request.invalid';
      return sendProblem(reply, request, { status, code, detail: error.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, request, { status: 500, code: 'internal', detail: 'An unexpected error occurred. Quote the request id when reporting it.' });
  });
}
