import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// The API server serves the built app from the same origin; in development Vite forwards
// the API paths to it.
const api = 'http://127.0.0.1:8080';

export default defineConfig({
  build: { target: 'es2020', sourcemap: false },
  plugins: [
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      injectManifest: { globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'] },
      manifest: {
        id: '/',
        name: 'Layanan Rehsos — Dinas Sosial',
        short_name: 'Rehsos',
        description: 'Pekerjaan lapangan Dinas Sosial: klien, tugas, rujukan, pemulangan.',
        lang: 'id',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0b5d4b',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
  server: {
    proxy: Object.fromEntries(
      ['/graphql', '/documents', '/verify', '/healthz'].map((p) => [p, { target: api, ws: p === '/graphql' }]),
    ),
  },
});
