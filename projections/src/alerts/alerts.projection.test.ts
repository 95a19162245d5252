import type { RecordedEvent } from '@ordinal/domain';
import { describe, expect, it } from 'vitest';
import { projectionSpec } from '../testing/projection-spec.ts';
import { recordedEvent } from '../testing/recorded-event.ts';
import { ALERTS_COLLECTION, alertsProjection } from './alerts.projection.ts';

const alerts = projectionSpec(alertsProjection, { collection: ALERTS_COLLECTION });
const OPS = { kind: 'user', id: 'rui.costa', role: 'ops' } as const;
const EVALUATOR = { kind: 'system', component: 'alert-evaluator' } as const;
const ID = 'sku-sales-surge.SKU-1.2026-12-04';
const twice = (events: readonly RecordedEvent[]) => events.flatMap((e) => [e, e]);
const at = (n: number) => new Date(Date.parse('2026-12-04T12:00:00.000Z') + n * 60_000).toISOString();
const event = (revision: number, type: string, data: object) =>
  recordedEvent({
    streamId: `alert-${ID}`,
    revision,
    position: revision * 10,
    type,
    data: { alertId: ID, ...data },
    occurredAt: at(revision),
  });

const raised = event(1, 'AlertRaised', {
  rule: { ruleSet: 'default', version: 1, ruleId: 'sku-sales-surge', kind: 'skuSalesSurge' },
  subject: { kind: 'sku', id: 'SKU-1' },
  summary: 'SKU SKU-1: 16 units sold',
  figures: { recentUnits: 16, previousUnits: 10 },
  evaluatedAt: at(0),
  notify: { audience: 'purchasing', email: [], webhooks: true },
});
const acknowledged = event(2, 'AlertAcknowledged', { by: OPS, note: 'ordering more' });
const resolved = event(3, 'AlertResolved', {
  how: 'condition-cleared',
  reason: 'sales back within the threshold',
  by: EVALUATOR,
  figures: { recentUnits: 12, previousUnits: 10 },
});

describe('alerts projection', () => {
  it('lists a raised alert as open with the rule, subject and figures', async () => {
    await alerts
      .given([])
      .when(...twice([raised]))
      .then({
        id: ID,
        revision: 1,
        status: 'open',
        rule: { ruleId: 'sku-sales-surge', version: 1 },
        subject: { kind: 'sku', id: 'SKU-1' },
        figures: { recentUnits: 16 },
        raisedAt: at(1),
        acknowledged: null,
        resolved: null,
      });
  });

  it('records who acknowledged, and the note', async () => {
    const result = await alerts
      .given([raised])
      .when(...twice([acknowledged]))
      .then({ revision: 2, status: 'acknowledged', acknowledged: { by: OPS, note: 'ordering more', at: at(2) } });
    expect(result.outcomes).toEqual(['applied', 'duplicate']);
  });

  it('records the resolution with its reason and figures', async () => {
    await alerts
      .given([raised, acknowledged])
      .when(...twice([resolved]))
      .then({
        revision: 3,
        status: 'resolved',
        acknowledged: { note: 'ordering more' },
        resolved: { how: 'condition-cleared', by: EVALUATOR, figures: { recentUnits: 12 }, at: at(3) },
      });
  });

  it('reads a gap from the log: the resolution arriving first still ends in the whole story', async () => {
    await alerts
      .given([])
      .when(resolved)
      .withLog([raised, acknowledged])
      .then({ revision: 3, status: 'resolved', acknowledged: { by: OPS } });
  });
});
