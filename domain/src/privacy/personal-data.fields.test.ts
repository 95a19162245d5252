import { describe, expect, it } from 'vitest';
import { ERASED_MARKER, erasePersonalData, holdsPersonalData, mapPersonalFields } from './personal-data.fields.ts';

const placed = {
  orderId: 'o-1',
  customer: { customerId: 'c-1', name: 'Jane Doe', email: 'jane@example.com', tier: 'gold' },
  shippingAddress: {
    name: 'Jane Doe',
    line1: '1 Main St',
    city: 'Lyon',
    postalCode: '69001',
    country: 'FR',
    coordinates: { lat: 45.76, lng: 4.83 },
  },
  total: { amount: 1000, currency: 'EUR' },
};

describe('personal data fields', () => {
  it('erases name, contact, street and position, and keeps ids, city, postal code and amounts', () => {
    expect(erasePersonalData('OrderPlaced', placed)).toEqual({
      orderId: 'o-1',
      customer: { customerId: 'c-1', name: ERASED_MARKER, email: ERASED_MARKER, tier: 'gold' },
      shippingAddress: { name: ERASED_MARKER, line1: ERASED_MARKER, city: 'Lyon', postalCode: '69001', country: 'FR' },
      total: { amount: 1000, currency: 'EUR' },
    });
    expect(placed.customer.name).toBe('Jane Doe');
  });

  it('maps only the fields present, in risk holds nested either way', () => {
    const held = { reason: 'risk', facts: { risk: { source: 'risk', facts: { addresses: ['FR|69001|1 main st'] } } } };
    expect(erasePersonalData('OrderHeld', held)).toEqual({
      reason: 'risk',
      facts: { risk: { source: 'risk', facts: { addresses: [] } } },
    });
    expect(erasePersonalData('OrderHeld', { reason: 'stock' })).toEqual({ reason: 'stock' });
    const destination = { lat: 45.76, lng: 4.83, region: 'ARA', country: 'FR', postalCode: '69001', source: 'address' };
    expect(erasePersonalData('OrderAllocated', { allocations: [], routing: { input: { destination } } })).toEqual({
      allocations: [],
      routing: { input: { destination: { region: 'ARA', country: 'FR', postalCode: '69001', source: 'address' } } },
    });
    expect(erasePersonalData('ShipmentDelivered', { shipmentId: 's' })).toEqual({ shipmentId: 's' });
  });

  it('hands every personal value to the mapper and leaves other event types alone', () => {
    const seen: unknown[] = [];
    mapPersonalFields('ShippingAddressChanged', { address: placed.shippingAddress }, (value) => {
      seen.push(value);
      return value;
    });
    expect(seen).toEqual(['Jane Doe', '1 Main St', { lat: 45.76, lng: 4.83 }]);
    expect(holdsPersonalData('OrderConfirmed')).toBe(false);
    const confirmed = { reason: 'ok' };
    expect(mapPersonalFields('OrderConfirmed', confirmed, () => 'x')).toBe(confirmed);
  });
});
