// The context keeps shipments, payments, refunds and returns as plain JSON records keyed by
// ids the caller chose. Plain `record[id]` finds inherited properties (`constructor`,
// `toString`), and `record[id] = value` with `__proto__` replaces the prototype instead of
// adding an entry. Lookups by id go through `entryOf`, writes by id through `withEntry`
// (or `Object.fromEntries`, which defines its keys as well).

/** The entry of `record` under `id`: only the record's own, never an inherited property. */
export function entryOf<T>(record: Readonly<Record<string, T>>, id: string): T | undefined {
  return Object.hasOwn(record, id) ? record[id] : undefined;
}

/** A copy of `record` with `value` under `id`, defined as an own key whatever the id. */
export function withEntry<T>(record: Readonly<Record<string, T>>, id: string, value: T): Record<string, T> {
  // A computed key defines a data property, even for `__proto__`; assignment would not.
  return { ...record, [id]: value };
}
