import { randomUUID } from 'node:crypto';
import type { PersonalDataVault } from '@ordinal/domain';
import { describe } from 'vitest';
import { MongoPersonalDataVault } from './mongo-personal-data-vault.ts';
import { personalDataVaultConformance } from './personal-data-vault.conformance.ts';

const url = process.env.ORDINAL_MONGO_URL;

describe.skipIf(!url)('MongoPersonalDataVault (ORDINAL_MONGO_URL)', () => {
  personalDataVaultConformance('MongoDB', async () => {
    // A collection per test, dropped afterwards, so runs on a shared server stay apart.
    const collection = `customerKeys_${randomUUID().replaceAll('-', '')}`;
    const open = () => MongoPersonalDataVault.connect({ url: url as string, collection });
    let vault: PersonalDataVault = await open();
    return {
      get vault() {
        return vault;
      },
      async reopen() {
        await vault.close();
        vault = await open();
        return vault;
      },
      async cleanup() {
        await vault.close();
        const { MongoClient } = await import('mongodb');
        const client = new MongoClient(url as string);
        await client
          .db('ordinal')
          .collection(collection)
          .drop()
          .catch(() => {});
        await client.close();
      },
    };
  });
});
