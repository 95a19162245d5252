import { describe, expect, it } from 'vitest';
import { keepsPayload, payloadKeyOwner, payloadNamesCustomer } from './kept-payloads.ts';

const who = {
  customerId: 'buyer-77',
  names: ['Ada  Lovelace'],
  emails: ['Ada@Example.org'],
  phones: ['+44 20 7946 0018'],
};

describe('kept payloads', () => {
  it('tells the streams that keep a raw payload', () => {
    expect(['intake-tmall-1', 'carrier-parked-sf-h2', 'order-1', 'carrier-x', 'intakes-1'].map(keepsPayload)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(payloadKeyOwner('intake-tmall-1')).toBe('#payload:intake-tmall-1');
  });

  it('finds the customer by id, name, e-mail or phone at any depth, case, spacing and punctuation aside', () => {
    expect(payloadNamesCustomer({ order: { buyer_id: 'buyer-77' } }, who)).toBe(true);
    expect(payloadNamesCustomer({ receiver: [{ n: 'ada lovelace ' }] }, who)).toBe(true);
    expect(payloadNamesCustomer({ contact: 'ADA@example.ORG' }, who)).toBe(true);
    expect(payloadNamesCustomer({ tel: '0044-20-7946-0018'.replace('0044', '44') }, who)).toBe(true);
    expect(payloadNamesCustomer({ tel: 442079460018 }, who)).toBe(true);
    expect(payloadNamesCustomer({ id: 77 }, { ...who, customerId: '77' })).toBe(true);
  });

  it('does not match a part of a value, another person or a short number', () => {
    expect(payloadNamesCustomer({ note: 'ship to Ada Lovelace please' }, who)).toBe(false);
    expect(payloadNamesCustomer({ name: 'Ada Byron', tel: '+44 20 7946 0019' }, who)).toBe(false);
    expect(payloadNamesCustomer({ qty: 18 }, { ...who, phones: ['18'] })).toBe(false);
    expect(payloadNamesCustomer({ empty: '' }, { ...who, names: [''] })).toBe(false);
    expect(payloadNamesCustomer(null, who)).toBe(false);
  });
});
