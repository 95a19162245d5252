/**
 * How a rejection should be answered: `not-found` (no such order), `state` (not possible in the
 * order's current state or conflicting with what it already holds; retry makes no sense without
 * a change), `invalid` (the command's own data is wrong) or `forbidden` (the actor may not send
 * it for this order).
 */
export type OrderRejectionKind = 'not-found' | 'state' | 'invalid' | 'forbidden';

/** Every code an order command can be rejected with, and its kind. Codes are stable. */
export const ORDER_REJECTION_CODES = {
  'order.not-found': 'not-found',

  'order.already-placed': 'state',
  'order.closed': 'state',
  'order.not-confirmable': 'state',
  'order.not-holdable': 'state',
  'order.not-on-hold': 'state',
  'order.approval-not-requestable': 'state',
  'order.not-awaiting-approval': 'state',
  'order.approval-escalated': 'state',
  'order.approval-not-due': 'state',
  'order.not-allocatable': 'state',
  'order.not-completable': 'state',
  'order.not-cancellable': 'state',
  'order.line-not-cancellable': 'state',
  'order.not-closable': 'state',
  'order.authorization-open': 'state',
  'order.address-locked': 'state',
  'order.tag-present': 'state',
  'order.tag-absent': 'state',
  'order.duplicate-note': 'state',
  'shipment.invalid-transition': 'state',
  'shipment.duplicate': 'state',
  'shipment.already-dispatched': 'state',
  'shipment.not-rejectable': 'state',
  'payment.not-authorizable': 'state',
  'payment.not-capturable': 'state',
  'payment.not-voidable': 'state',
  'payment.not-refundable': 'state',
  'payment.duplicate': 'state',
  'payment.duplicate-refund': 'state',
  'return.not-requestable': 'state',
  'return.invalid-transition': 'state',
  'return.duplicate': 'state',
  'shipment.not-dispatched': 'state',
  'order.window-not-choosable': 'state',
  'shipment.consolidated': 'state',
  'shipment.not-consolidatable': 'state',
  'order.not-consolidated': 'state',

  'order.invalid-id': 'invalid',
  'order.invalid-field': 'invalid',
  'order.invalid-currency': 'invalid',
  'order.currency-mismatch': 'invalid',
  'order.invalid-amount': 'invalid',
  'order.invalid-coupon': 'invalid',
  'order.invalid-price': 'invalid',
  'order.invalid-quantity': 'invalid',
  'order.invalid-address': 'invalid',
  'order.no-lines': 'invalid',
  'order.duplicate-line': 'invalid',
  'order.line-unknown': 'invalid',
  'order.allocation-mismatch': 'invalid',
  'order.routing-mismatch': 'invalid',
  'shipment.unknown': 'invalid',
  'shipment.location-mismatch': 'invalid',
  'shipment.invalid-window': 'invalid',
  'payment.invalid-amount': 'invalid',
  'payment.currency-mismatch': 'invalid',
  'payment.unknown': 'invalid',
  'payment.capture-exceeds-authorized': 'invalid',
  'payment.capture-exceeds-order-value': 'invalid',
  'payment.refund-exceeds-captured': 'invalid',
  'return.unknown': 'invalid',
  'return.exceeds-delivered': 'invalid',
  'order.invalid-delivery-window': 'invalid',
  'shipment.consolidation-members': 'invalid',
  'shipment.consolidation-basis': 'invalid',
  'shipment.consolidation-window': 'invalid',

  'order.not-your-order': 'forbidden',
  'order.risk-hold': 'forbidden',
  'order.approval-role': 'forbidden',
} as const satisfies Readonly<Record<string, OrderRejectionKind>>;

/** A stable code an order command may be rejected with. */
export type OrderRejectionCode = keyof typeof ORDER_REJECTION_CODES;

/** The kind of a rejection code; undefined for codes that are not the order's. */
export function orderRejectionKind(code: string): OrderRejectionKind | undefined {
  return Object.hasOwn(ORDER_REJECTION_CODES, code) ? ORDER_REJECTION_CODES[code as OrderRejectionCode] : undefined;
}
