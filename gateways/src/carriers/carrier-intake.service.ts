import {
  type ActorRef,
  applyCarrierMapping,
  type CarrierMappingDocument,
  type CarrierScan,
  type CommandMetadata,
  entryOf,
  type OrderCommand,
  type OrderState,
  planScan,
  type ReadStore,
  type ShipmentStatus,
  scanNoteId,
  scanNoteText,
} from '@ordinal/domain';
import { SHIPMENTS_BY_TRACKING_COLLECTION, type ShipmentByTrackingDocument } from '@ordinal/projections';
import type { AggregateHost } from '../channels/channel-hosts.ts';
import { ApiError, rejectionError } from '../http/errors.ts';

/** What carrier intake needs; the composition root hands in the order host and the configured secrets. */
export interface CarrierDeps {
  /** The shared secret of each carrier; a carrier without one is not served. */
  readonly secrets: ReadonlyMap<string, string>;
  /** The order host: a scan is planned on the order's state now, not on the read side's. */
  readonly orders: AggregateHost<OrderCommand, OrderState>;
  /** The scan mapping of each carrier (default: the shipped ones). */
  readonly mappings?: ReadonlyMap<string, CarrierMappingDocument>;
}

/** What became of one scan. */
export interface ScanOutcome {
  readonly carrierEventId: string;
  readonly trackingNumber: string;
  readonly kind: CarrierScan['kind'];
  readonly orderId: string;
  readonly shipmentId: string;
  /** True when the scan moved the shipment; false when it was only recorded (late, or nothing to move). */
  readonly applied: boolean;
  /** True when this scan had been taken before: nothing was written this time. */
  readonly duplicate: boolean;
  readonly shipmentStatus: ShipmentStatus;
}

interface Located {
  readonly scan: CarrierScan;
  readonly orderId: string;
  readonly shipmentId: string;
}

/**
 * Carrier scans in, order events out: each scan is mapped, found by tracking number, turned
 * into the shipment commands that move it forward (never back) and recorded as an order note
 * keyed by (carrier, carrier event id), so a resent scan writes nothing.
 */
export class CarrierIntake {
  readonly #deps: CarrierDeps;
  readonly #mappings: ReadonlyMap<string, CarrierMappingDocument>;
  readonly #readStore: ReadStore;

  constructor(deps: CarrierDeps, mappings: ReadonlyMap<string, CarrierMappingDocument>, readStore: ReadStore) {
    this.#deps = deps;
    this.#mappings = mappings;
    this.#readStore = readStore;
  }

  /** The carrier's shared secret, or undefined when the carrier is not served. */
  secretOf(carrier: string): string | undefined {
    return this.#mappings.has(carrier) ? this.#deps.secrets.get(carrier) : undefined;
  }

  /** Maps, locates and records every scan of a payload, in the order the carrier sent them. */
  async receive(carrier: string, payload: unknown, request: ScanRequest): Promise<readonly ScanOutcome[]> {
    const mapping = this.#mappings.get(carrier);
    if (mapping === undefined) throw unknownCarrier(carrier);
    const mapped = applyCarrierMapping(mapping, payload);
    if (!mapped.ok) {
      const message = `the ${carrier} mapping v${mapping.version} cannot map the payload (${mapped.errors.length} error(s))`;
      throw new ApiError(422, 'carrier.unmappable', message, {
        carrier,
        mappingVersion: mapping.version,
        errors: mapped.errors,
      });
    }
    const located = await this.#locate(carrier, mapped.scans);
    const outcomes: ScanOutcome[] = [];
    for (const item of located) outcomes.push(await this.#record(carrier, item, request));
    return outcomes;
  }

  // Every tracking number must be known before anything is written: the payload is taken whole or not at all.
  async #locate(carrier: string, scans: readonly CarrierScan[]): Promise<Located[]> {
    const collection = this.#readStore.collection<ShipmentByTrackingDocument>(SHIPMENTS_BY_TRACKING_COLLECTION);
    const numbers = [...new Set(scans.map((scan) => scan.trackingNumber))];
    const found = new Map((await collection.getMany(numbers)).map((doc) => [doc.id, doc]));
    const unknown = numbers.filter((number) => !found.has(number));
    if (unknown.length > 0) {
      throw new ApiError(
        422,
        'carrier.unknown-tracking-number',
        `no dispatched shipment has the tracking number(s) ${unknown.join(', ')}; nothing of the payload was recorded, send it again once the shipment is dispatched`,
        { carrier, field: 'trackingNumber', trackingNumbers: unknown },
      );
    }
    return scans.map((scan) => {
      const doc = found.get(scan.trackingNumber) as ShipmentByTrackingDocument;
      return { scan, orderId: doc.orderId, shipmentId: doc.shipmentId };
    });
  }

  async #record(carrier: string, { scan, orderId, shipmentId }: Located, request: ScanRequest): Promise<ScanOutcome> {
    const noteId = scanNoteId(carrier, scan.carrierEventId);
    const base = { carrierEventId: scan.carrierEventId, trackingNumber: scan.trackingNumber, kind: scan.kind };
    const { state } = await this.#deps.orders.load(orderId);
    const statusNow = () => entryOf(state.context.shipments, shipmentId)?.status ?? 'cancelled';
    if (state.context.notes.some((note) => note.noteId === noteId)) {
      return { ...base, orderId, shipmentId, applied: false, duplicate: true, shipmentStatus: statusNow() };
    }
    const plan = planScan(orderId, shipmentId, statusNow(), scan);
    // Command ids derive from (carrier, event id): a scan sent twice at once is written once.
    const metadata = (commandId: string): CommandMetadata => ({
      commandId,
      correlationId: request.correlationId,
      actor: request.actor,
      occurredAt: scan.occurredAt,
    });
    let applied = plan.applied;
    for (const [index, command] of plan.commands.entries()) {
      const outcome = await this.#deps.orders.execute({ command, metadata: metadata(`${noteId}:${index}`) });
      // Another scan moved the shipment meanwhile: this one is then only recorded.
      if (outcome.status === 'rejected') {
        applied = false;
        break;
      }
    }
    const note: OrderCommand = {
      type: 'AddNote',
      orderId,
      noteId,
      text: scanNoteText(carrier, scan),
      visibility: 'customer',
    };
    const outcome = await this.#deps.orders.execute({ command: note, metadata: metadata(noteId) });
    if (outcome.status === 'rejected' && outcome.rejection.code !== 'order.duplicate-note') {
      throw rejectionError(outcome.rejection);
    }
    const duplicate = outcome.status === 'accepted' ? outcome.duplicate : true;
    const after = await this.#deps.orders.load(orderId);
    const shipmentStatus = entryOf(after.state.context.shipments, shipmentId)?.status ?? 'cancelled';
    return { ...base, orderId, shipmentId, applied: applied && !duplicate, duplicate, shipmentStatus };
  }
}

/** Who sent the scans and under which correlation. */
export interface ScanRequest {
  readonly correlationId: string;
  readonly actor: ActorRef;
}

/** The 404 of a carrier without a mapping or a secret. */
export function unknownCarrier(carrier: string): ApiError {
  return new ApiError(404, 'carrier.unknown', `carrier ${carrier} is not configured (no mapping or no shared secret)`, {
    carrier,
  });
}
