import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The C++ server serves dist/ and answers /api; `npm run dev` proxies /api to a local server.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: { proxy: { '/api': process.env.TONGBAO_API ?? 'http://127.0.0.1:8099' } },
});
