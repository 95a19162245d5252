import {
  activeRuleSet,
  CATALOGUE_CATEGORY,
  type CatalogueEntry,
  DEFAULT_RULE_SET_NAME,
  type EventStore,
  evaluateRules,
  initialRuleSetState,
  type OrderCommandOf,
  type OrderScreening,
  type ProductDefined,
  placeOrderFacts,
  RULE_SET_CATEGORY,
  type RuleSetDocument,
  type RuleSetEvent,
  type RuleSetState,
  ruleSetDecider,
  ruleSetStateOf,
  rulesScreening,
  streamEntityId,
} from '@ordinal/domain';
import { LogFollower } from '../fulfilment/log-follower.ts';
import type { PlacementScreen } from './placement-screening.ts';
import type { PurchaseTimes } from './purchase.history.ts';

/** What the rules screen reads: the log (rule set streams), the business time zone, the catalogue. */
export interface RulesScreenOptions {
  readonly events: Pick<EventStore, 'readAll' | 'headPosition' | 'subscribeAll'>;
  /** IANA time zone of `local.hour` and `local.weekday` (ORDINAL_BUSINESS_TIME_ZONE). */
  readonly timeZone: string;
  /**
   * A SKU's tags and list price. By default the product catalogue in the log (`catalogue-<sku>`
   * streams, followed like the rule sets); a SKU it does not know has no tags and is not price-checked.
   */
  readonly catalogue?: (sku: string) => CatalogueEntry | undefined;
  /**
   * The customers' earlier purchases per SKU, for `repurchase.withinDays` (a PurchaseHistory
   * following the order streams); without it no order has repurchase facts.
   */
  readonly purchases?: PurchaseTimes;
}

/** One rule set version in force. */
export interface ActiveRuleSet {
  readonly version: number;
  readonly document: RuleSetDocument;
}

/**
 * The rule sets at PlaceOrder: keeps the active version of every set current by following the
 * `ruleset-` streams in the log, evaluates each on the order (sets in name order) and answers
 * their evaluations, a hold or an approval. The order records all of it, so nothing here is
 * consulted again on replay. Until the follower has read the log to its head a screening waits,
 * so an order is never judged by a set that was already replaced.
 */
export class RulesScreen implements PlacementScreen {
  readonly name = 'rules';
  readonly #options: RulesScreenOptions;
  readonly #sets = new Map<string, RuleSetState>();
  readonly #products = new Map<string, CatalogueEntry>();
  readonly #follower: LogFollower;

  constructor(options: RulesScreenOptions) {
    this.#options = options;
    this.#follower = new LogFollower(options.events, [`${RULE_SET_CATEGORY}-`, `${CATALOGUE_CATEGORY}-`], {
      onEvent: (event) => {
        if (event.type === 'ProductDefined') {
          const { sku, tags, listPrice } = (event as unknown as ProductDefined).data;
          this.#products.set(sku, { tags, listPrice });
          return;
        }
        const name = streamEntityId(event.streamId);
        const state = this.#sets.get(name) ?? initialRuleSetState();
        this.#sets.set(name, ruleSetDecider.evolve(state, event as unknown as RuleSetEvent));
      },
    });
  }

  /** Starts following the rule set streams. */
  start(): void {
    this.#follower.start();
  }

  /** Stops following. */
  async stop(): Promise<void> {
    await this.#follower.stop();
  }

  /** Resolves once the rule sets recorded before start have been read (at once after `stop`). */
  ready(): Promise<void> {
    return this.#follower.caughtUp();
  }

  /**
   * Resolves once the screen has read the log up to `position` (a rule set or catalogue event
   * just recorded), so the next order is judged by it; at once after `stop`.
   */
  reached(position: number): Promise<void> {
    return this.#follower.reached(position);
  }

  /** Every set evaluated now, by name: the built-in default while its stream is empty. */
  active(): ReadonlyMap<string, ActiveRuleSet> {
    const names = [...new Set([DEFAULT_RULE_SET_NAME, ...this.#sets.keys()])].sort();
    const active = new Map<string, ActiveRuleSet>();
    for (const name of names) {
      const found = activeRuleSet(ruleSetStateOf(this.#sets.get(name) ?? initialRuleSetState(), name));
      if (found !== undefined) active.set(name, found);
    }
    return active;
  }

  /** What the catalogue in the log says about a SKU, as far as the screen has read it. */
  catalogue(sku: string): CatalogueEntry | undefined {
    return this.#products.get(sku);
  }

  async screen(command: OrderCommandOf<'PlaceOrder'>, now: string): Promise<OrderScreening> {
    await this.#follower.caughtUp();
    const { timeZone, purchases: history } = this.#options;
    await history?.start();
    const catalogue = this.#options.catalogue ?? ((sku: string) => this.catalogue(sku));
    const customerId = command.customer?.customerId;
    const purchases =
      history === undefined || typeof customerId !== 'string'
        ? undefined
        : (sku: string) => history.purchasesOf(customerId, sku, command.orderId);
    let facts: ReturnType<typeof placeOrderFacts>;
    try {
      facts = placeOrderFacts(command, {
        at: now,
        timeZone,
        catalogue,
        ...(purchases === undefined ? {} : { purchases }),
      });
    } catch {
      // A malformed order: PlaceOrder refuses it with the field at fault, rules have nothing to add.
      return {};
    }
    const evaluations = [...this.active()].map(([, set]) => evaluateRules(set.document, set.version, facts));
    return rulesScreening(evaluations, now);
  }
}
