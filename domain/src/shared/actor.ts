/** Roles known to Ordinal; every route and command declares which of them may use it. */
export const ROLES = [
  'customer',
  'cs',
  'auditor',
  'ops',
  'admin',
  'integration',
  'finance',
  'risk',
  'privacy',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who or what caused something: a person (user with a role), a role acting as such,
 * or a system component (relay, router, importer, demo).
 */
export type ActorRef =
  | { readonly kind: 'user'; readonly id: string; readonly role: Role }
  | { readonly kind: 'role'; readonly role: Role }
  | { readonly kind: 'system'; readonly component: string };

/** A short human label for an actor, for timelines and logs. */
export function describeActor(actor: ActorRef): string {
  switch (actor.kind) {
    case 'user':
      return `${actor.id} (${actor.role})`;
    case 'role':
      return actor.role;
    case 'system':
      return `system:${actor.component}`;
  }
}
