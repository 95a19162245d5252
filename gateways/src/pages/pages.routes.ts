import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { ApiError } from '../http/errors.ts';

/** Where the built pages are (see `ensurePagesBuilt`). */
export interface PagesOptions {
  readonly dir: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Vite's output names: a name, a content hash, an extension; nothing that walks out of the folder. */
const ASSET_NAME = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.[a-z0-9]+$/;
const HIDDEN = { hide: true } as const;

/**
 * The pages (docs/pages.md): `/track/:orderId` for the customer, `/ops` for the floor,
 * `/ops/orders/:orderId` for customer service and audit, `/ops/rules` and `/ops/routing` for
 * operators changing how orders are handled, and the work queues `/ops/approvals` (approvers)
 * and `/ops/risk` (risk staff), `/ops/kpis` for managers, and `/ops/alerts/rules` for the alert rules. The shells and their hashed assets are
 * public; the data each page loads comes from the API's own, guarded routes.
 */
export const pagesRoutes: FastifyPluginAsync<PagesOptions> = async (app, { dir }) => {
  async function shell(reply: FastifyReply, name: string): Promise<FastifyReply> {
    let html: Buffer;
    try {
      html = await readFile(join(dir, name));
    } catch {
      throw new ApiError(503, 'pages.not-built', 'the pages are not built: run `npm run build -w gateways`');
    }
    // Always asked again, so a new build's asset names are picked up at once.
    return reply
      .type(CONTENT_TYPES['.html'] as string)
      .header('cache-control', 'no-cache')
      .send(html);
  }

  const page = { config: { public: true }, schema: HIDDEN };
  app.get('/track/:orderId', page, (_request, reply) => shell(reply, 'track.html'));
  app.get('/ops', page, (_request, reply) => shell(reply, 'ops.html'));
  app.get('/ops/orders/:orderId', page, (_request, reply) => shell(reply, 'replay.html'));
  app.get('/ops/rules', page, (_request, reply) => shell(reply, 'rules.html'));
  app.get('/ops/routing', page, (_request, reply) => shell(reply, 'routing.html'));
  app.get('/ops/approvals', page, (_request, reply) => shell(reply, 'approvals.html'));
  app.get('/ops/risk', page, (_request, reply) => shell(reply, 'risk.html'));
  app.get('/ops/kpis', page, (_request, reply) => shell(reply, 'kpis.html'));
  app.get('/ops/alerts/rules', page, (_request, reply) => shell(reply, 'alert-rules.html'));

  app.get<{ Params: { file: string } }>('/pages/assets/:file', page, async (request, reply) => {
    const { file } = request.params;
    const type = CONTENT_TYPES[extname(file)];
    const missing = () => new ApiError(404, 'route.not-found', `no page asset ${file}`);
    if (!ASSET_NAME.test(file) || type === undefined) throw missing();
    let body: Buffer;
    try {
      body = await readFile(join(dir, 'assets', file));
    } catch {
      throw missing();
    }
    // The name changes with the content, so a browser may keep it for good.
    return reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').send(body);
  });
};
