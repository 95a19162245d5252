import type { BusMessage, ParkedMessage, RecordedEvent } from '@ordinal/domain';
import { MAX_DELIVERIES_REASON } from './bus.errors.ts';
import type { PublishTracker } from './publish-tracker.ts';

/** Settings of the subscription currently attached to a durable queue. */
export interface DurableSettings {
  readonly maxDeliveries: number;
  readonly ackWaitMs: number;
  readonly maxInFlight: number;
}

interface Entry {
  readonly event: RecordedEvent;
  deliveryCount: number;
  /** The publish waiting for this entry; cleared once it stops waiting. */
  tracker: PublishTracker | undefined;
  /** queued: not yet taken; delivered: a handler has it; waiting: nak'd, delay running; ready: to deliver. */
  state: 'queued' | 'delivered' | 'waiting' | 'ready' | 'settled';
  /** Identifies the current delivery, so a late ack of an earlier delivery does nothing. */
  delivery: number;
  timer: NodeJS.Timeout | undefined;
}

type Handler = (message: BusMessage) => Promise<void>;

/**
 * The messages of one durable subscription: a FIFO backlog plus the unsettled ("pending")
 * messages, at most maxInFlight of them. A nak'd message keeps its pending slot until it is
 * redelivered and settled, so with maxInFlight 1 nothing overtakes it.
 */
export class DurableQueue {
  #backlog: Entry[] = [];
  #head = 0;
  readonly #pending: Entry[] = [];
  readonly #running = new Set<Promise<void>>();
  #handler: Handler | undefined;
  #pumping = false;
  #pumpAgain = false;
  #settings: DurableSettings = { maxDeliveries: 5, ackWaitMs: 30_000, maxInFlight: 1 };
  categories: ReadonlySet<string> | undefined;

  constructor(
    readonly name: string,
    private readonly onPark: (parked: ParkedMessage) => void,
    private readonly clock: () => Date,
  ) {}

  get active(): boolean {
    return this.#handler !== undefined;
  }

  enqueue(event: RecordedEvent, tracker: PublishTracker): void {
    if (this.active) tracker.add();
    const entry: Entry = {
      event,
      deliveryCount: 0,
      tracker: this.active ? tracker : undefined,
      state: 'queued',
      delivery: 0,
      timer: undefined,
    };
    this.#backlog.push(entry);
  }

  activate(settings: DurableSettings, handler: Handler): void {
    this.#settings = settings;
    this.#handler = handler;
    // Deliveries the previous subscriber left unsettled go out again, first.
    for (const entry of this.#pending) if (entry.state === 'delivered') entry.state = 'ready';
  }

  /** Detaches the subscriber: unsettled messages stay for the next one; publishes stop waiting for them. */
  async deactivate(): Promise<void> {
    this.#handler = undefined;
    for (const entry of this.#pending) {
      clearTimeout(entry.timer);
      if (entry.state === 'waiting') entry.state = 'ready';
      release(entry);
    }
    for (let i = this.#head; i < this.#backlog.length; i++) release(this.#backlog[i]!);
    await Promise.allSettled([...this.#running]);
  }

  /** Delivers what may go out now; re-entrant calls (a park while delivering) fold into one more round. */
  pump(): void {
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#pumpAgain = false;
        this.#pumpOnce();
      } while (this.#pumpAgain);
    } finally {
      this.#pumping = false;
    }
  }

  #pumpOnce(): void {
    const handler = this.#handler;
    if (handler === undefined) return;
    for (const entry of [...this.#pending]) if (entry.state === 'ready') this.#deliver(entry, handler);
    while (this.#pending.length < this.#settings.maxInFlight && this.#head < this.#backlog.length) {
      const entry = this.#backlog[this.#head]!;
      this.#head += 1;
      this.#pending.push(entry);
      this.#deliver(entry, handler);
    }
    if (this.#head > 1024 && this.#head * 2 > this.#backlog.length) {
      this.#backlog = this.#backlog.slice(this.#head);
      this.#head = 0;
    }
  }

  #deliver(entry: Entry, handler: Handler): void {
    if (entry.deliveryCount >= this.#settings.maxDeliveries) {
      this.#park(entry, `${MAX_DELIVERIES_REASON}: not settled after ${entry.deliveryCount} deliveries`);
      return;
    }
    entry.deliveryCount += 1;
    entry.delivery += 1;
    entry.state = 'delivered';
    const delivery = entry.delivery;
    const current = () => entry.state === 'delivered' && entry.delivery === delivery;
    entry.timer = setTimeout(() => {
      if (current()) this.#retry(entry, 0, 'ack wait expired');
    }, this.#settings.ackWaitMs);
    entry.timer.unref();
    const message: BusMessage = {
      event: entry.event,
      deliveryCount: entry.deliveryCount,
      ack: async () => {
        if (current()) this.#settle(entry);
      },
      nak: async (delayMs = 0) => {
        if (current()) this.#retry(entry, delayMs, 'nak');
      },
      park: async (reason: string) => {
        if (current()) this.#park(entry, reason);
      },
    };
    // A microtask hop keeps a handler that acks synchronously from recursing through pump.
    const run = Promise.resolve()
      .then(() => handler(message))
      .catch((error: unknown) => {
        if (current())
          this.#retry(entry, 0, `handler failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    this.#running.add(run);
    void run.finally(() => this.#running.delete(run));
  }

  #retry(entry: Entry, delayMs: number, why: string): void {
    clearTimeout(entry.timer);
    if (entry.deliveryCount >= this.#settings.maxDeliveries) {
      this.#park(entry, `${MAX_DELIVERIES_REASON}: ${entry.deliveryCount} deliveries, last ${why}`);
      return;
    }
    entry.state = 'waiting';
    entry.timer = setTimeout(() => {
      if (entry.state !== 'waiting') return;
      entry.state = 'ready';
      this.pump();
    }, delayMs);
    entry.timer.unref();
  }

  #settle(entry: Entry): void {
    clearTimeout(entry.timer);
    const index = this.#pending.indexOf(entry);
    if (index >= 0) this.#pending.splice(index, 1);
    entry.state = 'settled';
    release(entry);
    this.pump();
  }

  #park(entry: Entry, reason: string): void {
    this.onPark({
      durableName: this.name,
      event: entry.event,
      reason,
      deliveryCount: entry.deliveryCount,
      parkedAt: this.clock().toISOString(),
    });
    this.#settle(entry);
  }
}

function release(entry: Entry): void {
  const tracker = entry.tracker;
  entry.tracker = undefined;
  tracker?.release();
}
