import { ConcurrencyConflictError, HostClosedError, HostOverloadedError, MailboxFullError } from '@ordinal/actors';
import { ORDER_REJECTION_CODES, type OrderRejectionCode, reject, StoreOverloadedError } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { ApiError, rejectionError, retryLater, statusForCode, toApiError } from './errors.ts';

describe('statusForCode', () => {
  it('answers every order rejection by its kind: 404 not found, 409 state, 422 invalid, 403 forbidden', () => {
    const expected = { 'not-found': 404, state: 409, invalid: 422, forbidden: 403 } as const;
    for (const [code, kind] of Object.entries(ORDER_REJECTION_CODES)) {
      expect([code, statusForCode(code)]).toEqual([code, expected[kind]]);
    }
    expect(statusForCode('order.not-cancellable')).toBe(409);
    expect(statusForCode('order.invalid-quantity')).toBe(422);
    expect(statusForCode('payment.refund-exceeds-captured')).toBe(422);
    expect(statusForCode('order.not-your-order')).toBe(403);
  });

  it('answers host and request codes from the table, anything unknown as 422', () => {
    expect(statusForCode('command.idempotency-conflict')).toBe(422);
    expect(statusForCode('host.concurrency-conflict')).toBe(409);
    expect(statusForCode('host.mailbox-full')).toBe(429);
    expect(statusForCode('host.overloaded')).toBe(429);
    expect(statusForCode('store.overloaded')).toBe(429);
    expect(statusForCode('request.rate-limited')).toBe(429);
    expect(statusForCode('request.body-too-large')).toBe(413);
    expect(statusForCode('request.unsupported-media-type')).toBe(415);
    expect(statusForCode('something.new')).toBe(422);
  });
});

describe('rejectionError', () => {
  it('keeps the code, message and details of the rejection', () => {
    const code: OrderRejectionCode = 'order.not-cancellable';
    const error = rejectionError(reject(code, 'shipped', { state: 'x', allowedCommands: ['AddNote'] }));
    expect(error.status).toBe(409);
    expect(error.body()).toEqual({
      error: code,
      message: 'shipped',
      details: { state: 'x', allowedCommands: ['AddNote'] },
    });
  });
});

describe('toApiError', () => {
  it('turns a full mailbox into 429 with Retry-After', () => {
    const error = toApiError(new MailboxFullError('o-1', 10));
    expect([error.status, error.code, error.headers['retry-after']]).toEqual([429, 'host.mailbox-full', '1']);
    expect(error.details).toEqual({ retryAfterMs: 1000 });
    expect(toApiError(new MailboxFullError('o-1', 10, 4000)).headers['retry-after']).toBe('4');
  });

  it('turns an overloaded host or store into 429 with the wait they estimated', () => {
    const host = toApiError(new HostOverloadedError(8, 8, 3000));
    expect([host.status, host.code, host.headers['retry-after'], host.details]).toEqual([
      429,
      'host.overloaded',
      '3',
      { retryAfterMs: 3000 },
    ]);
    const store = toApiError(new StoreOverloadedError(10, 10, 1000));
    expect([store.status, store.code, store.headers['retry-after'], store.details]).toEqual([
      429,
      'store.overloaded',
      '1',
      { retryAfterMs: 1000 },
    ]);
  });

  it('tells a client to wait whole seconds, at least one, and says the same in the body', () => {
    const cases: [unknown, string, number][] = [
      [0, '1', 1000],
      [1, '1', 1000],
      [1001, '2', 2000],
      [12_000, '12', 12_000],
      ['soon', '1', 1000],
      [Number.NaN, '1', 1000],
    ];
    for (const [given, header, ms] of cases) {
      const error = retryLater('host.overloaded', 'busy', given, { limit: 5 });
      expect([given, error.headers['retry-after'], error.details]).toEqual([
        given,
        header,
        { limit: 5, retryAfterMs: ms },
      ]);
    }
  });

  it('turns a concurrency conflict into 409 with the status per region and the allowed commands', () => {
    const status = { main: 'fulfilment.shipped', payment: 'captured', returns: 'none' };
    const described = {
      state: status,
      value: { main: { fulfilment: 'shipped' }, payment: 'captured', returns: 'none' },
      allowedCommands: ['RecordShipmentInTransit'],
    };
    const error = toApiError(new ConcurrencyConflictError('order-o-1', 4, described, 3));
    expect([error.status, error.code]).toEqual([409, 'host.concurrency-conflict']);
    expect(error.details).toEqual({
      streamId: 'order-o-1',
      revision: 4,
      state: status,
      allowedCommands: ['RecordShipmentInTransit'],
    });
  });

  it('answers 503 while the host shuts down', () => {
    expect(toApiError(new HostClosedError()).status).toBe(503);
  });

  it('treats an event id already stored elsewhere as a reused Idempotency-Key', () => {
    const error = toApiError(Object.assign(new Error('dup'), { code: 'store.duplicate-event-id' }));
    expect([error.status, error.code]).toEqual([422, 'command.idempotency-conflict']);
  });

  it('keeps client errors 4xx and hides everything else behind a 500', () => {
    expect(toApiError(Object.assign(new Error('bad'), { statusCode: 400 })).status).toBe(400);
    const internal = toApiError(new Error('database is locked at /secret/path'));
    expect(internal.status).toBe(500);
    expect(internal.message).not.toContain('secret');
    expect(toApiError('a string').status).toBe(500);
    const mine = new ApiError(404, 'order.not-found', 'gone');
    expect(toApiError(mine)).toBe(mine);
  });
});
