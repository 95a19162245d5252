import { describe, expect, it } from 'vitest';
import { OrderEventRecorder, orderPlaced } from '../testing/order-events.ts';
import { recordedEvent } from '../testing/recorded-event.ts';
import { invalidEventReason, isValidEvent } from './event-validation.ts';

const valid = new OrderEventRecorder().record('o-1', orderPlaced('o-1'));
const metadata = valid.metadata;

describe('invalidEventReason', () => {
  it('accepts a well-formed order event', () => {
    expect(invalidEventReason(valid)).toBeUndefined();
    expect(isValidEvent(valid)).toBe(true);
  });

  it.each([
    { event: 'not an object', problem: 'the message is not an object' },
    { event: { ...valid, eventId: '' }, problem: 'eventId is missing' },
    { event: { ...valid, streamId: 'order-' }, problem: 'streamId is not <category>-<id>' },
    { event: { ...valid, streamId: 'basket-1' }, problem: 'stream category basket is unknown' },
    { event: { ...valid, type: 'OrderTeleported' }, problem: 'type OrderTeleported is not a order event' },
    { event: { ...valid, revision: 0 }, problem: 'revision is not an integer >= 1' },
    { event: { ...valid, revision: 1.5 }, problem: 'revision is not an integer >= 1' },
    { event: { ...valid, position: '7' }, problem: 'position is not an integer >= 1' },
    { event: { ...valid, recordedAt: 'yesterday' }, problem: 'recordedAt is not an ISO instant' },
    { event: { ...valid, data: null }, problem: 'data is not an object' },
    { event: { ...valid, data: [] }, problem: 'data is not an object' },
    { event: { ...valid, metadata: undefined }, problem: 'metadata is not an object' },
    {
      event: { ...valid, metadata: { ...metadata, occurredAt: 'soon' } },
      problem: 'metadata.occurredAt is not an ISO instant',
    },
    {
      event: { ...valid, metadata: { ...metadata, schemaVersion: 0 } },
      problem: 'metadata.schemaVersion is not an integer >= 1',
    },
    { event: { ...valid, metadata: { ...metadata, correlationId: '' } }, problem: 'metadata.correlationId is missing' },
    { event: { ...valid, metadata: { ...metadata, causationId: 3 } }, problem: 'metadata.causationId is missing' },
    { event: { ...valid, metadata: { ...metadata, actor: { kind: 'alien' } } }, problem: 'metadata.actor is invalid' },
  ])('rejects an event when $problem', ({ event, problem }) => {
    expect(invalidEventReason(event)).toBe(`projection.invalid-event: ${problem}`);
  });

  it('knows the categories it is told about', () => {
    const basket = recordedEvent({ streamId: 'basket-1', type: 'ItemAdded' });
    expect(invalidEventReason(basket, { basket: ['ItemAdded'] })).toBeUndefined();
    expect(isValidEvent(basket)).toBe(false);
  });
});
