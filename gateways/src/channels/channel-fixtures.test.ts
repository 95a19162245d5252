import { applyMapping, type MappedPlaceOrder, validateMapping } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNELS, defaultMappingDocument } from './channel-defaults.ts';
import { allChannelFixtures, channelFixture } from './channel-fixtures.ts';

interface Expected {
  readonly externalOrderId: string;
  readonly attributedChannel: string;
  readonly currency: string;
  readonly customerId: string;
  readonly shippingFee: number;
  /** sku, quantity, unit price in minor units. */
  readonly lines: readonly (readonly [string, number, number])[];
  readonly address: Partial<MappedPlaceOrder['shippingAddress']>;
  readonly placedAt: string;
}

const EXPECTED: Record<string, Expected> = {
  'tmall/single-tea-gift-box': {
    externalOrderId: '3861204477315286021',
    attributedChannel: 'tmall',
    currency: 'CNY',
    customerId: 'AAHmK2x9AK5X8r3pQfJm1d_c',
    shippingFee: 0,
    lines: [['TEA-LJ-250', 1, 29900]],
    address: {
      name: '陈静怡',
      line1: '西湖区 文新街道 文三路 478 号华星时代广场 A 座 1203 室',
      city: '杭州市',
      region: '浙江省',
      postalCode: '310012',
      country: 'CN',
    },
    placedAt: '2025-11-10T16:03:12.000Z',
  },
  'tmall/two-lines-with-postage': {
    externalOrderId: '3861209930127754418',
    attributedChannel: 'tmall',
    currency: 'CNY',
    customerId: 'AAGq7vT0AK5X8r3pQfN0cYwR',
    shippingFee: 1200,
    lines: [
      ['CUP-CELADON', 2, 6890],
      ['TEA-TGY-100', 1, 5000],
    ],
    address: { name: '黄志明', city: '深圳市', postalCode: '518057', country: 'CN' },
    placedAt: '2025-11-12T13:47:05.000Z',
  },
  'douyin/live-stream-two-skus': {
    externalOrderId: '6928163054214837512',
    attributedChannel: 'douyin-live',
    currency: 'CNY',
    customerId: '1@#Kx2RZ8f3yQdVb8wW4C6pW5l9mY0=',
    shippingFee: 0,
    lines: [
      ['TEA-MDGL-125', 2, 12800],
      ['TRAVEL-SET-2', 1, 10000],
    ],
    address: {
      line1: '锦江区 春熙路街道 红星路三段 1 号 2 号楼 18 层 1806',
      city: '成都市',
      region: '四川省',
      postalCode: '000000',
    },
    placedAt: '2025-11-11T14:43:05.000Z',
  },
  'douyin/mall-order-with-postage': {
    externalOrderId: '6928170219987365120',
    attributedChannel: 'douyin',
    currency: 'CNY',
    customerId: '1@#Qm7tLp0s9vEe3HcXgT2aNw8bRk4=',
    shippingFee: 800,
    lines: [['TEA-DH-50', 1, 5690]],
    address: { name: '赵雪', city: '武汉市', country: 'CN' },
    placedAt: '2025-11-12T10:00:00.000Z',
  },
  'pinduoduo/group-buy-two-items': {
    externalOrderId: '251111-438291037465123',
    attributedChannel: 'pinduoduo',
    currency: 'CNY',
    customerId: '15800002222',
    shippingFee: 0,
    lines: [
      ['TEA-GSLC-30', 2, 2990],
      ['GLASS-300', 1, 2990],
    ],
    address: { line1: '浦东新区 张江镇科苑路 88 号 3 号楼 502 室', city: '上海市', country: 'CN' },
    placedAt: '2025-11-11T00:12:45.000Z',
  },
  'pinduoduo/single-item-with-postage': {
    externalOrderId: '251112-109283746501928',
    attributedChannel: 'pinduoduo',
    currency: 'CNY',
    customerId: '18622223333',
    shippingFee: 600,
    lines: [['TEA-GHWL-10', 1, 1990]],
    address: { city: '乌鲁木齐市', region: '新疆维吾尔自治区' },
    placedAt: '2025-11-12T15:59:30.000Z',
  },
  'shopify/orders-create-direct-gbp': {
    externalOrderId: '5812345699920',
    attributedChannel: 'shopify',
    currency: 'GBP',
    customerId: '7012345699001',
    shippingFee: 0,
    lines: [['TEA-DH-50', 5, 850]],
    address: { name: 'Olu Adeyemi', city: 'Manchester', postalCode: 'M1 3HE', country: 'GB' },
    placedAt: '2025-11-10T17:02:11.000Z',
  },
  'shopify/orders-create-instagram': {
    externalOrderId: '5812345678901',
    attributedChannel: 'instagram',
    currency: 'USD',
    customerId: '7012345678123',
    shippingFee: 599,
    lines: [
      ['CUP-CELADON', 3, 1895],
      ['TEA-LJ-250', 1, 2700],
    ],
    address: { line1: '1847 SE Hawthorne Blvd', line2: 'Apt 3', region: 'OR', postalCode: '97214', country: 'US' },
    placedAt: '2025-11-10T15:15:30.000Z',
  },
  'webshop/cn-order-no-attribution': {
    externalOrderId: 'WS-2025-000188',
    attributedChannel: 'webshop',
    currency: 'CNY',
    customerId: 'cus_9Qa1Zt',
    shippingFee: 0,
    lines: [['TEA-TGY-100', 3, 5000]],
    address: { name: '吴晓婷', city: '上海市', country: 'CN' },
    placedAt: '2025-11-11T02:30:00.000Z',
  },
  'webshop/eu-order-first-touch-douyin': {
    externalOrderId: 'WS-2025-000187',
    attributedChannel: 'douyin',
    currency: 'EUR',
    customerId: 'cus_7Hk2Lw',
    shippingFee: 690,
    lines: [
      ['TEA-LJ-250', 2, 2490],
      ['CUP-CELADON', 4, 1650],
    ],
    address: { city: 'Berlin', postalCode: '10969', country: 'DE' },
    placedAt: '2025-11-10T21:15:03.000Z',
  },
  'pos/delivery-walk-in': {
    externalOrderId: 'BJ-SLT-002:R20251112-0107',
    attributedChannel: 'pos',
    currency: 'CNY',
    customerId: 'walk-in',
    shippingFee: 1500,
    lines: [['6901234567915', 1, 88000]],
    address: { name: '郑凯', line1: '工人体育场北路 8 号院 3 号楼 1702', phone: '13522223333' },
    placedAt: '2025-11-12T11:05:44.000Z',
  },
  'pos/pickup-member': {
    externalOrderId: 'SH-JA-001:R20251111-0042',
    attributedChannel: 'douyin',
    currency: 'CNY',
    customerId: 'M88001234',
    shippingFee: 0,
    lines: [
      ['TEA-LJ-250', 1, 29900],
      ['6901234567908', 2, 6890],
    ],
    // A pickup ships to the store itself.
    address: { name: '孙悦', line1: '南京西路 1515 号嘉里中心 B1 层 B118', postalCode: '200040', country: 'CN' },
    placedAt: '2025-11-11T07:42:10.000Z',
  },
};

