import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

const root = import.meta.dirname;

/**
 * One build for both ways the station runs: `out/main/index.js` is the Electron main process,
 * `out/main/loopback.js` the same station under plain Node with the loopback host,
 * `out/main/station-cli.js` the command line, `out/main/imaging-worker.js` the imaging worker thread; the sandboxed
 * preload is a single CommonJS file with its few dependencies bundled in; the renderer is static files.
 * No source maps ship in production.
 */
export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      sourcemap: false,
      rollupOptions: {
        input: {
          index: resolve(root, 'main/app/main.ts'),
          loopback: resolve(root, 'main/host/loopback/main.ts'),
          // The `station` command line as shipped: staff accounts, diagnostics, card reads on a deployed station.
          'station-cli': resolve(root, 'main/cli/station.ts'),
          // The imaging worker thread (recognition, photo normalization): its own file, which the
          // client in the bundles starts as `imaging-worker.js` beside them.
          'imaging-worker': resolve(root, 'main/imaging/worker/imaging-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      sourcemap: false,
      // A sandboxed preload cannot require node_modules: bundle what it uses.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      sourcemap: false,
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
