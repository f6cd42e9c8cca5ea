// electron-vite builds the Electron main process, the preload bridge and the Svelte renderer.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // validate-worker: the manifest parser's worker thread (electron/engine/validate/pool.ts finds it beside index.js).
      lib: { entry: { index: resolve(root, 'electron/main/index.ts'), 'validate-worker': resolve(root, 'electron/engine/validate/worker-main.ts') } },
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
    plugins: [svelte()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
