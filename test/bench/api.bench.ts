// API latency under load: the server runs as its own process (npm start on a prepared data dir),
// autocannon drives 50 concurrent connections over loopback. Measured: rotation-due page (50 rows,
// filtered by district) and profile reads (a different person each request), as an hr user of the
// whole city. Scale: DUIWU_BENCH_API_SCALE (default national; the demo input and its snapshot are
// built once and reused, in os.tmpdir()). DUIWU_BENCH_DATA_DIR=<data dir> serves that dir's published
// snapshot instead (copied once into a bench dir of our own: the server writes app.duckdb beside it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import autocannon from 'autocannon';
import { repoRoot } from '../../pipelines/config.ts';
import { table } from '../../pipelines/report.ts';

const asOf = '2026-06-30';
const connections = 50;
const durationS = Number(process.env.DUIWU_BENCH_API_SECONDS ?? 15);
const port = Number(process.env.DUIWU_BENCH_API_PORT ?? 18090);
const adminPassword = 'Bench-passw0rd';
const targets = { due: 20, profile: 30 };

function sh(args: string[], env: Record<string, string> = {}): string {
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, TZ: 'Asia/Shanghai', ...env } });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Demo input (shared with the pipeline benchmark) and one published snapshot of it. */
function prepare(scale: string): string {
  const input = path.join(os.tmpdir(), `duiwu-bench-${scale}`);
  if (!fs.existsSync(path.join(input, '.done'))) {
    fs.rmSync(input, { recursive: true, force: true });
    sh(['--import', 'tsx', 'pipelines/demo/cli.ts', '--scale', scale, '--seed', '1', '--out', input, '--as-of', asOf]);
    fs.writeFileSync(path.join(input, '.done'), 'ok');
  }
  const dataDir = path.join(os.tmpdir(), `duiwu-bench-api-${scale}`);
  if (!fs.existsSync(path.join(dataDir, 'warehouse', 'current.duckdb'))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    sh(['--import', 'tsx', 'test/bench/refresh-child.ts', input, asOf, dataDir]);
  }
  fs.rmSync(path.join(dataDir, 'app.duckdb'), { force: true });
  fs.rmSync(path.join(dataDir, 'app.duckdb.wal'), { force: true });
  return dataDir;
}

