import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskAddress, maskCustomer, maskEmail, maskName, maskPhone } from './pii-masking.ts';

describe('PII masking', () => {
  it('masks like the tracking page shows it', () => {
    expect(maskEmail('john.smith@example.com')).toBe('j***@example.com');
    expect(maskPhone('+1 555 123 1234')).toBe('*******1234');
    expect(maskPhone('12')).toBe('**');
    expect(maskName('Jane van Doe')).toBe('J*** v*** D***');
    expect(maskName('Zoë')).toBe('Z***');
    expect(maskEmail('no-at-sign')).toBe('n***');
  });

  it('keeps what locates a parcel and masks what identifies a person', () => {
    const address = {
      name: 'Jane Doe',
      line1: '1 Main Street',
      line2: 'Flat 4',
      city: 'Lyon',
      region: 'ARA',
      postalCode: '69001',
      country: 'FR',
      phone: '06 12 34 56 78',
      coordinates: { lat: 45.764, lng: 4.8357 },
    };
    // The coordinates point at the door as exactly as the street line: they are left out.
    expect(maskAddress(address)).toEqual({
      name: 'J*** D***',
      line1: '1*** M*** S***',
      line2: 'F*** 4***',
      city: 'Lyon',
      region: 'ARA',
      postalCode: '69001',
      country: 'FR',
      phone: '******5678',
    });
    expect(maskCustomer({ customerId: 'c-1', tier: 'gold', email: 'a@b.c' })).toEqual({
      customerId: 'c-1',
      tier: 'gold',
      email: 'a***@b.c',
    });
  });

  it('is idempotent, so re-masking a stored document changes nothing', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        for (const mask of [maskName, maskEmail, maskPhone]) expect(mask(mask(text))).toBe(mask(text));
      }),
      { numRuns: 500 },
    );
  });
});
