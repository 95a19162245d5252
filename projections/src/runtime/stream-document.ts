import type { Document } from '@ordinal/domain';

/** A document fed by exactly one stream, holding the revision of the last event applied. */
export interface StreamDocument extends Document {
  readonly revision: number;
}
