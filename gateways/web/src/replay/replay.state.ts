/** The machine's state value as one line per region: `{ main: { fulfilment: 'picking' } }` → `main: fulfilment.picking`. */
export function activeStates(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value as Record<string, unknown>).map(([region, inner]) => `${region}: ${path(inner)}`);
}

function path(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return '';
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [name, inner] = entries[0] as [string, unknown];
    const rest = path(inner);
    return rest === '' ? name : `${name}.${rest}`;
  }
  // Parallel regions inside a state: each in brackets.
  return entries.map(([name, inner]) => `[${name}: ${path(inner)}]`).join(' ');
}
