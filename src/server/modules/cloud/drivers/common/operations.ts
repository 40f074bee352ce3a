/** The shape every database driver gives its calls: finished at once, failures sorted into "retry" and "give up". */
import type { OperationState } from '../driver.js';
import { driverError, RequestProblem } from './errors.js';

/**
 * Runs one driver call. A RequestProblem (bad parameters, a name taken, something not ours) becomes a failed
 * operation with its message; anything else (server unreachable, refused) is thrown as a DriverError with every
 * secret removed, and the caller (the provisioning worker) decides whether to try again. `secrets` may grow
 * while the work runs (a password generated inside it).
 */
export async function settle(
  ref: string,
  doing: string,
  secrets: string[],
  work: () => Promise<OperationState>,
): Promise<OperationState> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RequestProblem) return { state: 'failed', ref, error: error.message };
    throw driverError(doing, error, secrets);
  }
}

/** Runs a read (test, list, measure, poll) and rethrows its failure without secrets. */
export async function guarded<T>(doing: string, secrets: string[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw driverError(doing, error, secrets);
  }
}

export function expectKind(driver: string, expected: string, kind: string): void {
  if (kind !== expected) {
    throw new RequestProblem(`The ${driver} endpoint provisions ${expected} only, not ${kind}.`);
  }
}
