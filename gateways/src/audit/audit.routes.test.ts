import { firstChainBreak } from '@ordinal/actors';
import { type DomainEvent, parseApprovalEscalation } from '@ordinal/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';
import { placeOrderBody } from '../testing/order-bodies.ts';

const FINANCE = { 'x-ordinal-role': 'finance', 'x-ordinal-actor-id': 'fiona' };
const OPS = { 'x-ordinal-role': 'ops', 'x-ordinal-actor-id': 'olga' };
const AUDITOR = { 'x-ordinal-role': 'auditor', 'x-ordinal-actor-id': 'aldo' };
const policy = parseApprovalEscalation('finance=4h>ops');
if ('error' in policy) throw new Error(policy.error);

/** RFC 4180 rows (quoted fields with doubled quotes, CRLF between rows). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted) {
      field += c;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else {
      field += c;
    }
  }
  return rows;
}

describe('the audit trail and the auditors’ export', () => {
  let api: TestApi;
  beforeAll(async () => {
    // The default rule set asks finance to approve orders above 5,000.00.
    api = await startTestApi({ rules: true, approvals: policy, headers: OPS });
    const lines = [
      { sku: 'SKU-GOLD', name: 'Gold watch', quantity: 1, unitPrice: { amount: 900_000, currency: 'EUR' } },
    ];
    const placed = await api.request('POST', '/orders', {
      body: placeOrderBody({ orderId: 'au-1', lines, customer: { customerId: 'cust-au' } }),
    });
    expect(placed.status, placed.text).toBe(201);
    const approved = await api.request('POST', '/approvals/au-1/approve', {
      headers: FINANCE,
      body: { reason: 'known customer, paid by transfer' },
    });
    expect(approved.status, approved.text).toBe(200);
    const cancelled = await api.request('POST', '/orders/au-1/commands', {
      body: { type: 'CancelOrder', reason: 'customer asked by phone' },
    });
    expect(cancelled.status, cancelled.text).toBe(200);
  });
  afterAll(async () => {
    await api.close();
  });

  it('tells every event of an order in words: who decided, the rule version and facts, the approval and the cancellation', async () => {
    const response = await api.request('GET', '/orders/au-1/audit', { headers: AUDITOR });
    expect(response.status, response.text).toBe(200);
    const stored = await api.events.readStream('order-au-1');
    const { entries } = response.body as { entries: Record<string, unknown>[] };
    expect(entries.map((e) => e.type)).toEqual(stored.map((e) => e.type));
    expect(entries.map((e) => e.hash)).toEqual(stored.map((e) => e.hash));
    expect(firstChainBreak(stored)).toBeUndefined();

    const byType = (type: string) => entries.find((e) => e.type === type) as Record<string, unknown>;
    const rules = byType('RulesApplied');
    const applied = stored.find((e) => e.type === 'RulesApplied')!.data as {
      ruleSet: string;
      version: number;
      matched: string[];
    };
    expect(rules).toMatchObject({
      decision: true,
      summary: `Rule set ${applied.ruleSet} v${applied.version} matched ${applied.matched.join(', ')}.`,
      versions: { [`ruleSet:${applied.ruleSet}`]: applied.version },
      inputs: applied,
    });
    expect(rules.explanation).toEqual(expect.arrayContaining([expect.stringMatching(/^Read order\.total = /)]));
    expect(rules.explanation).toEqual(expect.arrayContaining([expect.stringMatching(/^Asked finance to approve/)]));
    expect(byType('ApprovalRequested')).toMatchObject({
      decision: true,
      summary: `Approval asked of finance by rule large-order-approval of rule set ${applied.ruleSet} v${applied.version}: order total above 5,000.`,
      versions: { [`ruleSet:${applied.ruleSet}`]: applied.version },
    });
    expect(byType('OrderApproved')).toMatchObject({
      decision: true,
      decidedBy: 'fiona (finance)',
      actor: { kind: 'user', id: 'fiona', role: 'finance' },
      summary: 'Approved by fiona (finance) as finance: known customer, paid by transfer.',
    });
    expect(byType('OrderCancelled')).toMatchObject({
      decidedBy: 'olga (ops)',
      summary: 'Cancelled by olga (ops): customer asked by phone.',
    });
    const placed = stored[0]!.data as { channel: { salesChannel: string } };
    expect(byType('OrderPlaced')).toMatchObject({
      decision: false,
      summary: expect.stringMatching(
        new RegExp(
          `^Placed through ${placed.channel.salesChannel} by olga \\(ops\\): 1 line\\(s\\), total € 9004\\.90\\.$`,
        ),
      ),
    });
  });

  it('is for auditors and admin only, and a missing order is 404', async () => {
    expect((await api.request('GET', '/orders/au-1/audit', { headers: FINANCE })).status).toBe(403);
    expect((await api.request('GET', '/audit/export', { headers: OPS })).status).toBe(403);
    const missing = await api.request('GET', '/orders/au-none/audit', { headers: AUDITOR });
    expect([missing.status, missing.body.error]).toEqual([404, 'order.not-found']);
  });

  it('refuses a range that ends before it starts and a bad format, naming the field', async () => {
    const backwards = await api.request('GET', '/audit/export?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z', {
      headers: AUDITOR,
    });
    expect([backwards.status, backwards.body.details]).toEqual([
      400,
      { field: '/to', reason: 'must be after from', location: 'querystring' },
    ]);
    const format = await api.request('GET', '/audit/export?format=xml', { headers: AUDITOR });
    expect(format.status).toBe(400);
    expect(format.body.details).toMatchObject({ field: '/format', location: 'querystring' });
  });

  it('streams a large log as NDJSON, every line with the hash the store recorded, and as CSV within a range', async () => {
    // 12,000 more events in 400 streams, occurring one minute apart from 2026-01-01.
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    let n = 0;
    const batch = (): DomainEvent[] =>
      Array.from({ length: 30 }, () => {
        n += 1;
        return {
          eventId: crypto.randomUUID(),
          type: 'StockCounted',
          data: { note: `count, "quoted"\nline ${n}`, n },
          metadata: {
            schemaVersion: 1,
            occurredAt: new Date(start + n * 60_000).toISOString(),
            correlationId: 'bulk',
            causationId: 'bulk',
            actor: { kind: 'system', component: 'stock-count' },
          },
        };
      });
    await Promise.all(
      Array.from({ length: 400 }, (_, i) => api.events.append(`inventory-BULK-${i}`, batch(), 'no-stream')),
    );
    const head = await api.events.headPosition();
    const all = await api.events.readAll();
    expect(all).toHaveLength(head);

    const response = await fetch(`${api.url}/audit/export`, { headers: AUDITOR });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(response.headers.get('content-length')).toBeNull();
    // Read as it arrives: many chunks, each line parsed as soon as it is complete.
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let chunks = 0;
    let rest = '';
    const lines: { position: number; hash: string; eventId: string; summary: string }[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks += 1;
      const parts = (rest + value).split('\n');
      rest = parts.pop()!;
      for (const part of parts) lines.push(JSON.parse(part));
    }
    expect(rest).toBe('');
    expect(chunks).toBeGreaterThan(10);
    expect(lines.map((l) => [l.position, l.eventId, l.hash])).toEqual(all.map((e) => [e.position, e.eventId, e.hash]));
    expect(lines.find((l) => l.eventId === all.find((e) => e.type === 'OrderApproved')!.eventId)?.summary).toBe(
      'Approved by fiona (finance) as finance: known customer, paid by transfer.',
    );

    // One hour of the bulk events: those with n from 60 to 119.
    const csv = await fetch(`${api.url}/audit/export?format=csv&from=2026-01-01T01:00:00Z&to=2026-01-01T02:00:00Z`, {
      headers: AUDITOR,
    });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = parseCsv(await csv.text());
    expect(header).toEqual([
      'position',
      'streamId',
      'revision',
      'eventId',
      'type',
      'occurredAt',
      'recordedAt',
      'decidedBy',
      'summary',
      'versions',
      'hash',
      'data',
      'metadata',
    ]);
    expect(rows.map((r) => (JSON.parse(r[11]!) as { n: number }).n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 60 }, (_, i) => 60 + i),
    );
    const byId = new Map(all.map((e) => [e.eventId, e]));
    for (const row of rows) {
      const event = byId.get(row[3]!)!;
      expect([row[0], row[1], row[10], JSON.parse(row[11]!)]).toEqual([
        String(event.position),
        event.streamId,
        event.hash,
        event.data,
      ]);
      expect(row[7]).toBe('system:stock-count');
    }
  });
});
