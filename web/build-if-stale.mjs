// Builds the static web app (web/build) when it is missing or older than its sources.
// Run before `npm start` and before `npm test`, so a fresh checkout needs no separate build step.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

export function buildIfStale(tag = 'build') {
  const build = path.join(root, 'web', 'build', 'index.html');
  const sources = [path.join(root, 'web', 'src'), path.join(root, 'web', 'static')].filter((d) => fs.existsSync(d));
  const configs = ['web/vite.config.ts', 'web/svelte.config.js'].map((f) => path.join(root, f)).filter((f) => fs.existsSync(f));
  const srcTime = Math.max(...sources.map(newestMtime), ...configs.map((f) => fs.statSync(f).mtimeMs));
  if (fs.existsSync(build) && fs.statSync(build).mtimeMs >= srcTime) {
    console.log(`[${tag}] web/build is up to date`);
    return;
  }
  console.log(`[${tag}] building the web app (npm run build) …`);
  const r = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) {
    console.error(`[${tag}] npm run build failed`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) buildIfStale();
