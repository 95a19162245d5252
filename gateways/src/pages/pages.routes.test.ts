import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/api.fixture.ts';

describe('the pages plugin', () => {
  let dir: string;
  let api: TestApi;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ordinal-pages-'));
    await mkdir(join(dir, 'assets'));
    for (const name of ['track', 'ops', 'replay', 'rules', 'routing', 'alert-rules'])
      await writeFile(join(dir, `${name}.html`), `<title>${name}</title>`);
    await writeFile(join(dir, 'assets', 'track-Ab12_x.js'), 'console.log(1);');
    await writeFile(join(dir, 'assets', 'session-Zz9.css'), 'body{}');
    await writeFile(join(dir, 'secret.txt'), 'not an asset');
    api = await startTestApi({ pagesDir: dir });
  });
  afterAll(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves each page’s shell as HTML that is never cached without asking again', async () => {
    const cases: [string, string][] = [
      ['/track/o-1?token=abc', 'track'],
      ['/ops', 'ops'],
      ['/ops/orders/o-1', 'replay'],
      ['/ops/rules', 'rules'],
      ['/ops/routing', 'routing'],
      ['/ops/alerts/rules', 'alert-rules'],
    ];
    for (const [path, page] of cases) {
      const response = await api.request('GET', path);
      expect([path, response.status, response.text]).toEqual([path, 200, `<title>${page}</title>`]);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('serves hashed assets with their content type, cached for good', async () => {
    const script = await api.request('GET', '/pages/assets/track-Ab12_x.js');
    expect(script.status).toBe(200);
    expect(script.text).toBe('console.log(1);');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const style = await api.request('GET', '/pages/assets/session-Zz9.css');
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers 404 for an unknown asset and for any name that leaves the assets folder', async () => {
    for (const path of [
      '/pages/assets/nope-123.js',
      '/pages/assets/..%2Fsecret.txt',
      '/pages/assets/%2E%2E%2Ftrack.html',
    ]) {
      const response = await api.request('GET', path);
      expect([path, response.status, response.body.error]).toEqual([path, 404, 'route.not-found']);
    }
  });

  it('says the pages are not built (503) when the directory holds no build', async () => {
    const empty = await startTestApi({ pagesDir: join(dir, 'missing') });
    try {
      const response = await empty.request('GET', '/ops');
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ error: 'pages.not-built' });
      expect(response.body.message).toContain('npm run build');
    } finally {
      await empty.close();
    }
  });
});
