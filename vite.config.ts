import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The console and the public portal are one SPA, served by the API server from dist/web.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: { outDir: '../../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2500 },
  server: {
    port: 5173,
    // Only the server's paths: a bare '/api' prefix would also catch the console's own sources under src/web/api/.
    proxy: Object.fromEntries(
      ['/api/v1', '/api/3', '/api/action', '/health', '/docs', '/openapi.json', '^/catalog\\.', '^/dataset/[^/]+\\.'].map((prefix) => [prefix, 'http://127.0.0.1:8080']),
    ),
  },
});