async function startServer(dataDir: string): Promise<{ stop: () => void; documents: Promise<number> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/start.ts'], {
    cwd: repoRoot,
    env: { ...process.env, TZ: 'Asia/Shanghai', DUIWU_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DUIWU_ADMIN_PASSWORD: adminPassword },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Profiles are served from the snapshot's profile documents once built (in the background, once per
  // snapshot, kept on disk): the server logs the build, which is measured on its own and waited for.
  let documentsReady: (s: number) => void = () => {};
  const documents = new Promise<number>((resolve) => (documentsReady = resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      const text = b.toString();
      if (text.includes('已启动')) resolve();
      const ready = /人员画像文档已就绪：\d+ 人（([\d.]+) 秒）/.exec(text);
      if (ready) documentsReady(Number(ready[1]));
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return { stop: () => child.kill('SIGTERM'), documents };
}

async function call(p: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}${p}`, init);
}

interface Measured {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function load(name: string, cookie: string, paths: string[]): Promise<Measured> {
  const latencies: number[] = [];
  let i = 0;
  let errors = 0;
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: durationS,
    headers: { cookie },
    requests: [{ method: 'GET', setupRequest: (req: Record<string, unknown>) => ({ ...req, path: paths[i++ % paths.length] }) }],
  });
  instance.on('response', (_c: unknown, status: number, _b: number, ms: number) => {
    latencies.push(ms);
    if (status !== 200) errors++;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return { name, requests: latencies.length, rps: Math.round(result.requests.average), p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), errors: errors + result.errors + result.non2xx };
}

/** A bench data dir serving the snapshot published in `source` (never written to). */
function useExisting(source: string): string {
  const from = path.join(source, 'warehouse', 'current.duckdb');
  if (!fs.existsSync(from)) throw new Error(`DUIWU_BENCH_DATA_DIR: no published snapshot at ${from}`);
  const dataDir = path.join(os.tmpdir(), 'duiwu-bench-api-existing');
  const snapshots = path.join(dataDir, 'warehouse', 'snapshots');
  const copy = path.join(snapshots, 'bench.duckdb');
  const current = path.join(dataDir, 'warehouse', 'current.duckdb');
  const src = fs.statSync(from);
  const have = fs.existsSync(copy) ? fs.statSync(copy) : undefined;
  if (!have || have.size !== src.size || have.mtimeMs < src.mtimeMs) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(snapshots, { recursive: true });
    fs.copyFileSync(from, copy);
    // As publish leaves it: current.duckdb is a second name of the snapshot file.
    fs.linkSync(copy, current);
  }
  fs.rmSync(path.join(dataDir, 'app.duckdb'), { force: true });
  fs.rmSync(path.join(dataDir, 'app.duckdb.wal'), { force: true });
  return dataDir;
}

export async function run(): Promise<string> {
  const existing = process.env.DUIWU_BENCH_DATA_DIR;
  const scale = existing ? `existing data dir ${existing}` : (process.env.DUIWU_BENCH_API_SCALE ?? 'national');
  const dataDir = existing ? useExisting(path.resolve(existing)) : prepare(scale);
  const t0 = Date.now();
  const { stop, documents } = await startServer(dataDir);
  const startS = ((Date.now() - t0) / 1000).toFixed(1);
  const documentsS = await Promise.race([documents, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('profile documents not ready after 15 minutes')), 15 * 60_000))]);
  const loadBefore = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  try {
    const login = await call('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: adminPassword }) });
    const adminCookie = login.headers.get('set-cookie')!.split(';')[0];
    const hrPassword = 'Bench-hr-passw0rd';
    await call('/api/admin/users', { method: 'POST', headers: { cookie: adminCookie, 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench_hr', password: hrPassword, role: 'hr', scope: [] }) });
    const hr = await call('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench_hr', password: hrPassword }) });
    const cookie = hr.headers.get('set-cookie')!.split(';')[0];

    // The district with the longest due list, and people to open profiles of.
    const summary = (await (await call('/api/rotation/summary', { headers: { cookie } })).json()) as { items: { district: string; headcount: number }[] };
    const byDistrict = new Map<string, number>();
    for (const s of summary.items) byDistrict.set(s.district, (byDistrict.get(s.district) ?? 0) + s.headcount);
    const district = [...byDistrict].sort((a, b) => b[1] - a[1])[0][0];
    // More distinct people than the per-snapshot result cache holds: profile reads are measured cold.
    const staffIds: string[] = [];
    for (let page = 1; page <= 10; page++) {
      const r = (await (await call(`/api/staff?page_size=500&page=${page}`, { headers: { cookie } })).json()) as { items: { staff_id: string }[] };
      staffIds.push(...r.items.map((s) => s.staff_id));
      if (r.items.length < 500) break;
    }
    const pages = Math.max(1, Math.ceil((byDistrict.get(district) ?? 50) / 50));
    const duePaths = Array.from({ length: pages }, (_, k) => `/api/rotation/due?district=${encodeURIComponent(district)}&page=${k + 1}&page_size=50`);
    const profilePaths = staffIds.map((id) => `/api/staff/${id}`);

    const results = [await load('rotation due page (district, 50 rows)', cookie, duePaths), await load(`profile (${profilePaths.length} different people, cycled)`, cookie, profilePaths)];
    const ms = (x: number) => `${x.toFixed(1)} ms`;
    const rows = results.map((r, k) => [r.name, r.requests, r.rps, ms(r.p50), ms(r.p95), ms(r.p99), r.errors, `≤ ${k === 0 ? targets.due : targets.profile} ms`, r.p95 <= (k === 0 ? targets.due : targets.profile) ? 'met' : 'MISSED']);
    return [
      `Scale ${scale}; server ready in ${startS} s, profile documents ready in ${documentsS.toFixed(1)} s (built in the background once per snapshot, read back at later starts); ${connections} connections, ${durationS} s each, loopback; due list of ${district} (${byDistrict.get(district)} rows, ${pages} pages).`,
      '',
      table(['request', 'requests', 'req/s', 'p50', 'p95', 'p99', 'errors', 'target p95', ''], rows),
      '',
      `Machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average before ${loadBefore}, after ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (the cores are shared: figures are noisy). Every profile read writes an audit row.`,
    ].join('\n');
  } finally {
    stop();
  }
}
