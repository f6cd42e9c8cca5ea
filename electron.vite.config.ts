// electron-vite builds the Electron main process, the preload bridge and the Svelte renderer.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { CSP_META } from './shared/csp';

const root = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // validate-worker: the manifest parser's worker thread (electron/engine/validate/pool.ts finds it beside index.js).
      // probe-worker: the live model's probe thread (electron/engine/probe/thread.ts finds it beside index.js).
      lib: { entry: { index: resolve(root, 'electron/main/index.ts'), 'validate-worker': resolve(root, 'electron/engine/validate/worker-main.ts'), 'probe-worker': resolve(root, 'electron/engine/probe/worker-main.ts') } },
      rollupOptions: { external: ['dockerode', '@resvg/resvg-js', 'ws', 'yaml', 'zod'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: resolve(root, 'electron/preload/index.ts') },
      rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    // The page's <meta> CSP is shared/csp.ts's, like the window's and serve's headers.
    plugins: [svelte(), { name: 'podlab-csp', transformIndexHtml: (html: string): string => html.replace('%PODLAB_CSP%', CSP_META) }],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
