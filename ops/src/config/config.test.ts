import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has safe defaults: loopback, port 8080, ./data beside the working directory, FULL sync', () => {
    const config = loadConfig({}, '/srv/ordinal');
    expect(config.http).toEqual({ host: '127.0.0.1', port: 8080, bodyLimitBytes: 1_048_576 });
    expect(config.dataDir).toBe('/srv/ordinal/data');
    expect(config.eventStore.synchronous).toBe('FULL');
    expect(config.actors.snapshotEvery).toBe(100);
    expect(config.logLevel).toBe('info');
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        HOST: '0.0.0.0',
        PORT: '9090',
        ORDINAL_DATA_DIR: '/var/lib/ordinal',
        ORDINAL_SQLITE_SYNCHRONOUS: 'normal',
        ORDINAL_ACTOR_IDLE_MS: '5000',
        ORDINAL_MAX_LIVE_ACTORS: '50',
        ORDINAL_MAX_CONFLICT_RETRIES: '5',
        ORDINAL_MAILBOX_CAPACITY: '10',
        ORDINAL_SNAPSHOT_EVERY: '250',
        ORDINAL_LOG_LEVEL: 'warn',
        ORDINAL_BODY_LIMIT_BYTES: '2048',
      },
      '/ignored',
    );
    expect(config).toEqual({
      http: { host: '0.0.0.0', port: 9090, bodyLimitBytes: 2048 },
      dataDir: '/var/lib/ordinal',
      eventStore: { synchronous: 'NORMAL' },
      actors: {
        idleTimeoutMs: 5000,
        maxLiveActors: 50,
        maxConflictRetries: 5,
        mailboxCapacity: 10,
        snapshotEvery: 250,
      },
      logLevel: 'warn',
    });
  });

  it('refuses bad values and says what to do', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/from 0 to 65535/);
    expect(() => loadConfig({ ORDINAL_SQLITE_SYNCHRONOUS: 'OFF' })).toThrow(/one of FULL, NORMAL/);
    expect(() => loadConfig({ ORDINAL_SNAPSHOT_EVERY: '-1' })).toThrow(
      /ORDINAL_SNAPSHOT_EVERY=-1 .* from 0 to 1000000/,
    );
  });

  it('turns the snapshot cache off with ORDINAL_SNAPSHOT_EVERY=0', () => {
    expect(loadConfig({ ORDINAL_SNAPSHOT_EVERY: '0' }).actors.snapshotEvery).toBe(0);
  });
});
