import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { EventStore } from '@ordinal/domain';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer } from 'ws';
import { type LiveAccess, LiveConnection } from './live.connection.ts';
import { CLOSE_CODES } from './live.protocol.ts';
import type { OrderChangeFeed } from './order-change.feed.ts';

/** The running live server, as `app.live` of the fastify instance it is attached to. */
export interface LiveServerHandle {
  /** Connected clients. */
  clients(): number;
  /** Closes every connection with the code and reason (clients reconnect and resume). */
  dropAll(code: number, reason: string): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Present when the live protocol is served. */
    live?: LiveServerHandle;
  }
}

/**
 * Who the upgrade request is, as the access checks of its subscriptions; undefined refuses it
 * (401). An access with `expiresAt` closes the connection with 4001 at that moment.
 */
export type LiveAuthenticator = (request: IncomingMessage) => LiveAccess | undefined;

export interface LiveServerOptions {
  readonly events: Pick<EventStore, 'readStream'>;
  readonly feed: Pick<OrderChangeFeed, 'watchOrder' | 'watchChanges' | 'watchAlerts'>;
  /** Default: everyone may watch everything (buildApi always gives one, from its auth mode). */
  readonly authenticate?: LiveAuthenticator;
  /** Origins a browser may connect from; absent: any. Requests without an Origin header (non-browsers) pass. */
  readonly allowedOrigins?: readonly string[];
  readonly path?: string;
  /** Largest frame a client may send, in bytes (default 16 KiB; ws's own default is 100 MiB). */
  readonly maxPayload?: number;
  /** Bytes a client may leave unread before it is told to resume (default 1 MiB). */
  readonly maxBufferedBytes?: number;
  readonly maxSubscriptions?: number;
  /** Interval of the server's pings; a client that has not answered the last one by the next is dropped (default 30 s). */
  readonly heartbeatMs?: number;
  /** How long clients get to answer the going-away close before they are cut off (default 1 s). */
  readonly closeGraceMs?: number;
  /** Told the number of connected clients whenever it changes. */
  readonly onClients?: (count: number) => void;
  readonly onError?: (error: unknown) => void;
}

const OPEN_ACCESS: LiveAccess = { canWatchOrder: () => true, canWatchOpsFeed: () => true };

// setTimeout fires at once beyond this many ms, so a far expiry is reached in steps.
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** Runs `fire` at the instant (ms since the epoch), however far off; cancel stops it. */
function atTime(instant: number, fire: () => void): { cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const left = instant - Date.now();
    if (left <= 0) return fire();
    timer = setTimeout(arm, Math.min(left, LONGEST_TIMER_MS));
    timer.unref();
  };
  arm();
  return { cancel: () => clearTimeout(timer) };
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Serves the live protocol at `/ws` on the fastify instance's own HTTP server: upgrades, origin
 * and authentication checks, heartbeats, and an orderly close (1001) when fastify closes.
 */
export function attachLiveServer(app: FastifyInstance, options: LiveServerOptions): LiveServerHandle {
  const path = options.path ?? '/ws';
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload ?? 16 * 1024 });
  const connections = new Map<import('ws').WebSocket, LiveConnection>();
  const alive = new WeakSet<import('ws').WebSocket>();
  const told = () => options.onClients?.(connections.size);

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== path) return refuse(socket, 404, 'Not Found');
    const origin = request.headers.origin;
    if (origin !== undefined && options.allowedOrigins !== undefined && !options.allowedOrigins.includes(origin)) {
      return refuse(socket, 403, 'Forbidden');
    }
    const access = (options.authenticate ?? (() => OPEN_ACCESS))(request);
    if (access === undefined) return refuse(socket, 401, 'Unauthorized');
    wss.handleUpgrade(request, socket, head, (ws) => {
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      const connection = new LiveConnection(ws, {
        events: options.events,
        feed: options.feed,
        access,
        maxBufferedBytes: options.maxBufferedBytes ?? 1024 * 1024,
        maxSubscriptions: options.maxSubscriptions ?? 100,
        ...(options.onError === undefined ? {} : { onError: options.onError }),
      });
      connections.set(ws, connection);
      told();
      // A token is good until it expires, and so is the connection it opened: the client comes back with a new one.
      const expiry =
        access.expiresAt === undefined
          ? undefined
          : atTime(access.expiresAt, () =>
              connection.close(CLOSE_CODES.unauthorized, 'token expired: reconnect with a fresh token'),
            );
      ws.on('close', () => {
        expiry?.cancel();
        connections.delete(ws);
        told();
      });
    });
  };
  app.server.on('upgrade', onUpgrade);

  const heartbeat = setInterval(() => {
    for (const ws of connections.keys()) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  // Clients are told to go away (1001) and get a moment to answer; whoever has not by then is cut off,
  // so a stalled client cannot hold up a shutdown for ws's 30 s close timeout.
  app.addHook('preClose', async () => {
    clearInterval(heartbeat);
    app.server.off('upgrade', onUpgrade);
    for (const connection of connections.values()) connection.close(CLOSE_CODES.goingAway, 'server shutting down');
    const deadline = Date.now() + (options.closeGraceMs ?? 1_000);
    while (connections.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    for (const ws of connections.keys()) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
  const handle: LiveServerHandle = {
    clients: () => connections.size,
    dropAll: (code, reason) => {
      for (const connection of connections.values()) connection.close(code, reason);
    },
  };
  app.decorate('live', handle);
  return handle;
}
