/** Stable codes for read store misuse (a bad query or document is a programming error). */
export type ReadStoreErrorCode =
  | 'read-store.invalid-field'
  | 'read-store.unsupported-filter'
  | 'read-store.invalid-document'
  | 'read-store.closed';

/** A query or write the read store cannot express, or a use after close. */
export class ReadStoreError extends Error {
  override readonly name = 'ReadStoreError';
  constructor(
    readonly code: ReadStoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}
