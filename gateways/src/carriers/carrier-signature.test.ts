import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSignature, signBody } from './carrier-signature.ts';

describe('carrier signatures', () => {
  const body = Buffer.from('{"events":[{"id":"e1"}]}');

  it('accepts the HMAC-SHA256 of the raw body under the secret, in either hex case', () => {
    const hex = createHmac('sha256', 's3cret').update(body).digest('hex');
    expect(signBody('s3cret', body)).toBe(`sha256=${hex}`);
    expect(checkSignature('s3cret', body, `sha256=${hex}`)).toBeUndefined();
    expect(checkSignature('s3cret', body, `sha256=${hex.toUpperCase()}`)).toBeUndefined();
  });

  it('tells a missing signature from a wrong one', () => {
    expect(checkSignature('s3cret', body, undefined)).toBe('missing');
    expect(checkSignature('s3cret', body, ' ')).toBe('missing');
    expect(checkSignature('other', body, signBody('s3cret', body))).toBe('invalid');
    expect(checkSignature('s3cret', Buffer.from(`${body} `), signBody('s3cret', body))).toBe('invalid');
    expect(checkSignature('s3cret', body, signBody('s3cret', body).replace('sha256=', 'sha1='))).toBe('invalid');
    expect(checkSignature('s3cret', body, 'sha256=abcd')).toBe('invalid');
  });
});
