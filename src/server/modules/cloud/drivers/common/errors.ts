/**
 * What a driver lets out when a server call fails. Client libraries attach the statement or the command's
 * arguments to their errors (mysql2 `sql`, ioredis `command.args`), and a logger serialises every property, so
 * a driver never rethrows a library error: it throws a DriverError carrying only a message from which every
 * secret it knows has been removed, and the library's error code.
 */
export class DriverError extends Error {
  constructor(
    message: string,
    /** the server's or library's error code (SQLSTATE, ER_…, ECONNREFUSED …) when there is one */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'DriverError';
  }
}

const REDACTED = '[redacted]';

/** `text` with every occurrence of each secret (non-empty) replaced. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length > 0) result = result.split(secret).join(REDACTED);
  }
  return result;
}

/** A DriverError saying what was being done and why it failed, without any of the given secrets. */
export function driverError(doing: string, error: unknown, secrets: ReadonlyArray<string | undefined>): DriverError {
  if (error instanceof DriverError) return new DriverError(redact(error.message, secrets), error.code);
  const source = error as { message?: unknown; code?: unknown } | null | undefined;
  const reason = typeof source?.message === 'string' && source.message ? source.message : String(error);
  const code = typeof source?.code === 'string' || typeof source?.code === 'number' ? String(source.code) : undefined;
  return new DriverError(redact(`${doing}: ${reason}`.slice(0, 1000), secrets), code);
}

/**
 * A problem with the request itself (bad parameters, a name already taken): the operation fails for good with
 * this message, in words a department user understands, instead of being retried.
 */
export class RequestProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestProblem';
  }
}
