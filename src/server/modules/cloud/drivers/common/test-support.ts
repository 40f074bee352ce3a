/** What the real drivers' tests share. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { ProvisioningDriver, ResourceTags } from '../driver.js';

/** The admin password every "refusing endpoint" test gives its drivers, and looks for in their errors. */
export const ADMIN_SECRET = 'AdminSecretPw0123456789xyz';

/**
 * Calls test(), create() on an endpoint nobody listens on and test(), list() on one that refuses the login: every
 * call must fail, and no message or serialised error may contain the admin password. Returns the messages
 * (message and JSON of each error, in that order) for the driver's own checks of their wording.
 */
export async function errorsWithoutSecret(closed: ProvisioningDriver, refusing: ProvisioningDriver, kind: string, tags: ResourceTags): Promise<string[]> {
  try {
    const messages: string[] = [];
    for (const call of [
      () => closed.test(),
      () => closed.create({ idempotencyKey: randomUUID(), kind, name: 'x', parameters: {}, tags }),
      () => refusing.test(),
      () => refusing.list(),
    ]) {
      const error = await call().then(() => null, (caught: unknown) => caught as Error);
      expect(error).toBeInstanceOf(Error);
      messages.push(error!.message, JSON.stringify(error));
    }
    expect(messages.join('\n')).not.toContain(ADMIN_SECRET);
    return messages;
  } finally {
    await closed.close();
    await refusing.close();
  }
}
