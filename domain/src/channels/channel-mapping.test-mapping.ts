import type { MappingDocument } from './channel-mapping.types.ts';

/** A small valid mapping of a made-up channel, for the tests of the language. */
export const sampleMapping: MappingDocument = {
  channel: 'sample',
  version: 1,
  description: 'test channel',
  attributedChannel: { path: 'source', transforms: [{ op: 'lower' }] },
  fields: {
    externalOrderId: { path: 'no', transforms: [{ op: 'string' }] },
    currency: { const: 'CNY' },
    placedAt: { path: 'at', transforms: [{ op: 'utc', timeZone: '+08:00' }] },
    'customer.customerId': { firstOf: ['buyer.id', 'buyer.nick'] },
    'shippingAddress.name': { path: 'to.name' },
    'shippingAddress.line1': { concat: ['to.district', 'to.street'] },
    'shippingAddress.city': { path: 'to.city' },
    'shippingAddress.postalCode': { path: 'to.zip', default: '000000' },
    'shippingAddress.country': { const: 'CN' },
    shippingFee: { path: 'postage', transforms: [{ op: 'decimalToMinor' }], default: 0 },
  },
  lines: {
    each: 'items',
    fields: {
      sku: { firstOf: ['sku', '$.defaultSku'] },
      name: { path: 'title' },
      quantity: { path: 'n', transforms: [{ op: 'integer' }] },
      unitPrice: { path: 'price', transforms: [{ op: 'decimalToMinor' }] },
    },
  },
};

/** A payload the sample mapping maps. */
export const samplePayload = {
  no: 1001,
  at: '2025-11-11 00:00:00',
  source: 'Douyin',
  buyer: { nick: '小鱼' },
  to: { name: '陈静怡', district: '西湖区', street: '文三路 478 号', city: '杭州市' },
  postage: '8.00',
  defaultSku: 'FALLBACK',
  items: [
    { sku: 'TEA-1', title: '龙井', n: '2', price: '99.50' },
    { title: '杯', n: 1, price: 12 },
  ],
};
