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
    expect(config.geocoding).toEqual({ olistDir: undefined, file: undefined });
  });

  it('resolves the geocoding tables against the working directory', () => {
    const config = loadConfig({ ORDINAL_GEOCODE_FILE: 'geo/cn.csv', ORDINAL_GEOCODE_OLIST_DIR: '' }, '/srv/ordinal');
    expect(config.geocoding).toEqual({ olistDir: undefined, file: '/srv/ordinal/geo/cn.csv' });
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
        ORDINAL_AUDIT_SIGNING_KEY: ' MC4CAQAwBQYDK2VwBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA ',
        ORDINAL_AUDIT_CHECKPOINT_EVERY: '500',
        ORDINAL_AUDIT_CHECKPOINT_INTERVAL_MS: '0',
        ORDINAL_BODY_LIMIT_BYTES: '2048',
        ORDINAL_ESDB_URL: 'esdb://esdb:2113?tls=false',
        ORDINAL_MONGO_URL: 'mongodb://mongo:27017/ordinal',
        ORDINAL_NATS_URL: 'nats://nats:4222,nats2:4222',
        ORDINAL_NATS_STREAM: 'ORDERS_TEST',
        ORDINAL_NATS_DUPLICATE_WINDOW_MS: '60000',
        ORDINAL_MAX_PENDING_COMMANDS: '64',
        ORDINAL_MAX_QUEUED_APPENDS: '500',
        ORDINAL_RATE_LIMIT: '100',
        ORDINAL_RATE_LIMIT_WINDOW_MS: '1000',
        ORDINAL_SHED_EVENT_LOOP_DELAY_MS: '0',
        ORDINAL_PROJECTOR_MAX_IN_FLIGHT: '8',
        ORDINAL_ROUTER: 'off',
        ORDINAL_RISK: 'off',
        ORDINAL_RISK_MIN_ADDRESSES: '4',
        ORDINAL_RISK_WINDOW_HOURS: '48',
        ORDINAL_CONSOLIDATION_WINDOW_MINUTES: '0',
        ORDINAL_RISK_ALL_WITH_COUPONS: 'off',
        ORDINAL_REPURCHASE: 'off',
        ORDINAL_REPURCHASE_HOLD_RELEASE_INTERVAL_MS: '5000',
        ORDINAL_OLIST_DIR: '/srv/olist',
        ORDINAL_GEOCODE_OLIST_DIR: '/data/olist',
        ORDINAL_GEOCODE_FILE: '/etc/ordinal/postal-codes.csv',
        ORDINAL_PROJECTOR_ACK_WAIT_MS: '5000',
        ORDINAL_RESERVATION_TTL_MS: '3600000',
        ORDINAL_RESERVATION_EXPIRY_INTERVAL_MS: '0',
        ORDINAL_ALLOWED_ORIGINS: 'https://shop.example.com, http://localhost:5173',
        ORDINAL_WS_MAX_BUFFERED_BYTES: '65536',
        ORDINAL_WS_HEARTBEAT_MS: '10000',
        ORDINAL_CARRIER_SECRETS: 'sf-express=sf-secret-0123456789, dhl=dhl-secret-0123456789',
        ORDINAL_CARRIER_RETRY_INTERVAL_MS: '5000',
        ORDINAL_APPROVAL_ESCALATION: 'finance=4h>ops,ops=30m>admin',
        ORDINAL_APPROVAL_CHECK_INTERVAL_MS: '10000',
        ORDINAL_ALERTS: 'on',
        ORDINAL_ALERTS_ON_IMPORT: 'true',
        ORDINAL_ALERT_CHECK_INTERVAL_MS: '15000',
        ORDINAL_ALERT_WEBHOOKS:
          'https://hooks.example.com/a whsec-0123456789abcdef, http://10.0.0.2:9000/x whsec-fedcba9876543210',
        ORDINAL_SMTP_URL: 'smtp://alerts:pw@mail.example.com:587',
        ORDINAL_ALERT_EMAIL_FROM: 'alerts@shop.example.com',
        ORDINAL_ALERT_RETRY_ATTEMPTS: '5',
        ORDINAL_ALERT_RETRY_BASE_MS: '500',
        ORDINAL_ALERT_RETRY_MAX_MS: '60000',
        ORDINAL_BUSINESS_TIME_ZONE: 'America/Sao_Paulo',
        ORDINAL_AUTH_SECRETS: `${'n'.repeat(32)}, ${'o'.repeat(40)}`,
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
      profile: {
        eventStore: { kind: 'esdb', url: 'esdb://esdb:2113?tls=false' },
        readStore: { kind: 'mongo', url: 'mongodb://mongo:27017/ordinal' },
        bus: { kind: 'nats', url: 'nats://nats:4222,nats2:4222', stream: 'ORDERS_TEST', duplicateWindowMs: 60_000 },
      },
      limits: {
        maxPendingCommands: 64,
        maxQueuedAppends: 500,
        rateLimitMax: 100,
        rateLimitWindowMs: 1000,
        shedEventLoopDelayMs: 0,
      },
      router: { enabled: false, reservationTtlMs: 3_600_000, reservationExpiryIntervalMs: 0 },
      consolidation: { windowMinutes: 0 },
      risk: { enabled: false, thresholds: { minDistinctAddresses: 4, windowHours: 48, allWithCoupons: false } },
      repurchase: { enabled: false, holdReleaseIntervalMs: 5000 },
      approvals: {
        escalation: [
          { role: 'finance', afterMs: 4 * 3_600_000, toRole: 'ops', text: 'finance=4h>ops' },
          { role: 'ops', afterMs: 30 * 60_000, toRole: 'admin', text: 'ops=30m>admin' },
        ],
        checkIntervalMs: 10_000,
      },
      alerts: {
        enabled: true,
        onImport: true,
        checkIntervalMs: 15_000,
        webhooks: [
          { url: 'https://hooks.example.com/a', secret: 'whsec-0123456789abcdef' },
          { url: 'http://10.0.0.2:9000/x', secret: 'whsec-fedcba9876543210' },
        ],
        smtpUrl: 'smtp://alerts:pw@mail.example.com:587',
        emailFrom: 'alerts@shop.example.com',
        retry: { attempts: 5, baseDelayMs: 500, maxDelayMs: 60_000 },
      },
      olistDir: '/srv/olist',
      geocoding: { olistDir: '/data/olist', file: '/etc/ordinal/postal-codes.csv' },
      live: {
        allowedOrigins: ['https://shop.example.com', 'http://localhost:5173'],
        maxBufferedBytes: 65_536,
        heartbeatMs: 10_000,
      },
      projector: { maxInFlight: 8, ackWaitMs: 5000 },
      auth: { mode: 'tokens', secrets: ['n'.repeat(32), 'o'.repeat(40)] },
      carrierSecrets: new Map([
        ['sf-express', 'sf-secret-0123456789'],
        ['dhl', 'dhl-secret-0123456789'],
      ]),
      carrierRetryIntervalMs: 5000,
      audit: {
        signingKey: 'MC4CAQAwBQYDK2VwBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        checkpointEvery: 500,
        checkpointIntervalMs: 0,
      },
      businessTimeZone: 'America/Sao_Paulo',
      logLevel: 'warn',
    });
  });

  it('screens new orders with the default risk rule unless told otherwise, and refuses thresholds it cannot use', () => {
    expect(loadConfig({}).risk).toEqual({
      enabled: true,
      thresholds: { minDistinctAddresses: 3, windowHours: 24, allWithCoupons: true },
    });
    expect(() => loadConfig({ ORDINAL_RISK_MIN_ADDRESSES: '1' })).toThrow(
      /ORDINAL_RISK_MIN_ADDRESSES=1 .* from 2 to 1000/,
    );
    expect(() => loadConfig({ ORDINAL_CONSOLIDATION_WINDOW_MINUTES: '10081' })).toThrow(
      /ORDINAL_CONSOLIDATION_WINDOW_MINUTES=10081 .* from 0 to 10080/,
    );
    expect(() => loadConfig({ ORDINAL_RISK_WINDOW_HOURS: '0' })).toThrow(
      /ORDINAL_RISK_WINDOW_HOURS=0 .* from 1 to 720/,
    );
    expect(() => loadConfig({ ORDINAL_RISK: 'maybe' })).toThrow(/ORDINAL_RISK=maybe .* one of on, off/);
    expect(() => loadConfig({ ORDINAL_RISK_ALL_WITH_COUPONS: 'yes' })).toThrow(/ORDINAL_RISK_ALL_WITH_COUPONS/);
  });

  it('follows purchases for repurchase hints and releases holds for consolidation every minute unless told otherwise', () => {
    expect(loadConfig({}).repurchase).toEqual({ enabled: true, holdReleaseIntervalMs: 60_000 });
    expect(loadConfig({ ORDINAL_REPURCHASE_HOLD_RELEASE_INTERVAL_MS: '0' }).repurchase.holdReleaseIntervalMs).toBe(0);
    expect(() => loadConfig({ ORDINAL_REPURCHASE_HOLD_RELEASE_INTERVAL_MS: '-1' })).toThrow(
      /ORDINAL_REPURCHASE_HOLD_RELEASE_INTERVAL_MS=-1/,
    );
    expect(() => loadConfig({ ORDINAL_REPURCHASE: 'yes' })).toThrow(/ORDINAL_REPURCHASE=yes .* one of on, off/);
  });

  it('escalates finance approvals to admin after 24 h unless told otherwise, and refuses steps it cannot use', () => {
    expect(loadConfig({}).approvals).toEqual({
      escalation: [{ role: 'finance', afterMs: 86_400_000, toRole: 'admin', text: 'finance=24h>admin' }],
      checkIntervalMs: 60_000,
    });
    expect(loadConfig({ ORDINAL_APPROVAL_ESCALATION: 'off' }).approvals.escalation).toEqual([]);
    expect(() => loadConfig({ ORDINAL_APPROVAL_ESCALATION: 'finance=4h>boss' })).toThrow(
      /ORDINAL_APPROVAL_ESCALATION: "finance=4h>boss": boss is not a role .*; e\.g\. finance=4h>admin/,
    );
    expect(() => loadConfig({ ORDINAL_APPROVAL_ESCALATION: 'finance=4h>ops,ops=1h>finance' })).toThrow(
      /come back to finance/,
    );
  });

  it('evaluates alerts without imported history and notifies nobody unless told, and refuses webhooks it cannot use', () => {
    expect(loadConfig({}).alerts).toMatchObject({ enabled: true, onImport: false, webhooks: [], smtpUrl: undefined });
    expect(() => loadConfig({ ORDINAL_ALERT_WEBHOOKS: 'https://hooks.example.com/a short' })).toThrow(
      /ORDINAL_ALERT_WEBHOOKS: "https:\/\/hooks.example.com\/a short" is not valid/,
    );
    expect(() => loadConfig({ ORDINAL_ALERT_WEBHOOKS: 'ftp://x/y whsec-0123456789abcdef' })).toThrow(/http\(s\) URL/);
    expect(() => loadConfig({ ORDINAL_SMTP_URL: 'http://mail' })).toThrow(/ORDINAL_SMTP_URL/);
    expect(() => loadConfig({ ORDINAL_ALERTS_ON_IMPORT: 'yes' })).toThrow(/ORDINAL_ALERTS_ON_IMPORT=yes/);
  });

  it('chooses the embedded engines when no server URL is set', () => {
    expect(loadConfig({}).profile).toEqual({
      eventStore: { kind: 'sqlite' },
      readStore: { kind: 'sqlite' },
      bus: { kind: 'in-process' },
    });
  });

  it('refuses server URLs it cannot use, naming the variable', () => {
    expect(() => loadConfig({ ORDINAL_ESDB_URL: 'http://localhost:2113' })).toThrow(/ORDINAL_ESDB_URL.*esdb:\/\//);
    expect(() => loadConfig({ ORDINAL_MONGO_URL: 'localhost' })).toThrow(/ORDINAL_MONGO_URL/);
    expect(() => loadConfig({ ORDINAL_NATS_URL: 'http://x:4222' })).toThrow(/ORDINAL_NATS_URL/);
    expect(() => loadConfig({ ORDINAL_NATS_URL: 'nats://n:4222', ORDINAL_NATS_STREAM: 'a.b' })).toThrow(
      /ORDINAL_NATS_STREAM/,
    );
    expect(loadConfig({ ORDINAL_NATS_URL: '127.0.0.1:4222' }).profile.bus).toMatchObject({ kind: 'nats' });
  });

  it('refuses bad values and says what to do', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/from 0 to 65535/);
    expect(() => loadConfig({ ORDINAL_SQLITE_SYNCHRONOUS: 'OFF' })).toThrow(/one of FULL, NORMAL/);
    expect(() => loadConfig({ ORDINAL_ALLOWED_ORIGINS: 'https://shop.example.com/path' })).toThrow(
      /ORDINAL_ALLOWED_ORIGINS: https:\/\/shop.example.com\/path is not an origin/,
    );
    expect(loadConfig({}).live.allowedOrigins).toBeUndefined();
    expect(() => loadConfig({ ORDINAL_SNAPSHOT_EVERY: '-1' })).toThrow(
      /ORDINAL_SNAPSHOT_EVERY=-1 .* from 0 to 1000000/,
    );
  });

  it('reads the business time zone as an IANA name, UTC by default', () => {
    expect(loadConfig({}).businessTimeZone).toBe('UTC');
    expect(loadConfig({ ORDINAL_BUSINESS_TIME_ZONE: 'Asia/Shanghai' }).businessTimeZone).toBe('Asia/Shanghai');
    expect(() => loadConfig({ ORDINAL_BUSINESS_TIME_ZONE: 'Mars/Olympus' })).toThrow(
      /ORDINAL_BUSINESS_TIME_ZONE=Mars\/Olympus is not a time zone/,
    );
  });

  it('reads carrier secrets as carrier=secret pairs and refuses malformed, short or repeated ones', () => {
    expect(loadConfig({}).carrierSecrets.size).toBe(0);
    expect(loadConfig({}).carrierRetryIntervalMs).toBe(30_000);
    for (const raw of ['sf-express', 'SF=0123456789abcdef', 'dhl=short', 'dhl=0123456789abcdef,dhl=0123456789abcdeg']) {
      expect(() => loadConfig({ ORDINAL_CARRIER_SECRETS: raw })).toThrow(
        /ORDINAL_CARRIER_SECRETS: .* carrier=secret pairs/,
      );
    }
  });

  it('uses tokens by default, takes the identity headers only when told, and refuses short secrets', () => {
    expect(loadConfig({}).auth).toEqual({ mode: 'tokens', secrets: [] });
    expect(loadConfig({ ORDINAL_AUTH_MODE: 'trusted-headers' }).auth).toEqual({ mode: 'trusted-headers' });
    expect(() => loadConfig({ ORDINAL_AUTH_MODE: 'open' })).toThrow(/ORDINAL_AUTH_MODE=open is not valid/);
    expect(() => loadConfig({ ORDINAL_AUTH_SECRETS: `${'a'.repeat(32)},short` })).toThrow(/at least 32 characters/);
  });

  it('turns the snapshot cache off with ORDINAL_SNAPSHOT_EVERY=0', () => {
    expect(loadConfig({ ORDINAL_SNAPSHOT_EVERY: '0' }).actors.snapshotEvery).toBe(0);
  });
});
