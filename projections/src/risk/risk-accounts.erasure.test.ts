import { ERASED_MARKER, type OrderEventDraft } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { customerErased } from '../testing/customer-events.ts';
import { OrderEventRecorder, orderDraft, orderPlaced } from '../testing/order-events.ts';
import { projectionSpec } from '../testing/projection-spec.ts';
import { RISK_ORDERS_COLLECTION, type RiskAccountDocument } from './risk.view.ts';
import { readRiskAccount } from './risk-account.read.ts';
import { riskAccountsProjection } from './risk-accounts.projection.ts';

const accounts = projectionSpec(riskAccountsProjection, {
  collection: RISK_ORDERS_COLLECTION,
  idOf: () => 'c-1',
  read: readRiskAccount,
});
const orders = projectionSpec(riskAccountsProjection, { collection: RISK_ORDERS_COLLECTION, idOf: () => 'o3' });

function placed(orderId: string, street: string, customerId = 'c-1'): OrderEventDraft {
  const base = orderPlaced(orderId, customerId, '2026-03-02T08:00:00.000Z');
  const data = base.data as unknown as { shippingAddress: Record<string, unknown> };
  return { ...base, data: { ...data, shippingAddress: { ...data.shippingAddress, line1: street } } } as OrderEventDraft;
}

describe('riskAccounts on CustomerErased', () => {
  const r = new OrderEventRecorder('2026-03-02T09:00:00.000Z');
  const held = orderDraft('OrderHeld', {
    reason: 'risk: 2 delivery addresses within 24 h',
    facts: {
      source: 'risk',
      facts: { addresses: ['FR|69001|1 quillway', 'FR|69001|2 quillway'] },
      orders: ['o1', 'o3'],
    },
  });
  const mine = [
    r.record('o1', placed('o1', '1 Quillway')),
    r.record('o2', placed('o2', '1 Quillway')),
    ...r.stream('o3', [placed('o3', '2 Quillway'), held]),
  ];
  const theirs = r.record('o9', placed('o9', '9 Other Road', 'c-2'));

  it('replaces each address fingerprint by a numbered marker, keeping the distinct count, in orders and holds', async () => {
    const before = await accounts
      .given([...mine, theirs])
      .when()
      .then({});
    const result = await accounts
      .given([...mine, theirs])
      .when(customerErased('c-1'))
      .then({});
    expect(result.outcomes).toEqual(['applied']);
    const account = result.doc as RiskAccountDocument;
    expect(account.velocity.addresses).toEqual([`${ERASED_MARKER} 1`, `${ERASED_MARKER} 2`]);
    expect(account.velocity.distinctAddresses).toBe((before.doc as RiskAccountDocument).velocity.distinctAddresses);
    expect([...result.stored.values()].join()).not.toContain('quillway');
    const order = await orders
      .given([...mine, theirs])
      .when(customerErased('c-1'))
      .then({ address: `${ERASED_MARKER} 2` });
    expect(JSON.stringify(order.doc)).not.toContain('quillway');
    const other = await accounts
      .given([theirs])
      .when(customerErased('c-1'))
      .then(() => {});
    expect(other.outcomes).toEqual(['duplicate']);
  });

  it('applied twice changes nothing more', async () => {
    const erasure = customerErased('c-1');
    const once = await accounts.given(mine).when(erasure).then({});
    const twice = await accounts.given(mine).when(erasure, erasure).then({});
    expect(twice.outcomes).toEqual(['applied', 'duplicate']);
    expect(twice.stored).toEqual(once.stored);
  });
});
