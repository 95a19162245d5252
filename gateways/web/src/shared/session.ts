import { LiveClient, type LiveClientStatus, type WebSocketLike } from '../../../src/live/live.client.ts';

const TOKEN_KEY = 'ordinal.token';
/** The websocket close code for missing, invalid or expired credentials (docs/websocket.md). */
const UNAUTHORIZED = 4001;

/**
 * The bearer token of this tab: taken from `?token=` when the link carries one (then removed
 * from the address bar, so it is not bookmarked or shared by copying the URL), else the one
 * kept in sessionStorage from an earlier load of the tab.
 */
export function takeToken(): string | undefined {
  const url = new URL(window.location.href);
  const given = url.searchParams.get('token');
  if (given !== null) {
    sessionStorage.setItem(TOKEN_KEY, given);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return given;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

/**
 * Who a token names, as "ana.lima (admin)", read from its claims for display only (the server
 * checks the signature; the page never trusts this for anything); undefined when unreadable.
 */
export function tokenHolder(token: string | undefined): string | undefined {
  const body = token?.split('.')[1];
  if (body === undefined) return undefined;
  try {
    const json = atob(body.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as {
      sub?: unknown;
      role?: unknown;
    };
    return typeof claims.sub === 'string' && typeof claims.role === 'string'
      ? `${claims.sub} (${claims.role})`
      : undefined;
  } catch {
    return undefined;
  }
}

/** An API answer that was not 2xx: its status and the error body's code and message. */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error body's details: the field and reason of a 4xx, every problem of a refused document. */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** What a person is told about a failed request, in plain words. */
export function problemText(problem: unknown): string {
  if (problem instanceof ApiProblem) {
    if (problem.status === 401) return 'Your link has expired — ask for a new one.';
    if (problem.status === 403) return 'This link does not give access to this page.';
    if (problem.status === 404 && problem.code.startsWith('order.')) return 'Order not found.';
    return `${problem.message} (${problem.code})`;
  }
  return 'The service cannot be reached right now; the page will keep trying.';
}

/**
 * What a person is told when the API refuses a change: a 403 names what the signed-in role may
 * not do (the pages that change things are used by several roles); anything else as `problemText`.
 */
export function refusalText(problem: unknown): string {
  if (problem instanceof ApiProblem && problem.status === 403) {
    return `Not allowed for the role of this link: ${problem.message} (${problem.code}).`;
  }
  return problemText(problem);
}

/** The API as a page calls it: same origin, JSON, with the tab's bearer token. */
export class Api {
  constructor(readonly token: string | undefined) {}

  get<T>(path: string): Promise<T> {
    return this.#call<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.#call<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.#call<T>('PUT', path, body);
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      const code = typeof answer.error === 'string' ? answer.error : `http.${response.status}`;
      const message = typeof answer.message === 'string' ? answer.message : response.statusText;
      const details = typeof answer.details === 'object' && answer.details !== null ? answer.details : {};
      throw new ApiProblem(response.status, code, message, details as Record<string, unknown>);
    }
    return answer as T;
  }

  /**
   * A live client on this origin's `/ws`, reconnecting and resuming by itself; except when the
   * server closes for missing or expired credentials (4001): trying again would not help.
   */
  live(onStatus: (status: LiveClientStatus, detail?: { code: number; reason: string }) => void): LiveClient {
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const query = this.token === undefined ? '' : `?token=${encodeURIComponent(this.token)}`;
    const client: LiveClient = new LiveClient({
      url: `${scheme}//${window.location.host}/ws${query}`,
      connect: (url) => new WebSocket(url) as unknown as WebSocketLike,
      maxDelayMs: 3_000,
      onStatus: (status, detail) => {
        if (detail?.code !== UNAUTHORIZED) return onStatus(status, detail);
        client.close();
        onStatus('closed', detail);
      },
    });
    return client;
  }
}

const STATUS_TEXT: Record<LiveClientStatus, string> = {
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Not live',
};

/** Shows the live connection's state in the element (`data-status` for styling and tests). */
export function showConnection(
  element: HTMLElement,
  status: LiveClientStatus,
  detail?: { code: number; reason: string },
): void {
  element.dataset.status = status;
  element.textContent = detail?.code === 4001 ? 'Link expired' : STATUS_TEXT[status];
  element.title =
    status === 'open' ? 'Updates arrive as they happen' : 'Updates will resume where they left off once connected';
}

/** The last path segment, decoded: the order id of `/track/<id>` and `/ops/orders/<id>`. */
export function orderIdFromPath(): string {
  const segments = window.location.pathname.split('/').filter((s) => s.length > 0);
  return decodeURIComponent(segments[segments.length - 1] ?? '');
}

/**
 * The role a token's claims name (`ord1.<claims>.<signature>`), to choose what a page shows
 * first; the server checks the signature and decides what the role may do.
 */
export function tokenRole(token: string | undefined): string | undefined {
  const claims = token?.split('.')[1];
  if (claims === undefined) return undefined;
  try {
    const json = atob(claims.replace(/-/g, '+').replace(/_/g, '/'));
    const role = (JSON.parse(json) as { role?: unknown }).role;
    return typeof role === 'string' ? role : undefined;
  } catch {
    return undefined;
  }
}
