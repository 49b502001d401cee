import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The back office's browser UI: static files in service/web/dist that the service serves under
 * /bo/ (service/backoffice/index.ts). Built by `npm run build:backoffice` (and `npm run build`);
 * no source maps, relative asset paths.
 */
const root = import.meta.dirname;

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: { outDir: resolve(root, 'dist'), emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1500 },
});
