import type { SnapshotStore, StoredSnapshot } from '../host/snapshot-store.ts';
import { isSealed, type PersonalDataCipher } from './personal-data.cipher.ts';

/**
 * The snapshot cache with each order's folded state (which holds its customer's personal data)
 * sealed under that customer's key. Once the key is destroyed the snapshot reads as none, and
 * the host folds the stream again, where the personal data reads as erased.
 */
export class EncryptingSnapshotStore implements SnapshotStore {
  readonly #inner: SnapshotStore;
  readonly #cipher: PersonalDataCipher;
  readonly #ownerOf: (streamId: string) => Promise<string | undefined>;

  /** `ownerOf`: the customer of a stream (the encrypting event store's `ownerOf`). */
  constructor(
    inner: SnapshotStore,
    cipher: PersonalDataCipher,
    ownerOf: (streamId: string) => Promise<string | undefined>,
  ) {
    this.#inner = inner;
    this.#cipher = cipher;
    this.#ownerOf = ownerOf;
  }

  async get(streamId: string): Promise<StoredSnapshot | undefined> {
    const stored = await this.#inner.get(streamId);
    if (stored === undefined || !isSealed(stored.state)) return stored;
    const state = await this.#cipher.open(stored.state);
    // The customer was erased: the cached state is gone with their key.
    if (state === undefined) return undefined;
    return { ...stored, state };
  }

  async put(streamId: string, snapshot: StoredSnapshot): Promise<void> {
    const owner = await this.#ownerOf(streamId);
    const state = owner === undefined ? snapshot.state : await this.#cipher.seal(owner, snapshot.state);
    await this.#inner.put(streamId, { ...snapshot, state });
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
