import {
  type ActorRef,
  applyCarrierMapping,
  type CarrierMappingDocument,
  type CarrierParkDetails,
  type CarrierParkReason,
  type CarrierScan,
  type CarrierScanInput,
  type CommandMetadata,
  carrierMappingStreamId,
  carrierParkIdFor,
  decideOrder,
  entryOf,
  evolveOrder,
  isRejection,
  type Json,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
  orderStatus,
  type ReadStore,
  type Rejection,
  type ShipmentState,
  type ShipmentStatus,
} from '@ordinal/domain';
import {
  PARKED_CARRIER_PAYLOADS_COLLECTION,
  type ParkedCarrierPayloadDocument,
  SHIPMENTS_BY_TRACKING_COLLECTION,
  type ShipmentByTrackingDocument,
} from '@ordinal/projections';
import { ApiError, rejectionError } from '../http/errors.ts';
import type { CarrierDeps } from './carrier-hosts.ts';
import type { CarrierMappings } from './carrier-mappings.service.ts';

/** What became of one scan. */
export interface ScanOutcome {
  readonly carrierEventId: string;
  readonly trackingNumber: string;
  readonly kind: CarrierScan['kind'];
  readonly orderId: string;
  readonly shipmentId: string;
  /** True when the scan was written now; false for a duplicate or an order that is closed. */
  readonly recorded: boolean;
  /** True when the scan moved the shipment (status, location, ETA or attempts); false when it was only recorded. */
  readonly applied: boolean;
  /** True when this scan had been taken before: nothing was written for it this time. */
  readonly duplicate: boolean;
  readonly shipmentStatus: ShipmentStatus;
  /** Why it was not recorded, when that is not a duplicate: `order-closed`. */
  readonly reason?: 'order-closed';
}

/** The answer to a payload: what became of each scan, or where it was parked and why. */
export type IntakeAnswer =
  | { readonly parked: false; readonly mappingVersion: number; readonly scans: readonly ScanOutcome[] }
  | { readonly parked: true; readonly parkId: string; readonly reason: CarrierParkReason };

/** Who sent the scans and under which correlation. */
export interface ScanRequest {
  readonly correlationId: string;
  readonly actor: ActorRef;
}

interface Located {
  /** Its place in the payload. */
  readonly index: number;
  readonly scan: CarrierScan;
  readonly orderId: string;
  readonly shipmentId: string;
}

interface OrderPlan {
  readonly orderId: string;
  readonly state: OrderState;
  readonly items: readonly Located[];
  /** The order is closed: its scans are answered `order-closed` and nothing is written. */
  readonly closed: boolean;
}

// The shipment as far as tracking goes: everything but the scans list.
const tracking = (shipment: ShipmentState | undefined) => {
  if (shipment === undefined) return '';
  const { scans: _, ...rest } = shipment;
  return JSON.stringify(rest);
};

/**
 * Carrier payloads in, order events out. Every scan of a payload is mapped with the carrier's
 * active mapping, found by tracking number and planned on its order's state before anything is
 * written; then each order takes its scans in one `RecordCarrierScans` (one append). A payload
 * that cannot be taken whole is parked, never lost: an unknown tracking number (202, retried
 * once the shipment is dispatched), an unmappable payload or a refused scan (422).
 */
export class CarrierIntake {
  readonly #deps: CarrierDeps;
  readonly #mappings: CarrierMappings;
  readonly #readStore: ReadStore;
  readonly #newId: () => string;
  readonly #clock: () => Date;

  constructor(
    deps: CarrierDeps,
    mappings: CarrierMappings,
    services: { readonly readStore: ReadStore; readonly newId: () => string; readonly clock: () => Date },
  ) {
    this.#deps = deps;
    this.#mappings = mappings;
    this.#readStore = services.readStore;
    this.#newId = services.newId;
    this.#clock = services.clock;
  }

