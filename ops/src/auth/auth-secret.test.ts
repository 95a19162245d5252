import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { verifyToken } from '@ordinal/gateways';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTtl } from '../cli/token.command.ts';
import { ConfigError } from '../config/config.ts';
import { runCli } from '../testing/cli-process.ts';
import { type TempDataDir, tempDataDir, testConfig, testEnv } from '../testing/data-dir.ts';
import { authSecretFile, resolveAuth } from './auth-secret.ts';
import { clientAuth } from './client-auth.ts';

describe('the API’s token secret', () => {
  let dir: TempDataDir;
  beforeEach(async () => {
    dir = await tempDataDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('is made at the first start of the embedded profile, readable by its owner only, and reused', () => {
    const first = resolveAuth(testConfig(dir.path));
    expect(first).toEqual({ mode: 'tokens', secrets: [expect.any(String)] });
    const file = authSecretFile(dir.path);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.mode === 'tokens' && first.secrets[0]!.length).toBeGreaterThanOrEqual(32);
    expect(resolveAuth(testConfig(dir.path))).toEqual(first);
  });

  it('is the configured one when set (the first signs), and the proxy mode needs none', () => {
    const secrets = `${'a'.repeat(32)},${'b'.repeat(32)}`;
    expect(resolveAuth(testConfig(dir.path, { ORDINAL_AUTH_SECRETS: secrets }))).toEqual({
      mode: 'tokens',
      secrets: ['a'.repeat(32), 'b'.repeat(32)],
    });
    expect(resolveAuth(testConfig(dir.path, { ORDINAL_AUTH_MODE: 'trusted-headers' }))).toEqual({
      mode: 'trusted-headers',
    });
    expect(
      clientAuth(testConfig(dir.path, { ORDINAL_AUTH_MODE: 'trusted-headers' }), { role: 'cs', sub: 'ana' })(),
    ).toEqual({ 'x-ordinal-role': 'cs', 'x-ordinal-actor-id': 'ana' });
  });

  it('refuses to start the distributed profile without one, saying what to set', () => {
    const config = testConfig(dir.path, { ORDINAL_ESDB_URL: 'esdb://localhost:2113?tls=false' });
    expect(() => resolveAuth(config)).toThrow(ConfigError);
    expect(() => resolveAuth(config)).toThrow(/set ORDINAL_AUTH_SECRETS/);
  });

  it('refuses a generated secret file that was cut short', () => {
    writeFileSync(authSecretFile(dir.path), 'short\n');
    expect(() => resolveAuth(testConfig(dir.path))).toThrow(/delete it/);
  });
});

describe('ordinal token', () => {
  let dir: TempDataDir;
  beforeEach(async () => {
    dir = await tempDataDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('prints a token signed with the data directory’s secret, for a customer’s one order', async () => {
    const result = await runCli(
      ['token', '--role', 'customer', '--sub', 'cust-7', '--order', 'o-1', '--ttl', '30m'],
      testEnv(dir.path),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const secret = readFileSync(authSecretFile(dir.path), 'utf8').trim();
    const check = verifyToken([secret], result.stdout.trim(), new Date());
    expect(check).toMatchObject({ ok: true, claims: { sub: 'cust-7', role: 'customer', orderId: 'o-1' } });
    if (check.ok) expect(check.claims.exp - check.claims.iat).toBe(1800);
  });

  it('says what is wrong with its arguments', async () => {
    const noSub = await runCli(['token', '--role', 'customer'], testEnv(dir.path));
    expect(noSub.code).toBe(2);
    expect(noSub.stderr).toContain('a customer token needs --sub <customer id>');
    const help = await runCli(['token', '--help'], testEnv(dir.path));
    expect(help.stdout).toContain('Usage: ordinal token --role <role>');
  });

  it('reads lifetimes in seconds, minutes, hours and days', () => {
    expect([parseTtl('90s'), parseTtl('30m'), parseTtl('8h'), parseTtl('7d'), parseTtl('60')]).toEqual([
      90, 1800, 28_800, 604_800, 60,
    ]);
    expect([parseTtl('0h'), parseTtl('8 hours'), parseTtl('-1')]).toEqual([undefined, undefined, undefined]);
  });
});
