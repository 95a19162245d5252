import { describe, expect, it } from 'vitest';
import { tokenHolder } from './session.ts';

/** A token shaped as `issueToken` makes them: prefix, base64url claims, signature (not checked here). */
const tokenOf = (claims: object) =>
  `ord1.${btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(claims))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')}.c2ln`;

describe('the token of a page', () => {
  it('names its holder for display, and nothing for what is not a token', () => {
    expect(tokenHolder(tokenOf({ sub: 'ana.lima', role: 'admin', iat: 1, exp: 2 }))).toBe('ana.lima (admin)');
    // UTF-8 claims, and base64url's - and _ in place of + and /.
    const unusual = tokenOf({ sub: '孙悦???>>>', role: 'ops' });
    expect(unusual).toMatch(/[-_]/);
    expect(tokenHolder(unusual)).toBe('孙悦???>>> (ops)');
    expect(tokenHolder(tokenOf({ role: 'ops' }))).toBeUndefined();
    expect(tokenHolder(undefined)).toBeUndefined();
    expect(tokenHolder('ord1.not-json.sig')).toBeUndefined();
    expect(tokenHolder('plain')).toBeUndefined();
  });
});
