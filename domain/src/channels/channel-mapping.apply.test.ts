import { describe, expect, it } from 'vitest';
import { applyMapping } from './channel-mapping.apply.ts';
import { sampleMapping, samplePayload } from './channel-mapping.test-mapping.ts';
import type { MappingDocument } from './channel-mapping.types.ts';

describe('applyMapping', () => {
  it('maps paths, constants, first-of lists, concatenation, defaults and line rules to PlaceOrder', () => {
    const result = applyMapping(sampleMapping, samplePayload);
    expect(result).toEqual({
      ok: true,
      placedAt: '2025-11-10T16:00:00.000Z',
      command: {
        customer: { customerId: '小鱼' },
        channel: { salesChannel: 'sample', attributedChannel: 'douyin', externalOrderId: '1001' },
        currency: 'CNY',
        shippingAddress: {
          name: '陈静怡',
          line1: '西湖区 文三路 478 号',
          city: '杭州市',
          postalCode: '000000',
          country: 'CN',
        },
        shippingFee: { amount: 800, currency: 'CNY' },
        lines: [
          { sku: 'TEA-1', name: '龙井', quantity: 2, unitPrice: { amount: 9950, currency: 'CNY' } },
          { sku: 'FALLBACK', name: '杯', quantity: 1, unitPrice: { amount: 1200, currency: 'CNY' } },
        ],
      },
    });
  });

  it('credits the sales channel when the payload says nothing of where the customer came from', () => {
    const { source: _, ...payload } = samplePayload;
    const result = applyMapping(sampleMapping, payload);
    expect(result.ok && result.command.channel.attributedChannel).toBe('sample');
  });

  it('reports every error, each with the target field, the payload path and the reason', () => {
    const payload = {
      ...samplePayload,
      buyer: {},
      to: { name: '', city: '杭州市' },
      postage: '8.005',
      items: [
        { sku: 'A', title: 'x', n: 0, price: 'free' },
        { title: 'y', n: 1 },
      ],
    };
    const result = applyMapping(sampleMapping, payload);
    expect(result).toEqual({
      ok: false,
      externalOrderId: '1001',
      errors: [
        { field: 'customer.customerId', path: 'buyer.id|buyer.nick', reason: 'is missing' },
        { field: 'shippingAddress.name', path: 'to.name', reason: 'is missing' },
        { field: 'shippingAddress.line1', path: 'to.district+to.street', reason: 'is missing' },
        { field: 'shippingFee', path: 'postage', reason: '8.005 has more than 2 decimals for CNY' },
        { field: 'lines[0].quantity', path: 'items.0.n', reason: '0 is not a positive whole number' },
        { field: 'lines[0].unitPrice', path: 'items.0.price', reason: '"free" is not a non-negative decimal amount' },
        { field: 'lines[1].unitPrice', path: 'items.1.price', reason: 'is missing' },
      ],
    });
  });

  it('says when the lines are not a list or the list is empty, and when the external id is unreadable', () => {
    expect(applyMapping(sampleMapping, { ...samplePayload, no: undefined, items: {} })).toEqual({
      ok: false,
      errors: [
        { field: 'externalOrderId', path: 'no', reason: 'is missing' },
        { field: 'lines', path: 'items', reason: 'is not a list' },
      ],
    });
    const empty = applyMapping(sampleMapping, { ...samplePayload, items: [] });
    expect(empty.ok === false && empty.errors).toEqual([{ field: 'lines', path: 'items', reason: 'has no lines' }]);
  });

  it('checks what each target holds: currency and country codes, dates, whole amounts', () => {
    const mapping: MappingDocument = {
      ...sampleMapping,
      fields: {
        ...sampleMapping.fields,
        currency: { path: 'cur' },
        'shippingAddress.country': { path: 'country' },
        placedAt: { path: 'at' },
        shippingFee: { path: 'postage' },
      },
    };
    const result = applyMapping(mapping, { ...samplePayload, cur: 'yuan', country: 'China', at: 'soon' });
    expect(result.ok === false && result.errors.map((e) => e.field)).toEqual([
      'currency',
      'placedAt',
      'shippingAddress.country',
      'shippingFee',
      // Without a currency, no price can be converted.
      'lines[0].unitPrice',
      'lines[1].unitPrice',
    ]);
  });

  it('never reads inherited properties of the payload', () => {
    const mapping: MappingDocument = {
      ...sampleMapping,
      fields: { ...sampleMapping.fields, 'customer.customerId': { path: 'constructor.name' } },
    };
    const result = applyMapping(mapping, samplePayload);
    expect(result.ok === false && result.errors).toEqual([
      { field: 'customer.customerId', path: 'constructor.name', reason: 'is missing' },
    ]);
  });

  it('is total on payloads that are not objects', () => {
    for (const payload of [null, 42, 'text', []]) {
      const result = applyMapping(sampleMapping, payload);
      expect(result.ok).toBe(false);
    }
  });

  it('maps coordinates the channel sends with the address, both or neither, in range', () => {
    const mapping: MappingDocument = {
      ...sampleMapping,
      fields: {
        ...sampleMapping.fields,
        'shippingAddress.coordinates.lat': { path: 'to.lat' },
        'shippingAddress.coordinates.lng': { path: 'to.lng' },
      },
    };
    const at = (to: Record<string, unknown>) =>
      applyMapping(mapping, { ...samplePayload, to: { ...samplePayload.to, ...to } });
    const located = at({ lat: '30.2741', lng: 120.1551 });
    expect(located.ok && located.command.shippingAddress.coordinates).toEqual({ lat: 30.2741, lng: 120.1551 });
    const without = at({});
    expect(without.ok && without.command.shippingAddress).not.toHaveProperty('coordinates');
    expect(at({ lat: 30.2741 })).toEqual({
      ok: false,
      externalOrderId: '1001',
      errors: [
        { field: 'shippingAddress.coordinates.lng', path: '', reason: 'is missing: coordinates need both lat and lng' },
      ],
    });
    const outOfRange = at({ lat: 95, lng: '120.1E2' });
    expect(outOfRange.ok === false && outOfRange.errors).toEqual([
      {
        field: 'shippingAddress.coordinates.lat',
        path: 'to.lat',
        reason: '95 is not a latitude in decimal degrees from -90 to 90',
      },
      {
        field: 'shippingAddress.coordinates.lng',
        path: 'to.lng',
        reason: '"120.1E2" is not a longitude in decimal degrees from -180 to 180',
      },
    ]);
  });
});
