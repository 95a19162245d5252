import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../testing/decider-spec.ts';
import { customerDecider } from './customer.decider.ts';
import type { CustomerEvent } from './customer.events.ts';

const privacy = { kind: 'user', id: 'dpo', role: 'admin' } as const;
const now = '2026-12-04T12:00:00.000Z';
const facts = () => ({ now, metadata: { commandId: 'c', correlationId: 'c', actor: privacy } });
const metadata = { schemaVersion: 1, occurredAt: now, correlationId: 'c', causationId: 'c', actor: privacy };
const spec = deciderSpec(customerDecider, facts, (d, i) => ({ ...d, eventId: `e${i}`, metadata }) as CustomerEvent);
const consent = { customerId: 'c-1', purpose: 'marketing', channel: 'email', source: 'checkout' };
const given = { eventId: 'g', type: 'ConsentGiven' as const, data: { ...consent, at: now }, metadata };

describe('customer decider', () => {
  it('records an erasure with who asked, why and when, and drops the consents with it', () => {
    const state = spec
      .given([given])
      .when({ type: 'EraseCustomer', customerId: 'c-1', reason: ' GDPR art. 17, ticket 4711 ' })
      .then([
        {
          type: 'CustomerErased',
          data: {
            customerId: 'c-1',
            reason: 'GDPR art. 17, ticket 4711',
            erasedBy: privacy,
            erasedAt: now,
            payloads: [],
          },
        },
      ]);
    expect(state.consents).toEqual({});
    expect(state.erasures).toEqual([{ erasedAt: now, reason: 'GDPR art. 17, ticket 4711' }]);
  });

  it('records the parked payloads found to name the customer, once each and in order', () => {
    const payloads = ['intake-tmall-42', 'carrier-parked-sf-h9', 'intake-tmall-42'];
    spec
      .given([])
      .when({ type: 'EraseCustomer', customerId: 'c-1', reason: 'request 7', payloads })
      .then([
        {
          type: 'CustomerErased',
          data: {
            customerId: 'c-1',
            reason: 'request 7',
            erasedBy: privacy,
            erasedAt: now,
            payloads: ['carrier-parked-sf-h9', 'intake-tmall-42'],
          },
        },
      ]);
    const refusal = spec
      .given([])
      .when({ type: 'EraseCustomer', customerId: 'c-1', reason: 'request 7', payloads: ['order-o-1'] })
      .thenRejects('customer.invalid-command');
    expect(refusal.details?.field).toBe('/payloads/0');
  });

  it('refuses an erasure without a reason, naming the field', () => {
    const refusal = spec
      .given([])
      .when({ type: 'EraseCustomer', customerId: 'c-1', reason: '  ' })
      .thenRejects('customer.invalid-command');
    expect(refusal.details?.field).toBe('/reason');
  });

  it('gives and withdraws consent per purpose and channel, each change once', () => {
    const state = spec
      .given([])
      .when({ type: 'GiveConsent', ...consent })
      .then([{ type: 'ConsentGiven', data: { ...consent, at: now } }]);
    expect(state.consents['marketing/email']?.granted).toBe(true);
    spec
      .given([given])
      .when({ type: 'GiveConsent', ...consent })
      .thenRejects('customer.consent-unchanged');
    spec
      .given([])
      .when({ type: 'WithdrawConsent', ...consent })
      .thenRejects('customer.consent-unchanged');
    const after = spec
      .given([given])
      .when({ type: 'WithdrawConsent', ...consent, source: 'unsubscribe-link' })
      .then([{ type: 'ConsentWithdrawn', data: { ...consent, source: 'unsubscribe-link', at: now } }]);
    expect(after.consents['marketing/email']).toMatchObject({ granted: false, source: 'unsubscribe-link' });
    spec
      .given([given])
      .when({ type: 'GiveConsent', ...consent, channel: 'sms' })
      .then([{ type: 'ConsentGiven', data: { ...consent, channel: 'sms', at: now } }]);
  });

  it('refuses a consent whose purpose or channel is not a plain token', () => {
    const refusal = spec
      .given([])
      .when({ type: 'GiveConsent', ...consent, purpose: 'Marketing!' })
      .thenRejects('customer.invalid-command');
    expect(refusal.details?.field).toBe('/purpose');
  });
});
