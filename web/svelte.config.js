// The SvelteKit project lives in web/ (package.json stays at the repository root). The build runs
// with web/ as its working directory (see vite.config.ts), so these paths are relative to web/.
import adapter from '@sveltejs/adapter-static';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  compilerOptions: { runes: true },
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: false }),
    outDir: '.svelte-kit',
    files: { src: 'src', routes: 'src/routes', lib: 'src/lib', appTemplate: 'src/app.html', errorTemplate: 'src/error.html', assets: 'static' },
  },
};

export default config;
