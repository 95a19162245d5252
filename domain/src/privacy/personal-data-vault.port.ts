/** One customer's data key: 32 random bytes for AES-256-GCM, named by a key id the ciphertext carries. */
export interface CustomerKey {
  readonly keyId: string;
  readonly customerId: string;
  readonly key: Uint8Array;
  /** When the key was made (ISO 8601, UTC). */
  readonly createdAt: string;
}

/**
 * Where the customers' data keys are kept, apart from the log: destroying a key makes every
 * value written with it unreadable for good (crypto-shredding), while the log stays as it was.
 */
export interface PersonalDataVault {
  /** The customer's current key, made (and stored durably) on first use. */
  keyFor(customerId: string): Promise<CustomerKey>;
  /** A key by its id; undefined when it never existed or was destroyed. */
  key(keyId: string): Promise<CustomerKey | undefined>;
  /**
   * Destroys every key of the customer, leaving no copy in the store's files; resolves with how
   * many were destroyed. Data they encrypted reads as erased from then on; a later `keyFor`
   * makes a new key.
   */
  destroy(customerId: string): Promise<number>;
  close(): Promise<void>;
}
