import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The console and (later) the public portal are one SPA, served by the API server from dist/web.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: { outDir: '../../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2500 },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:8080', '/health': 'http://127.0.0.1:8080', '/docs': 'http://127.0.0.1:8080' },
  },
});
