import {
  type Address,
  type Customer,
  ERASED_MARKER,
  erasePersonalData,
  type OrderContext,
  type PersistedOrderState,
  type ShipmentState,
} from '@ordinal/domain';

// Every mask is idempotent (masking a masked value changes nothing): documents store the
// masked machine context, which is restored, advanced and masked again on every event. An
// erased value (ERASED_MARKER) is left as it is, so it reads the same masked or not.

/** `Jane van Doe` → `J*** v*** D***`. */
export function maskName(name: string): string {
  if (name === ERASED_MARKER) return name;
  return name
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .map((word) => `${[...word][0]}***`)
    .join(' ');
}

/** `jane.doe@example.com` → `j***@example.com`; the domain stays (it tells support which provider). */
export function maskEmail(email: string): string {
  if (email === ERASED_MARKER) return email;
  const at = email.lastIndexOf('@');
  if (at <= 0) return maskName(email);
  return `${[...email.slice(0, at)][0]}***${email.slice(at)}`;
}

/** `+1 555 123 1234` → `*******1234`: every digit but the last four becomes `*`, formatting is dropped. */
export function maskPhone(phone: string): string {
  if (phone === ERASED_MARKER) return phone;
  const kept = phone.replace(/[^0-9*]/g, '');
  if (kept.length <= 4) return '*'.repeat(kept.length);
  return '*'.repeat(kept.length - 4) + kept.slice(-4);
}

/** A customer with contact data masked; id and tier kept. */
export function maskCustomer(customer: Customer): Customer {
  return {
    ...customer,
    ...(customer.name === undefined ? {} : { name: maskName(customer.name) }),
    ...(customer.email === undefined ? {} : { email: maskEmail(customer.email) }),
    ...(customer.phone === undefined ? {} : { phone: maskPhone(customer.phone) }),
  };
}

/**
 * An address with name, street lines and phone masked and its coordinates (as exact as the
 * street) left out; city, region, postal code and country kept.
 */
export function maskAddress(address: Address): Address {
  const { coordinates: _, ...rest } = address;
  return {
    ...rest,
    name: maskName(address.name),
    line1: maskName(address.line1),
    ...(address.line2 === undefined ? {} : { line2: maskName(address.line2) }),
    ...(address.phone === undefined ? {} : { phone: maskPhone(address.phone) }),
  };
}

const maskReceiver = <T extends { readonly receivedBy?: string }>(item: T): T =>
  item.receivedBy === undefined ? item : { ...item, receivedBy: maskName(item.receivedBy) };

/** A shipment with who signed for it masked, on the shipment and on its scans. */
export function maskShipment(shipment: ShipmentState): ShipmentState {
  // Contexts stored before shipments kept scans have none.
  const scans = (shipment.scans ?? []).map(maskReceiver);
  return { ...maskReceiver(shipment), scans };
}

/** The order context with every personal field masked (customer, address, who signed for a parcel). */
export function maskOrderContext(context: OrderContext): OrderContext {
  const shipments = Object.fromEntries(
    Object.entries(context.shipments).map(([id, shipment]) => [id, maskShipment(shipment)]),
  );
  return {
    ...context,
    customer: context.customer === null ? null : maskCustomer(context.customer),
    shippingAddress: context.shippingAddress === null ? null : maskAddress(context.shippingAddress),
    shipments,
  };
}

/** A persisted machine state safe to keep in a read model. */
export function maskPersistedState(state: PersistedOrderState): PersistedOrderState {
  return { value: state.value, context: maskOrderContext(state.context) };
}

const eraseReceiver = <T extends { readonly receivedBy?: string }>(item: T): T =>
  item.receivedBy === undefined ? item : { ...item, receivedBy: ERASED_MARKER };

/**
 * The order context as it reads once its customer was erased: every personal field replaced
 * by the marker as the event store hands it out (`erasePersonalData`), the rest unchanged.
 * Idempotent, like the masks.
 */
export function eraseOrderContext(context: OrderContext): OrderContext {
  const shipments = Object.fromEntries(
    Object.entries(context.shipments).map(([id, shipment]) => [
      id,
      { ...eraseReceiver(shipment), scans: (shipment.scans ?? []).map(eraseReceiver) },
    ]),
  );
  return {
    ...context,
    customer:
      context.customer === null ? null : erasePersonalData('OrderPlaced', { customer: context.customer }).customer,
    shippingAddress:
      context.shippingAddress === null
        ? null
        : erasePersonalData('ShippingAddressChanged', { address: context.shippingAddress }).address,
    hold: context.hold === null ? null : erasePersonalData('OrderHeld', context.hold),
    shipments,
  };
}
