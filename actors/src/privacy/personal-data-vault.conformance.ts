import { randomUUID } from 'node:crypto';
import type { PersonalDataVault } from '@ordinal/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** One vault for one test, and how to open it again on the same storage and to clean up. */
export interface VaultConformanceContext {
  readonly vault: PersonalDataVault;
  /** Closes the vault and opens another on the same storage. */
  reopen(): Promise<PersonalDataVault>;
  cleanup(): Promise<void>;
}

/**
 * Declares the PersonalDataVault port's conformance suite for one adapter. It uses fresh
 * customer ids in every test, so it also runs on a shared server.
 */
export function personalDataVaultConformance(name: string, factory: () => Promise<VaultConformanceContext>): void {
  describe(`PersonalDataVault conformance: ${name}`, () => {
    let context: VaultConformanceContext | undefined;
    const current = (): VaultConformanceContext => {
      if (context === undefined) throw new Error('no vault: the factory failed');
      return context;
    };
    const customer = () => `conformance-${randomUUID()}`;
    beforeEach(async () => {
      context = await factory();
    });
    afterEach(async () => {
      await context?.cleanup();
      context = undefined;
    });

    it('makes one 32-byte key per customer on first use and hands the same one back after', async () => {
      const { vault } = current();
      const [a, b] = [customer(), customer()];
      const first = await vault.keyFor(a);
      expect(first.key).toHaveLength(32);
      expect(first.customerId).toBe(a);
      expect(await vault.keyFor(a)).toEqual(first);
      const other = await vault.keyFor(b);
      expect(other.keyId).not.toBe(first.keyId);
      expect(Buffer.from(other.key).equals(Buffer.from(first.key))).toBe(false);
      expect(await vault.key(first.keyId)).toEqual(first);
      expect(await vault.key(randomUUID())).toBeUndefined();
    });

    it('answers concurrent first uses with one key', async () => {
      const { vault } = current();
      const id = customer();
      const keys = await Promise.all([vault.keyFor(id), vault.keyFor(id), vault.keyFor(id)]);
      expect(new Set(keys.map((key) => key.keyId)).size).toBe(1);
    });

    it('keeps keys across a reopen', async () => {
      const id = customer();
      const key = await current().vault.keyFor(id);
      const reopened = await current().reopen();
      expect(await reopened.key(key.keyId)).toEqual(key);
      expect(await reopened.keyFor(id)).toEqual(key);
    });

    it('destroys every key of a customer for good, and only theirs; a later use makes a new key', async () => {
      const { vault } = current();
      const [erased, kept] = [customer(), customer()];
      const old = await vault.keyFor(erased);
      const other = await vault.keyFor(kept);
      expect(await vault.destroy(erased)).toBe(1);
      expect(await vault.key(old.keyId)).toBeUndefined();
      expect(await vault.key(other.keyId)).toEqual(other);
      expect(await vault.destroy(erased)).toBe(0);
      const fresh = await vault.keyFor(erased);
      expect(fresh.keyId).not.toBe(old.keyId);
      const reopened = await current().reopen();
      expect(await reopened.key(old.keyId)).toBeUndefined();
    });
  });
}
