import { describe, expect, it } from 'vitest';
import { DEFAULT_APPROVAL_ESCALATION, escalationStep, parseApprovalEscalation } from './approval-escalation.ts';

describe('the approval escalation policy', () => {
  it('reads role=<timeout>>role steps; chains give several levels', () => {
    const policy = parseApprovalEscalation(' finance=4h>ops, ops=30m>admin ');
    expect(policy).toEqual([
      { role: 'finance', afterMs: 4 * 3_600_000, toRole: 'ops', text: 'finance=4h>ops' },
      { role: 'ops', afterMs: 30 * 60_000, toRole: 'admin', text: 'ops=30m>admin' },
    ]);
    if ('error' in policy) throw new Error(policy.error);
    expect(escalationStep(policy, 'ops')?.toRole).toBe('admin');
    expect(escalationStep(policy, 'admin')).toBeUndefined();
  });

  it('defaults to finance after 24 hours to admin; off or empty is no escalation', () => {
    expect(parseApprovalEscalation(DEFAULT_APPROVAL_ESCALATION)).toEqual([
      { role: 'finance', afterMs: 86_400_000, toRole: 'admin', text: 'finance=24h>admin' },
    ]);
    expect(parseApprovalEscalation('off')).toEqual([]);
    expect(parseApprovalEscalation('')).toEqual([]);
    expect(parseApprovalEscalation('risk=2d>admin,cs=90s>ops')).toMatchObject([
      { afterMs: 2 * 86_400_000 },
      { afterMs: 90_000 },
    ]);
  });

  it('says what is wrong: the shape, an unknown role, a role twice, a step to itself, a cycle, a zero timeout', () => {
    const error = (text: string) => (parseApprovalEscalation(text) as { error: string }).error;
    expect(error('finance>admin')).toMatch(/is not role=<n><s\|m\|h\|d>>role/);
    expect(error('finance=4h>boss')).toMatch(/boss is not a role/);
    expect(error('finance=4h>admin,finance=2h>ops')).toMatch(/finance has more than one escalation step/);
    expect(error('finance=4h>finance')).toMatch(/escalates a role to itself/);
    expect(error('finance=4h>ops,ops=1h>finance')).toMatch(/come back to/);
    expect(error('finance=0h>admin')).toMatch(/more than 0/);
  });
});
