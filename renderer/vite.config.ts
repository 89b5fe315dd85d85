// Renderer build. Relative base so the same dist/ loads from file:// in Electron and from the
// browser host at http://127.0.0.1:PORT/. Root is this folder whatever the cwd.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = import.meta.dirname;

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: `${here}/dist`,
    emptyOutDir: true,
    // No inline scripts or data: modules, so a strict CSP (script-src 'self') holds.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // Source maps would publish the UI's source to anyone who can reach the host; the host refuses
    // .map files anyway. Build with --sourcemap to debug locally.
    sourcemap: false,
  },
});
