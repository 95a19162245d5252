import { DEMO_MARKETS, type DemoMarket } from './demo.catalog.ts';

/** A small seeded PRNG (mulberry32) so a demo run can be repeated exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('cannot pick from an empty list');
  return item;
}

/** How a demo order's life goes. */
export type DemoStory = 'delivered' | 'cancelled' | 'line-cancelled' | 'redelivered' | 'returned';

/** A command as the API takes it on `POST /orders/:orderId/commands`. */
export type DemoCommand = { readonly type: string } & Readonly<Record<string, unknown>>;

/** Everything the demo will send for one order: the PlaceOrder body, then its commands. */
export interface DemoOrderPlan {
  readonly key: string;
  readonly story: DemoStory;
  readonly place: Readonly<Record<string, unknown>>;
  readonly steps: readonly DemoCommand[];
}

function chooseStory(random: () => number, lineCount: number): DemoStory {
  const roll = random();
  if (roll < 0.08) return 'cancelled';
  if (roll < 0.13 && lineCount > 1) return 'line-cancelled';
  if (roll < 0.19) return 'redelivered';
  if (roll < 0.27) return 'returned';
  return 'delivered';
}

/** Plans the n-th demo order of a run: a realistic order and the lifecycle it will go through. */
export function planDemoOrder(random: () => number, runId: string, n: number): DemoOrderPlan {
  const market: DemoMarket = pick(random, DEMO_MARKETS);
  const channel = pick(random, market.channels);
  const place = pick(random, market.cities);
  const name = pick(random, market.names);
  const lineCount = 1 + Math.floor(random() * 3);
  const skus = new Set<string>();
  const lines = [];
  for (let i = 0; i < lineCount; i += 1) {
    const product = pick(random, market.products);
    if (skus.has(product.sku)) continue;
    skus.add(product.sku);
    const quantity = 1 + Math.floor(random() * 3);
    lines.push({
      lineId: String(lines.length + 1),
      sku: product.sku,
      name: product.name,
      quantity,
      unitPrice: { amount: product.price, currency: market.currency },
    });
  }
  const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice.amount, market.shippingFee);
  const customerNo = 1 + Math.floor(random() * 400);
  const key = `${runId}-${n}`;
  const body = {
    customer: {
      customerId: `cust-${market.currency.toLowerCase()}-${customerNo}`,
      name,
      email: `customer${customerNo}@example.com`,
      phone: `+86 138 0000 ${String(customerNo).padStart(4, '0')}`,
    },
    channel: { salesChannel: channel, externalOrderId: `${channel.toUpperCase()}-${key}` },
    lines,
    shippingAddress: {
      name,
      line1: `${1 + Math.floor(random() * 200)} Demo Road`,
      city: place.city,
      region: place.region,
      postalCode: place.postalCode,
      country: place.country,
    },
    shippingFee: { amount: market.shippingFee, currency: market.currency },
    currency: market.currency,
  };
  const story = chooseStory(random, lines.length);
  const paymentId = `pay-${key}`;
  const shipmentId = `shp-${key}`;
  const locationId = pick(random, market.locations);
  const steps: DemoCommand[] = [
    {
      type: 'AuthorizePayment',
      paymentId,
      amount: { amount: total, currency: market.currency },
      method: pick(random, ['card', 'alipay', 'wechat-pay']),
    },
  ];
  if (story === 'cancelled') {
    steps.push(
      { type: 'CancelOrder', reason: 'customer changed their mind' },
      { type: 'VoidPayment', paymentId, reason: 'order cancelled' },
    );
    return { key, story, place: body, steps };
  }
  const kept = story === 'line-cancelled' ? lines.slice(0, -1) : lines;
  let capture = total;
  if (story === 'line-cancelled') {
    const last = lines[lines.length - 1]!;
    capture -= last.quantity * last.unitPrice.amount;
    steps.push({
      type: 'CancelOrderLines',
      lines: [{ lineId: last.lineId, quantity: last.quantity }],
      reason: 'out of stock at the channel',
    });
  }
  const carrier = pick(random, market.carriers);
  steps.push(
    {
      type: 'AllocateOrder',
      allocations: [
        {
          shipmentId,
          locationId,
          lines: kept.map((l) => ({ lineId: l.lineId, quantity: l.quantity })),
          service: 'standard',
        },
      ],
    },
    // Capture only what will ship: the authorization covered the line cancelled since.
    capture === total
      ? { type: 'CapturePayment', paymentId }
      : { type: 'CapturePayment', paymentId, amount: { amount: capture, currency: market.currency } },
    { type: 'StartPicking', shipmentId },
    { type: 'PackShipment', shipmentId, parcels: 1 },
    {
      type: 'DispatchShipment',
      shipmentId,
      carrier,
      trackingNumber: `${carrier.toUpperCase()}${Math.floor(random() * 1e10)}`,
    },
    { type: 'RecordShipmentInTransit', shipmentId, location: `${place.city} hub` },
    { type: 'RecordOutForDelivery', shipmentId },
  );
  if (story === 'redelivered') {
    steps.push(
      { type: 'RecordDeliveryFailure', shipmentId, reason: 'nobody at home' },
      { type: 'ReattemptDelivery', shipmentId },
    );
  }
  steps.push({ type: 'RecordDelivery', shipmentId, receivedBy: name });
  if (story === 'returned') {
    const line = kept[0]!;
    const returnId = `ret-${key}`;
    steps.push(
      { type: 'RequestReturn', returnId, lines: [{ lineId: line.lineId, quantity: 1 }], reason: 'wrong size' },
      { type: 'ApproveReturn', returnId },
      { type: 'ReceiveReturn', returnId, condition: 'resellable' },
      { type: 'RefundPayment', refundId: `ref-${key}`, amount: line.unitPrice, reason: 'returned item', returnId },
    );
  }
  steps.push({ type: 'CompleteOrder' });
  return { key, story, place: body, steps };
}
