import { describe, expect, it } from 'vitest';
import { actorOfClaims, issueToken, verifyToken } from './auth.token.ts';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const OTHER = 'another-secret-of-at-least-thirty-two-chars';
const NOW = new Date('2026-03-01T10:00:00Z');
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

describe('signed tokens', () => {
  it('carries who, the role, the order narrowing and the expiry', () => {
    const token = issueToken([SECRET], { sub: 'C-1', role: 'customer', orderId: 'O-1', ttlSeconds: 60 }, NOW);
    const check = verifyToken([SECRET], token, later(59));
    expect(check).toEqual({
      ok: true,
      claims: {
        sub: 'C-1',
        role: 'customer',
        orderId: 'O-1',
        iat: NOW.getTime() / 1000,
        exp: NOW.getTime() / 1000 + 60,
      },
    });
    if (check.ok) expect(actorOfClaims(check.claims)).toEqual({ kind: 'user', id: 'C-1', role: 'customer' });
  });

  it('is refused once expired, under another secret, or altered in any part', () => {
    const token = issueToken([SECRET], { sub: 'ana', role: 'cs', ttlSeconds: 60 }, NOW);
    expect(verifyToken([SECRET], token, later(60))).toMatchObject({ ok: false, code: 'auth.token-expired' });
    expect(verifyToken([OTHER], token, NOW)).toMatchObject({ ok: false, code: 'auth.token-invalid' });
    const [prefix, body, signature] = token.split('.') as [string, string, string];
    const raised = Buffer.from(JSON.stringify({ sub: 'ana', role: 'admin', iat: 0, exp: 9e9 })).toString('base64url');
    expect(verifyToken([SECRET], `${prefix}.${raised}.${signature}`, NOW)).toMatchObject({
      code: 'auth.token-invalid',
    });
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('A') ? 'B' : 'A'}${signature.slice(-1)}`;
    expect(verifyToken([SECRET], `${prefix}.${body}.${flipped}`, NOW)).toMatchObject({ code: 'auth.token-invalid' });
    for (const bad of ['', 'ord1', `${body}.${signature}`, `jwt.${body}.${signature}`, `${token}.x`]) {
      expect(verifyToken([SECRET], bad, NOW)).toMatchObject({ ok: false, code: 'auth.token-malformed' });
    }
  });

  it('verifies under any listed secret, so a secret can be rotated', () => {
    const old = issueToken([OTHER], { sub: 'ana', role: 'ops', ttlSeconds: 60 }, NOW);
    expect(verifyToken([SECRET, OTHER], old, NOW).ok).toBe(true);
    const fresh = issueToken([SECRET, OTHER], { sub: 'ana', role: 'ops', ttlSeconds: 60 }, NOW);
    expect(verifyToken([SECRET], fresh, NOW).ok).toBe(true);
  });

  it('refuses to issue with a short secret, an odd subject, a staff token narrowed to an order or no lifetime', () => {
    expect(() => issueToken(['short'], { sub: 'a', role: 'cs', ttlSeconds: 1 }, NOW)).toThrow(/at least 32/);
    expect(() => issueToken([SECRET], { sub: 'a b', role: 'cs', ttlSeconds: 1 }, NOW)).toThrow(/subject/);
    expect(() => issueToken([SECRET], { sub: 'a', role: 'cs', orderId: 'O-1', ttlSeconds: 1 }, NOW)).toThrow(
      /only a customer/,
    );
    expect(() => issueToken([SECRET], { sub: 'a', role: 'cs', ttlSeconds: 0 }, NOW)).toThrow(/positive/);
  });
});
