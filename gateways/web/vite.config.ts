import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The pages: one HTML shell each, hashed assets under /pages/assets/. Built to
 * gateways/dist/web, which the pages plugin serves (gateways/src/pages/pages.routes.ts).
 */
export default defineConfig({
  root: here('.'),
  base: '/pages/',
  logLevel: 'warn',
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        track: here('track.html'),
        ops: here('ops.html'),
        replay: here('replay.html'),
        rules: here('rules.html'),
        routing: here('routing.html'),
        approvals: here('approvals.html'),
        risk: here('risk.html'),
        kpis: here('kpis.html'),
        'alert-rules': here('alert-rules.html'),
      },
    },
  },
});
