// Refresh at city and national scale: wall time per stage, rows per second, peak RSS of the refresh
// process, and DuckDB's own read_csv of the same CSV files as the floor for ingest.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import iconv from 'iconv-lite';
import { repoRoot } from '../../pipelines/config.ts';
import { Db, lit } from '../../pipelines/db.ts';
import { table } from '../../pipelines/report.ts';

const asOf = '2026-06-30';

export async function run(): Promise<string> {
  const scales = (process.env.DUIWU_BENCH_SCALES ?? 'city,national').split(',');
  const out: string[] = [];
  const rows: (string | number)[][] = [];
  const spread: string[] = [];
  for (const scale of scales) {
    const input = path.join(os.tmpdir(), `duiwu-bench-${scale}`);
    if (!fs.existsSync(path.join(input, '.done'))) {
      fs.rmSync(input, { recursive: true, force: true });
      const t0 = performance.now();
      sh(['--import', 'tsx', 'pipelines/demo/cli.ts', '--scale', scale, '--seed', '1', '--out', input, '--as-of', asOf]);
      fs.writeFileSync(path.join(input, '.done'), String(performance.now() - t0));
    }
    // This shared 2-core machine varies by ±10 % between runs: each scale is refreshed several times
    // (a city 5, a national 3) and its median run shown, beside the median of as many floor reads.
    const runs = Math.max(1, Number(process.env.DUIWU_BENCH_RUNS) || (scale === 'national' ? 3 : 5));
    const results: RefreshRun[] = [];
    for (let i = 0; i < runs; i++) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `duiwu-bench-data-${scale}-`));
      const child = sh(['--import', 'tsx', 'test/bench/refresh-child.ts', input, asOf, dataDir]);
      results.push(JSON.parse(child.trim().split('\n').pop()!) as RefreshRun);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    const walls = results.map((r) => r.wallMs).sort((a, b) => a - b);
    const res = results.find((r) => r.wallMs === walls[Math.floor((walls.length - 1) / 2)])!;
    res.maxRssKb = Math.max(...results.map((r) => r.maxRssKb));
    const secs = (ms: number[]) => ms.map((w) => (w / 1000).toFixed(2)).join(' / ');
    const floors: number[] = [];
    for (let i = 0; i < runs; i++) floors.push(await readCsvFloor(input));
    floors.sort((a, b) => a - b);
    const floorMs = floors[Math.floor((floors.length - 1) / 2)];
    const stageMs = Object.fromEntries(res.result.stages.map((s) => [s.stage, s.ms]));
    const rowsRead = res.result.files.reduce((n, f) => n + f.rowsRead, 0);
    const ingestMs = (stageMs.read ?? 0) + (stageMs.validate ?? 0);
    rows.push([
      scale,
      rowsRead,
      `${(res.wallMs / 1000).toFixed(1)} s`,
      ...['read', 'rules', 'models', 'publish'].map((s) => `${((stageMs[s] ?? 0) / 1000).toFixed(1)} s`),
      Math.round(rowsRead / (res.wallMs / 1000)),
      `${(res.maxRssKb / 1024 / 1024).toFixed(2)} GiB`,
      `${(floorMs / 1000).toFixed(1)} s`,
      `${(ingestMs / floorMs).toFixed(2)}×`,
    ]);
    if (runs > 1) {
      const ingests = results.map((r) => r.result.stages.filter((x) => x.stage === 'read' || x.stage === 'validate').reduce((n, x) => n + x.ms, 0)).sort((a, b) => a - b);
      spread.push(`${scale}: ${runs} refreshes (the table shows the median one; peak RSS the highest): wall ${secs(walls)} s; ingest ${secs(ingests)} s; floor ${secs(floors)} s.`);
    }
  }
  out.push(table(['scale', 'rows read', 'wall', 'read+validate', 'rules', 'models', 'publish', 'rows/s', 'peak RSS', 'read_csv floor', 'ingest/floor'], rows));
  out.push('');
  out.push(...spread);
  out.push('Targets: city ≤ 5 s; national ≤ 90 s with peak RSS ≤ 6 GiB; ingest (read+validate) within 3× of the floor.');
  out.push(`Machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`);
  return out.join('\n');
}

interface RefreshRun {
  wallMs: number;
  maxRssKb: number;
  result: { stages: { stage: string; ms: number }[]; files: { rowsRead: number }[] };
}

function sh(args: string[]): string {
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, TZ: 'Asia/Shanghai' } });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** DuckDB reading every CSV of the folder as text: the fastest any ingest of these files could be. */
async function readCsvFloor(input: string): Promise<number> {
  const utf8Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duiwu-floor-'));
  const files: string[] = [];
  for (const f of fs.readdirSync(input).filter((x) => x.endsWith('.csv'))) {
    const buf = fs.readFileSync(path.join(input, f));
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch {
      text = iconv.decode(buf, 'gb18030');
    }
    const out = path.join(utf8Dir, f);
    fs.writeFileSync(out, text.replace(/^\uFEFF/, ''));
    files.push(out);
  }
  const db = await Db.open(':memory:');
  const t0 = performance.now();
  for (const f of files) await db.run(`create or replace table t as select * from read_csv(${lit(f)}, header = true, all_varchar = true)`);
  const ms = performance.now() - t0;
  db.close();
  fs.rmSync(utf8Dir, { recursive: true, force: true });
  return ms;
}
