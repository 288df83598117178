import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The console: built into dist/web (served by the API at /), tested with Vitest in jsdom. The dev server
 * (`npm run web:dev`) forwards /graphql and /audit to a service started with `npm start`.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    // WEB_OUT_DIR builds elsewhere (the service then reads it from CONSOLE_DIR).
    outDir: process.env.WEB_OUT_DIR ? `${process.cwd()}/${process.env.WEB_OUT_DIR}` : '../../dist/web',
    emptyOutDir: true,
    // The nonce placeholder the API replaces per answer (index.html is never cached).
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
  },
  html: { cspNonce: '__CSP_NONCE__' },
  server: {
    proxy: { '/graphql': 'http://localhost:3000', '/audit': 'http://localhost:3000' },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
    css: false,
  },
});
