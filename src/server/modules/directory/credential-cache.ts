/**
 * Resolved bearer credentials, kept for a few seconds so a business system's calls do not each cost a
 * credential query (the exchange's query path is measured against a bare SELECT). Any change to a credential,
 * a business system or a department on this node clears it at once; another node's change is seen within the
 * TTL (CREDENTIAL_CACHE_MS).
 */
export const CREDENTIAL_CACHE_MS = 5_000;
const MAX_ENTRIES = 10_000;

export interface CachedCredential {
  credentialId: string;
  systemId: string;
  systemCode: string;
  departmentId: string;
}

export class CredentialCache {
  private readonly entries = new Map<string, { value: CachedCredential; expires: number }>();

  constructor(private readonly ttlMs = CREDENTIAL_CACHE_MS) {}

  get(tokenHash: string): CachedCredential | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.expires <= Date.now()) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry.value;
  }

  set(tokenHash: string, value: CachedCredential): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(tokenHash, { value, expires: Date.now() + this.ttlMs });
  }

  clear(): void {
    this.entries.clear();
  }
}
