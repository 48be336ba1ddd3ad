// Browser-test harness: a real server (`api/start.ts`) on small demo data in a temp data dir, the
// users of every role created through the fixed admin API, and Debian's Chromium via playwright-core.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { generateDemo } from '../../pipelines/demo/generate.ts';
import { refresh } from '../../pipelines/refresh.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const AS_OF = '2025-06-30';
export const PASSWORD = 'E2e-Passw0rd-2025';
export const shotsDir = path.join(repoRoot, 'test', 'output', 'screenshots');
export const chromiumPath = process.env.DUIWU_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

export interface Server {
  url: string;
  dataDir: string;
  demoDir: string;
  proc: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Small demo data, refreshed at a fixed as_of, then `api/start.ts` serving it. */
export async function startServer(opts: { scale?: 'small' | 'city' } = {}): Promise<Server> {
  if (!fs.existsSync(path.join(repoRoot, 'web', 'build', 'index.html'))) throw new Error('web/build missing: run `npm run build` (npm test does it in pretest)');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duiwu-e2e-'));
  const demoDir = path.join(dataDir, 'demo-src');
  await generateDemo({ scale: opts.scale ?? 'small', seed: 1, out: demoDir, asOf: AS_OF });
  const r = await refresh({ input: demoDir, asOf: AS_OF, dataDir });
  if (r.status !== 'published') throw new Error(`demo refresh failed: ${r.error?.message}`);
  const port = await freePort();
  let out = '';
  const proc = spawn(process.execPath, ['--import', 'tsx', 'api/start.ts'], {
    cwd: repoRoot,
    env: { ...process.env, DUIWU_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DUIWU_ADMIN_PASSWORD: PASSWORD, DUIWU_MEMORY_LIMIT: '1GB' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}):\n${out}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not answer /api/health:\n${out}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    dataDir,
    demoDir,
    proc,
    log: () => out,
    stop: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Session cookie of a login through the fixed API path. */
export async function apiLogin(url: string, username: string, password = PASSWORD): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

export async function apiJson<T>(url: string, cookie: string, p: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(url + p, {
    method: init.method ?? 'GET',
    headers: { cookie, origin: url, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${p}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

export interface Users {
  district: { unit_id: string; unit_name: string; district: string };
}

/** One user per role through POST /api/admin/users; the hr officer is scoped to one district bureau. */
export async function createUsers(url: string): Promise<Users> {
  const admin = await apiLogin(url, 'admin');
  const units = await apiJson<{ items: { unit_id: string; unit_name: string; unit_type: string; district: string | null }[] }>(url, admin, '/api/structure/units');
  const d = units.items.find((u) => u.unit_type === '区局' && u.district);
  if (!d) throw new Error('demo data has no district bureau');
  const users = [
    { username: 'e2e_hr', role: 'hr', scope: [d.unit_id] },
    { username: 'e2e_hr_city', role: 'hr', scope: [] },
    { username: 'e2e_leader', role: 'leader', scope: [] },
    { username: 'e2e_analyst', role: 'analyst', scope: [] },
  ];
  for (const u of users) await apiJson(url, admin, '/api/admin/users', { method: 'POST', body: { ...u, password: PASSWORD } });
  return { district: { unit_id: d.unit_id, unit_name: d.unit_name, district: d.district! } };
}

export async function launch(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium (npm test installs it in pretest)`);
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

export async function newSession(browser: Browser, url: string, username: string, viewport = { width: 1366, height: 768 }): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  const ctx = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 }), page.click('button[type=submit]')]);
  await page.waitForSelector('[data-testid=who-role]');
  return { ctx, page, errors };
}

/** A logged-in session for the length of `use`, its browser context closed afterwards whatever happens. */
export async function withSession<T>(browser: Browser, url: string, username: string, use: (s: { ctx: BrowserContext; page: Page; errors: string[] }) => Promise<T>): Promise<T> {
  const session = await newSession(browser, url, username);
  try {
    return await use(session);
  } finally {
    await session.ctx.close();
  }
}

/** Waits until the page shows data (or an empty/error state): nothing loading, no chart drawing. */
export async function settled(page: Page, timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    () => {
      // Until the app has mounted there is no <main id="main">: an empty page is not a settled one.
      const main = document.querySelector('main#main');
      return !!main && !main.querySelector('.state.loading, [aria-busy="true"], figure.chart[data-state="loading"]') && !document.querySelector('.boot');
    },
    undefined,
    { timeout, polling: 50 },
  );
}

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
}
