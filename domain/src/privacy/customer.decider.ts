import type { Decider } from '../shared/decider.ts';
import { reject } from '../shared/rejection.ts';
import {
  CUSTOMER_CATEGORY,
  type CustomerCommand,
  type CustomerEvent,
  type CustomerState,
  type GiveConsent,
  type WithdrawConsent,
} from './customer.events.ts';
import { keepsPayload } from './kept-payloads.ts';

/** Every code a customer command may be rejected with. */
export const CUSTOMER_REJECTION_CODES = ['customer.invalid-command', 'customer.consent-unchanged'] as const;

const TOKEN = /^[a-z0-9][a-z0-9._-]{0,39}$/;

const consentKey = (purpose: string, channel: string) => `${purpose}/${channel}`;

function problemsOf(command: CustomerCommand): { field: string; problem: string }[] {
  const problems: { field: string; problem: string }[] = [];
  const text = (field: string, value: unknown, max: number) => {
    if (typeof value !== 'string' || value.trim() === '') problems.push({ field, problem: 'must not be empty' });
    else if (value.length > max) problems.push({ field, problem: `must be at most ${max} characters` });
  };
  if (command.type === 'EraseCustomer') {
    text('/reason', command.reason, 500);
    (command.payloads ?? []).forEach((streamId, index) => {
      if (typeof streamId !== 'string' || !keepsPayload(streamId)) {
        problems.push({
          field: `/payloads/${index}`,
          problem: 'must be a kept payload stream (intake-…, carrier-parked-…)',
        });
      }
    });
    return problems;
  }
  for (const field of ['purpose', 'channel'] as const) {
    if (typeof command[field] !== 'string' || !TOKEN.test(command[field])) {
      problems.push({ field: `/${field}`, problem: 'must be lower-case letters, digits, dots, dashes or underscores' });
    }
  }
  text('/source', command.source, 200);
  return problems;
}

function decideConsent(command: GiveConsent | WithdrawConsent, state: CustomerState, now: string) {
  const granting = command.type === 'GiveConsent';
  const { customerId, purpose, channel, source } = command;
  const current = state.consents[consentKey(purpose, channel)];
  if ((current?.granted ?? false) === granting) {
    return reject(
      'customer.consent-unchanged',
      `consent for ${purpose} over ${channel} is ${granting ? 'given' : 'not given'} already`,
      { purpose, channel, granted: granting },
    );
  }
  const data = { customerId, purpose, channel, source, at: now };
  return [granting ? { type: 'ConsentGiven' as const, data } : { type: 'ConsentWithdrawn' as const, data }];
}

/**
 * The customer aggregate, one stream per customer (`customer-<id>`): erasures (who, why, when)
 * and marketing consent per purpose and channel. The stream holds no personal data: that sits
 * encrypted in the order events, under the customer's key kept apart from the log.
 */
export const customerDecider: Decider<CustomerCommand, CustomerEvent, CustomerState> = {
  category: CUSTOMER_CATEGORY,
  initialState: () => ({ erasures: [], consents: {} }),
  evolve(state, event) {
    switch (event.type) {
      case 'CustomerErased':
        // An erased customer can no longer be reached: their consents go with their data.
        return {
          erasures: [...state.erasures, { erasedAt: event.data.erasedAt, reason: event.data.reason }],
          consents: {},
        };
      case 'ConsentGiven':
      case 'ConsentWithdrawn': {
        const { purpose, channel, source, at } = event.data;
        const granted = event.type === 'ConsentGiven';
        const consent = { purpose, channel, granted, source, changedAt: at };
        return { ...state, consents: { ...state.consents, [consentKey(purpose, channel)]: consent } };
      }
    }
  },
  decide(command, state, facts) {
    const problems = problemsOf(command);
    if (problems.length > 0) {
      return reject('customer.invalid-command', `the command has ${problems.length} problem(s)`, {
        problems,
        field: problems[0]?.field,
      });
    }
    switch (command.type) {
      case 'EraseCustomer':
        return [
          {
            type: 'CustomerErased',
            data: {
              customerId: command.customerId,
              reason: command.reason.trim(),
              erasedBy: facts.metadata.actor,
              erasedAt: facts.now,
              payloads: [...new Set(command.payloads ?? [])].sort(),
            },
          },
        ];
      case 'GiveConsent':
      case 'WithdrawConsent':
        return decideConsent(command, state, facts.now);
      default: {
        const unknown: never = command;
        return reject('customer.invalid-command', `unknown command ${(unknown as { type: string }).type}`);
      }
    }
  },
  entityId: (command) => command.customerId,
  describe: (state) => ({ erasures: state.erasures.length, consents: Object.keys(state.consents).length }),
};
