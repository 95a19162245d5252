import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PersonalDataVault } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { personalDataVaultConformance } from './personal-data-vault.conformance.ts';
import { SqlitePersonalDataVault } from './sqlite-personal-data-vault.ts';

personalDataVaultConformance('SQLite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ordinal-vault-'));
  const file = join(dir, 'keys.db');
  let vault: PersonalDataVault = SqlitePersonalDataVault.open({ file });
  return {
    get vault() {
      return vault;
    },
    async reopen() {
      await vault.close();
      vault = SqlitePersonalDataVault.open({ file });
      return vault;
    },
    async cleanup() {
      await vault.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('SqlitePersonalDataVault', () => {
  it('leaves no byte of a destroyed key in its files, the write-ahead log included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ordinal-vault-'));
    try {
      const vault = SqlitePersonalDataVault.open({ file: join(dir, 'keys.db') });
      const erased = await vault.keyFor('c-erased');
      const kept = await vault.keyFor('c-kept');
      const contents = async () => {
        const files = await readdir(dir);
        return Buffer.concat(await Promise.all(files.map((name) => readFile(join(dir, name)))));
      };
      expect((await contents()).includes(Buffer.from(erased.key))).toBe(true);
      await vault.destroy('c-erased');
      const after = await contents();
      expect(after.includes(Buffer.from(erased.key))).toBe(false);
      expect(after.includes(Buffer.from(erased.keyId))).toBe(false);
      expect(after.includes(Buffer.from(kept.key))).toBe(true);
      await vault.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