  /** The carrier's shared secret, or undefined when the carrier is not served. */
  secretOf(carrier: string): string | undefined {
    return this.#deps.secrets.get(carrier);
  }

  /** Maps, plans and records a payload; parks it when it cannot be taken whole. */
  async receive(carrier: string, payload: Json, request: ScanRequest): Promise<IntakeAnswer> {
    const parkId = carrierParkIdFor(carrier, payload);
    const answer = await this.#take(carrier, parkId, payload, request);
    if (!answer.parked) {
      // A resend that goes through now settles what an earlier copy left parked.
      const { state } = await this.#deps.parked.load(parkId);
      if (state.status === 'parked') await this.#settle(parkId, answer, request);
    }
    return answer;
  }

  /** Takes a parked payload again with the carrier's active mapping; 404 when nothing is parked under the id. */
  async retry(
    parkId: string,
    request: ScanRequest,
  ): Promise<IntakeAnswer & { readonly parkId: string; readonly carrier: string }> {
    const { state } = await this.#deps.parked.load(parkId);
    if (state.status === 'none') {
      throw new ApiError(404, 'carrier.parked-not-found', `nothing is parked as ${parkId}`, { parkId });
    }
    const { carrier, payload } = state.parked;
    if (payload === undefined) {
      // Its key is gone: its scans were recorded, or it named a customer who was erased.
      const why =
        state.status === 'taken'
          ? `its scans were recorded on ${state.orderIds.join(', ')}`
          : 'its customer was erased';
      throw new ApiError(409, 'carrier.payload-erased', `the payload parked as ${parkId} is erased: ${why}`, {
        parkId,
        ...(state.status === 'taken' ? { orderIds: state.orderIds } : {}),
      });
    }
    const answer = await this.#take(carrier, parkId, payload, request);
    if (!answer.parked && state.status === 'parked') await this.#settle(parkId, answer, request);
    return { ...answer, parkId, carrier };
  }

  /**
   * Retries every payload parked for unknown tracking numbers whose numbers are all known now
   * (their shipments were dispatched and filed since); answers how many were recorded.
   */
  async retryDispatched(request: ScanRequest): Promise<number> {
    const waiting = await this.#readStore
      .collection<ParkedCarrierPayloadDocument>(PARKED_CARRIER_PAYLOADS_COLLECTION)
      .find({ status: 'parked', reason: 'unknown-tracking-number' }, { sort: [['firstReceivedAt', 'asc']] });
    const filed = this.#readStore.collection<ShipmentByTrackingDocument>(SHIPMENTS_BY_TRACKING_COLLECTION);
    let taken = 0;
    for (const doc of waiting) {
      const known = await filed.getMany([...doc.trackingNumbers]);
      if (known.length < new Set(doc.trackingNumbers).size) continue;
      try {
        const answer = await this.retry(doc.id, request);
        if (!answer.parked) taken += 1;
      } catch (error) {
        // Parked again for another reason (unmappable, refused): listed as such, not retried here again.
        if (!(error instanceof ApiError && error.status === 422)) throw error;
      }
    }
    return taken;
  }

