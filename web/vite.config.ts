import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

// The UI is served by the Keel server itself, so the build lands in dist/web and
// `npm run build` leaves one folder to ship. In `vite dev`, API calls are proxied
// to a locally running server so the SDK can keep using same-origin URLs.
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:4200',
      '/healthz': 'http://127.0.0.1:4200',
      '/readyz': 'http://127.0.0.1:4200',
    },
  },
});
