/** The PlaceOrder body the HTTP benchmark posts: two lines, a realistic address and customer. */
export const PLACE_ORDER_BODY = {
  customer: { customerId: 'cust-bench-1', name: 'Li Wei', email: 'li.wei@example.com', phone: '+86 138 0000 0001' },
  channel: { salesChannel: 'tmall', externalOrderId: 'TM-BENCH' },
  lines: [
    {
      sku: 'MILK-FORMULA-900G',
      name: 'Infant formula stage 2, 900 g',
      quantity: 2,
      unitPrice: { amount: 32_800, currency: 'CNY' },
    },
    {
      sku: 'NAPPY-M-60',
      name: 'Nappies size M, pack of 60',
      quantity: 1,
      unitPrice: { amount: 12_900, currency: 'CNY' },
    },
  ],
  shippingAddress: {
    name: 'Li Wei',
    line1: '88 Century Avenue',
    city: 'Shanghai',
    region: 'Shanghai',
    postalCode: '200120',
    country: 'CN',
  },
  shippingFee: { amount: 1_000, currency: 'CNY' },
  currency: 'CNY',
} as const;
