import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type CustomerKey, erasedValue, mapPersonalFields, type PersonalDataVault } from '@ordinal/domain';

/**
 * A personal value as stored: `pii:1:<kind>:<keyId>:<base64 of iv, tag and ciphertext>`, the
 * plaintext being the value's JSON. `kind` (s: text, a: list, o: anything else) says what the
 * value reads as once its key is destroyed.
 */
const PREFIX = 'pii:1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed value whose ciphertext does not match its key (a changed byte, a wrong key). */
export class PersonalDataUnreadableError extends Error {
  override readonly name = 'PersonalDataUnreadableError';
  readonly code = 'privacy.unreadable';
  constructor(
    readonly keyId: string,
    why: string,
  ) {
    super(`personal data sealed with key ${keyId} cannot be read: ${why}`);
  }
}

/** Whether a stored value is a sealed personal value. */
export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/** The personal values of the event data not sealed yet. */
export function plainPersonalValues(eventType: string, data: unknown): unknown[] {
  const plain: unknown[] = [];
  mapPersonalFields(eventType, data, (value) => {
    if (!isSealed(value)) plain.push(value);
    return value;
  });
  return plain;
}

const kindOf = (value: unknown) => (typeof value === 'string' ? 's' : Array.isArray(value) ? 'a' : 'o');
const sampleOf = { s: '', a: [], o: {} } as const;

/** Options of a cipher. */
export interface PersonalDataCipherOptions {
  /**
   * How long a key found in the vault is kept in memory (default 5 s), so a destruction made by
   * another process is honoured that soon; one made through this cipher is at once.
   */
  readonly keyCacheMs?: number;
  readonly now?: () => number;
}

/**
 * Seals and opens personal values with AES-256-GCM under their customer's key from the vault.
 * A value whose key was destroyed opens as the erased marker (`ERASED_MARKER`, an empty list,
 * or nothing).
 */
export class PersonalDataCipher {
  readonly #vault: PersonalDataVault;
  readonly #cacheMs: number;
  readonly #now: () => number;
  readonly #byKeyId = new Map<string, { key: CustomerKey | undefined; at: number }>();
  readonly #byCustomer = new Map<string, { key: CustomerKey; at: number }>();

  constructor(vault: PersonalDataVault, options: PersonalDataCipherOptions = {}) {
    this.#vault = vault;
    this.#cacheMs = options.keyCacheMs ?? 5_000;
    this.#now = options.now ?? Date.now;
  }

  /** The value sealed under the customer's key (made on first use). */
  async seal(customerId: string, value: unknown): Promise<string> {
    const key = await this.#keyFor(customerId);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key.key, iv);
    cipher.setAAD(Buffer.from(key.keyId));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    return `${PREFIX}${kindOf(value)}:${key.keyId}:${sealed}`;
  }

  /** The value a sealed one holds; the erased form when its key is gone; anything else as it is. */
  async open(value: unknown): Promise<unknown> {
    if (!isSealed(value)) return value;
    const [, , kind, keyId = '', sealed = ''] = value.split(':');
    const key = await this.#key(keyId);
    if (key === undefined) return erasedValue(sampleOf[kind as keyof typeof sampleOf] ?? {});
    const bytes = Buffer.from(sealed, 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(keyId));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      return JSON.parse(text.toString('utf8'));
    } catch (error) {
      throw new PersonalDataUnreadableError(keyId, (error as Error).message);
    }
  }

  /** The event data with its personal fields sealed under the customer's key. */
  async sealFields<T>(eventType: string, data: T, customerId: string): Promise<T> {
    const plain = plainPersonalValues(eventType, data);
    if (plain.length === 0) return data;
    const sealed = await Promise.all(plain.map((value) => this.seal(customerId, value)));
    let next = 0;
    return mapPersonalFields(eventType, data, (value) => (isSealed(value) ? value : sealed[next++]));
  }

  /** The event data with its personal fields opened (or erased). */
  async openFields<T>(eventType: string, data: T): Promise<T> {
    const sealed: string[] = [];
    mapPersonalFields(eventType, data, (value) => {
      if (isSealed(value)) sealed.push(value);
      return value;
    });
    if (sealed.length === 0) return data;
    const opened = await Promise.all(sealed.map((value) => this.open(value)));
    let next = 0;
    return mapPersonalFields(eventType, data, (value) => (isSealed(value) ? opened[next++] : value));
  }

  /** Destroys the customer's keys in the vault and forgets them here; resolves with how many. */
  async destroy(customerId: string): Promise<number> {
    this.#byCustomer.delete(customerId);
    for (const [keyId, entry] of this.#byKeyId) {
      if (entry.key?.customerId === customerId) this.#byKeyId.delete(keyId);
    }
    return this.#vault.destroy(customerId);
  }

  async #keyFor(customerId: string): Promise<CustomerKey> {
    const cached = this.#byCustomer.get(customerId);
    if (cached !== undefined && this.#now() - cached.at < this.#cacheMs) return cached.key;
    const key = await this.#vault.keyFor(customerId);
    remember(this.#byCustomer, customerId, { key, at: this.#now() });
    return key;
  }

  async #key(keyId: string): Promise<CustomerKey | undefined> {
    const cached = this.#byKeyId.get(keyId);
    if (cached !== undefined && this.#now() - cached.at < this.#cacheMs) return cached.key;
    const key = await this.#vault.key(keyId);
    remember(this.#byKeyId, keyId, { key, at: this.#now() });
    return key;
  }
}

const MAX_CACHED_KEYS = 10_000;

/** Keeps an entry, dropping the oldest once the cache is full. */
function remember<V>(cache: Map<string, V>, id: string, value: V): void {
  cache.delete(id);
  cache.set(id, value);
  if (cache.size > MAX_CACHED_KEYS) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
}