describe('default channel mappings', () => {
  it.each(DEFAULT_CHANNELS)('%s: the shipped mapping is valid, and has at least two sample payloads', (channel) => {
    expect(validateMapping(defaultMappingDocument(channel))).toMatchObject({ ok: true });
    expect(allChannelFixtures().filter((f) => f.channel === channel).length).toBeGreaterThanOrEqual(2);
  });

  it('has an expectation for every sample payload', () => {
    expect(
      allChannelFixtures()
        .map((f) => `${f.channel}/${f.name}`)
        .sort(),
    ).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s maps to the expected PlaceOrder', (key, expected) => {
    const [channel = '', name = ''] = key.split('/');
    const mapping = validateMapping(defaultMappingDocument(channel));
    if (!mapping.ok) throw new Error(JSON.stringify(mapping.problems));
    const result = applyMapping(mapping.document, channelFixture(channel, name).payload);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { command } = result;
    const { currency } = expected;
    expect(command.channel).toEqual({
      salesChannel: channel,
      attributedChannel: expected.attributedChannel,
      externalOrderId: expected.externalOrderId,
    });
    expect(command.currency).toBe(currency);
    expect(command.customer.customerId).toBe(expected.customerId);
    expect(command.shippingFee).toEqual({ amount: expected.shippingFee, currency });
    expect(command.lines.map((l) => [l.sku, l.quantity, l.unitPrice])).toEqual(
      expected.lines.map(([sku, quantity, amount]) => [sku, quantity, { amount, currency }]),
    );
    expect(command.shippingAddress).toMatchObject(expected.address);
    expect(result.placedAt).toBe(expected.placedAt);
  });
});
