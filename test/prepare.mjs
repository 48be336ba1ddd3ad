// `pretest`: make sure what the browser tests need exists before vitest starts.
// 1. Debian chromium at /usr/bin/chromium (playwright's own download does not work here):
//    installed with apt-get when running as root, otherwise a clear message and exit 1.
// 2. The static web build (web/build), rebuilt when missing or older than any file in web/src.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from '../web/build-if-stale.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const chromium = process.env.DUIWU_CHROMIUM ?? '/usr/bin/chromium';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

if (!fs.existsSync(chromium)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `[prepare] Chromium was not found at ${chromium}. The browser tests need Debian's chromium package.\n` +
        `          Install it with:  sudo apt-get update && sudo apt-get install -y chromium\n` +
        `          (or set DUIWU_CHROMIUM to the path of a Chromium binary).`,
    );
    process.exit(1);
  }
  console.log('[prepare] installing chromium with apt-get …');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['update'], { env }) !== 0 || run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { env }) !== 0 || !fs.existsSync(chromium)) {
    console.error('[prepare] apt-get could not install chromium; install it by hand: apt-get install -y chromium');
    process.exit(1);
  }
}

buildIfStale('prepare');