  async #take(carrier: string, parkId: string, payload: Json, request: ScanRequest): Promise<IntakeAnswer> {
    const mapping = await this.#mappings.active(carrier, request.correlationId);
    const mapped = applyCarrierMapping(mapping, payload);
    if (!mapped.ok) {
      await this.#park(parkId, carrier, mapping, payload, 'unmappable', { errors: mapped.errors }, request);
      const message = `the ${carrier} mapping v${mapping.version} cannot map the payload (${mapped.errors.length} error(s)); it is parked as ${parkId}`;
      throw new ApiError(422, 'carrier.unmappable', message, {
        carrier,
        mappingVersion: mapping.version,
        parkId,
        errors: mapped.errors,
      });
    }
    const located = await this.#locate(mapped.scans);
    if (located.unknown.length > 0) {
      const details = { trackingNumbers: located.unknown };
      await this.#park(parkId, carrier, mapping, payload, 'unknown-tracking-number', details, request);
      return { parked: true, parkId, reason: 'unknown-tracking-number' };
    }
    const plans = await this.#plan(carrier, mapping, located.items, request);
    if (!Array.isArray(plans)) {
      const { rejection, orderId } = plans;
      const field = typeof rejection.details?.field === 'string' ? rejection.details.field : undefined;
      const details = { rejection: { code: rejection.code, message: rejection.message, ...(field ? { field } : {}) } };
      await this.#park(parkId, carrier, mapping, payload, 'scan-refused', details, request);
      throw new ApiError(
        422,
        'carrier.scan-refused',
        `order ${orderId} refused a scan of the payload (${rejection.message}); nothing of it was recorded, it is parked as ${parkId}`,
        { carrier, parkId, orderId, code: rejection.code, ...rejection.details },
      );
    }
    const scans: ScanOutcome[] = [];
    for (const plan of plans) {
      const outcomes = await this.#record(carrier, mapping, plan, request);
      for (const [i, item] of plan.items.entries()) scans[item.index] = outcomes[i] as ScanOutcome;
    }
    return { parked: false, mappingVersion: mapping.version, scans };
  }

  // Every tracking number must be known before anything is written: the payload is taken whole or parked.
  async #locate(scans: readonly CarrierScan[]): Promise<{ items: Located[]; unknown: string[] }> {
    const collection = this.#readStore.collection<ShipmentByTrackingDocument>(SHIPMENTS_BY_TRACKING_COLLECTION);
    const numbers = [...new Set(scans.map((scan) => scan.trackingNumber))];
    const found = new Map((await collection.getMany(numbers)).map((doc) => [doc.id, doc]));
    const unknown = numbers.filter((number) => !found.has(number));
    const items = scans.flatMap((scan, index) => {
      const doc = found.get(scan.trackingNumber);
      return doc === undefined ? [] : [{ index, scan, orderId: doc.orderId, shipmentId: doc.shipmentId }];
    });
    return { items, unknown };
  }

  // Decides each order's scans on its state now (pure): one refusal refuses the payload before any write.
  async #plan(
    carrier: string,
    mapping: CarrierMappingDocument,
    items: readonly Located[],
    request: ScanRequest,
  ): Promise<OrderPlan[] | { readonly rejection: Rejection; readonly orderId: string }> {
    const orderIds = [...new Set(items.map((item) => item.orderId))];
    const plans: OrderPlan[] = [];
    for (const orderId of orderIds) {
      const { state } = await this.#deps.orders.load(orderId);
      const mine = items.filter((item) => item.orderId === orderId);
      const closed = orderStatus(state).main === 'closed';
      if (!closed) {
        const command = this.#command(orderId, carrier, mapping, mine);
        const metadata = this.#metadata(carrier, mapping, request);
        const decision = decideOrder(command, state, { now: this.#clock().toISOString(), metadata });
        if (isRejection(decision)) return { rejection: decision, orderId };
      }
      plans.push({ orderId, state, items: mine, closed });
    }
    return plans;
  }

  async #record(
    carrier: string,
    mapping: CarrierMappingDocument,
    plan: OrderPlan,
    request: ScanRequest,
  ): Promise<ScanOutcome[]> {
    const { orderId, items } = plan;
    if (plan.closed) return items.map((item) => this.#outcome(item, plan.state, false, false, 'order-closed'));
    const command = this.#command(orderId, carrier, mapping, items);
    const outcome = await this.#deps.orders.execute({ command, metadata: this.#metadata(carrier, mapping, request) });
    if (outcome.status === 'rejected') {
      // Closed between planning and writing: nothing was written, as for a closed order.
      if (outcome.rejection.code === 'order.closed') {
        return items.map((item) => this.#outcome(item, plan.state, false, false, 'order-closed'));
      }
      // Planning on the order's state leaves nothing else to refuse; another writer changed it meanwhile.
      throw rejectionError(outcome.rejection);
    }
    // What each written scan did, folded from the state planned on.
    let state = plan.state;
    const effects = new Map<string, boolean>();
    for (const event of outcome.events) {
      const before = state;
      state = evolveOrder(state, event as unknown as OrderEvent);
      if (event.type !== 'CarrierScanRecorded') continue;
      const data = event.data as CarrierScanInput;
      const shipmentOf = (s: OrderState) => entryOf(s.context.shipments, data.shipmentId);
      effects.set(data.carrierEventId, tracking(shipmentOf(before)) !== tracking(shipmentOf(state)));
    }
    const latest = (await this.#deps.orders.load(orderId)).state;
    const answered = new Set<string>();
    return items.map((item) => {
      const id = item.scan.carrierEventId;
      // A scan the payload holds twice is written once: the second copy is a duplicate.
      const applied = answered.has(id) ? undefined : effects.get(id);
      answered.add(id);
      return this.#outcome(item, latest, applied !== undefined, applied ?? false);
    });
  }

  #outcome(
    { scan, orderId, shipmentId }: Located,
    state: OrderState,
    recorded: boolean,
    applied: boolean,
    reason?: 'order-closed',
  ): ScanOutcome {
    const shipmentStatus = entryOf(state.context.shipments, shipmentId)?.status ?? 'cancelled';
    const base = { carrierEventId: scan.carrierEventId, trackingNumber: scan.trackingNumber, kind: scan.kind };
    const duplicate = !recorded && reason === undefined;
    return {
      ...base,
      orderId,
      shipmentId,
      recorded,
      applied,
      duplicate,
      shipmentStatus,
      ...(reason ? { reason } : {}),
    };
  }

  #command(orderId: string, carrier: string, mapping: CarrierMappingDocument, items: readonly Located[]): OrderCommand {
    const scans = items.map(({ scan, shipmentId }): CarrierScanInput => {
      const { trackingNumber: _, ...rest } = scan;
      return { ...rest, shipmentId, carrier, mappingVersion: mapping.version };
    });
    return { type: 'RecordCarrierScans', orderId, scans };
  }

  #metadata(carrier: string, mapping: CarrierMappingDocument, request: ScanRequest): CommandMetadata {
    return {
      // Resends are told apart by the scans the shipment holds, not by command ids.
      commandId: this.#newId(),
      correlationId: request.correlationId,
      actor: request.actor,
      channel: `carrier:${carrier}`,
      inputVersions: { [carrierMappingStreamId(carrier)]: mapping.version },
    };
  }

  async #park(
    parkId: string,
    carrier: string,
    mapping: CarrierMappingDocument,
    payload: Json,
    reason: CarrierParkReason,
    details: CarrierParkDetails,
    request: ScanRequest,
  ): Promise<void> {
    const command = {
      type: 'ParkCarrierPayload' as const,
      parkId,
      carrier,
      mappingVersion: mapping.version,
      payload,
      reason,
      details,
    };
    const metadata = { commandId: this.#newId(), correlationId: request.correlationId, actor: request.actor };
    const outcome = await this.#deps.parked.execute({ command, metadata });
    if (outcome.status === 'rejected') throw rejectionError(outcome.rejection);
  }

  async #settle(parkId: string, answer: IntakeAnswer, request: ScanRequest): Promise<void> {
    if (answer.parked) return;
    const orderIds = [...new Set(answer.scans.map((scan) => scan.orderId))];
    const command = { type: 'TakeCarrierPayload' as const, parkId, mappingVersion: answer.mappingVersion, orderIds };
    const metadata = { commandId: this.#newId(), correlationId: request.correlationId, actor: request.actor };
    const outcome = await this.#deps.parked.execute({ command, metadata });
    if (outcome.status === 'rejected') throw rejectionError(outcome.rejection);
  }
}
