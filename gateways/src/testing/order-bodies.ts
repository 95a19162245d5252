import type { PlaceOrderBodyValue } from '../orders/order-commands.schemas.ts';

/** A valid `POST /orders` body: two lines in EUR, shipping 4.90. */
export function placeOrderBody(overrides: Partial<PlaceOrderBodyValue> = {}): PlaceOrderBodyValue {
  return {
    customer: { customerId: 'cust-1', name: 'Jane Doe', email: 'jane@example.com' },
    channel: { salesChannel: 'webshop' },
    lines: [
      { sku: 'SKU-RED', name: 'Red mug', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } },
      { sku: 'SKU-BLUE', name: 'Blue mug', quantity: 1, unitPrice: { amount: 1500, currency: 'EUR' } },
    ],
    shippingAddress: { name: 'Jane Doe', line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' },
    shippingFee: { amount: 490, currency: 'EUR' },
    currency: 'EUR',
    ...overrides,
  };
}
