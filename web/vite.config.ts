// `npm run build` runs `vite build --config web/vite.config.ts` from the repository root, but
// SvelteKit resolves its project (svelte.config.js, src/, .svelte-kit/) from process.cwd() —
// also in the worker processes it forks after the build to analyse the app. So the build moves
// into web/ before SvelteKit is loaded; every Kit path then stays relative to web/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webDir = path.dirname(fileURLToPath(import.meta.url));
if (process.cwd() !== webDir) process.chdir(webDir);
const { sveltekit } = await import('@sveltejs/kit/vite');

// The dev server proxies the API so `vite dev` works against a running `npm start`.
const apiTarget = process.env.DUIWU_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: webDir,
  plugins: [sveltekit()],
  server: { proxy: { '/api': apiTarget } },
  build: { chunkSizeWarningLimit: 2000 },
});
