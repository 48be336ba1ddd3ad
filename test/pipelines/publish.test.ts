// Publish safety: whatever goes wrong in a refresh, current.duckdb stays byte-identical and readable.
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import { refresh } from '../../pipelines/refresh.ts';
import { PipelineError } from '../../pipelines/messages.ts';
import { Db } from '../../pipelines/db.ts';
import { dataPaths, repoRoot } from '../../pipelines/config.ts';
import { listSnapshots } from '../../pipelines/publish.ts';

const good = path.join(repoRoot, 'test/fixtures/publish/good');
const asOf = '2025-06-30';

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function sha(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** A copy of the good input with one file replaced. */
function variant(file: string, content: string): string {
  const dir = tmp('duiwu-input-');
  for (const f of fs.readdirSync(good)) fs.copyFileSync(path.join(good, f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, file), content);
  return dir;
}

async function readCurrent(dataDir: string): Promise<{ runId: string; staff: number }> {
  const db = await Db.open(dataPaths(dataDir).current, { readOnly: true });
  try {
    const runId = await db.value<string>('select run_id from pipeline_run');
    const staff = await db.value<number>('select count(*)::int from staff');
    return { runId, staff };
  } finally {
    db.close();
  }
}

describe('publish', () => {
  let dataDir: string;
  let firstRun: string;

  beforeAll(async () => {
    dataDir = tmp('duiwu-data-');
    const r = await refresh({ input: good, asOf, dataDir });
    firstRun = r.runId;
  });

  it('publishes a snapshot and points current.duckdb at it', async () => {
    const paths = dataPaths(dataDir);
    expect(fs.existsSync(paths.current)).toBe(true);
    expect(listSnapshots(paths)).toEqual([firstRun]);
    const cur = await readCurrent(dataDir);
    expect(cur).toEqual({ runId: firstRun, staff: 4 });
    // The id number never reaches a snapshot; scratch tables are not published.
    const db = await Db.open(paths.current, { readOnly: true });
    const tables = (await db.all<{ t: string }>(`select table_name t from duckdb_tables()`)).map((r) => r.t);
    // written in DuckDB 1.3's storage format (half the publish time of the default one; README says so)
    const tags = await db.value<{ key: string; value: string }[]>(`select tags from duckdb_databases() where database_name = current_database()`);
    db.close();
    expect(tags).toContainEqual({ key: 'storage_version', value: 'v1.3.0+' });
    expect(tables).toEqual(expect.arrayContaining(['pipeline_run', 'rejects', 'rule_params', 'staff', 'rotation_spells', 'rotation_due']));
    expect(tables.filter((t) => /^(raw|src|stg|tmp)_/.test(t))).toEqual([]);
  });

  it('a run missing a required column fails and leaves current untouched', async () => {
    const before = sha(dataPaths(dataDir).current);
    const input = variant('staff.csv', 'staff_id,name,gender,education,join_date,category,status\nS1,张伟,男,大学本科,2005-07-01,行政执法类公务员,在职\n');
    const err = await refresh({ input, asOf, dataDir }).catch((e) => e);
    expect(err).toBeInstanceOf(PipelineError);
    expect(err.message).toContain('staff.csv');
    expect(err.message).toContain('出生日期');
    expect(sha(dataPaths(dataDir).current)).toBe(before);
    expect((await readCurrent(dataDir)).runId).toBe(firstRun);
  });

  it('a run whose reject ratio exceeds the limit fails and leaves current untouched', async () => {
    const before = sha(dataPaths(dataDir).current);
    const input = variant(
      'staff.csv',
      'staff_id,name,gender,birth_date,education,join_date,category,status\n' +
        'S1,张伟,男,1980-05-01,大学本科,2005-07-01,行政执法类公务员,在职\n' +
        'S2,李娜,女,1988-13-45,硕士研究生,2012-08-01,行政执法类公务员,在职\n' +
        'S3,王强,男,1975-11-30,大学专科,2000-03-01,行政执法类公务员,在职\n' +
        'S4,赵敏,女,1992-01-20,大学本科,2016-09-01,综合管理类公务员,在职\n',
    );
    const err = await refresh({ input, asOf, dataDir }).catch((e) => e);
    expect(err).toBeInstanceOf(PipelineError);
    expect(err.code).toBe('too_many_rejects');
    expect(sha(dataPaths(dataDir).current)).toBe(before);
    expect((await readCurrent(dataDir)).runId).toBe(firstRun);
    // The failed run's rejected rows stay readable beside its run record.
    const kept = JSON.parse(fs.readFileSync(path.join(dataPaths(dataDir).warehouse, 'runs', `${err.result.runId}.rejects.json`), 'utf8'));
    expect(kept).toEqual([expect.objectContaining({ file: 'staff.csv', row_number: 3, column_name: 'birth_date', value: '1988-13-45', code: 'bad_date' })]);
    // and the run's record counts them (the refresh history shows this number)
    expect(err.result.rejects).toBe(1);
  });

  it('compares with an older snapshot that lacks a column of this run', async () => {
    const paths = dataPaths(dataDir);
    const older = path.join(tmp('duiwu-older-'), 'older.duckdb');
    fs.copyFileSync(paths.current, older);
    const db = await Db.open(older);
    await db.run(`alter table rotation_due drop column reason`);
    await db.run(`checkpoint`);
    db.close();
    fs.copyFileSync(older, paths.current);
    const next = await refresh({ input: good, asOf, dataDir });
    expect(next.status).toBe('published');
    expect(next.models.find((m) => m.name === 'changes')).toBeDefined();
    firstRun = next.runId;
  });

  for (const stage of ['models', 'switch']) {
    it(`a run killed at ${stage} leaves current untouched, and the next run succeeds`, async () => {
      const paths = dataPaths(dataDir);
      const before = sha(paths.current);
      const child = spawn(process.execPath, ['--import', 'tsx', 'pipelines/cli.ts', '--input', good, '--as-of', asOf, '--data-dir', dataDir, '--progress', 'plain'], {
        cwd: repoRoot,
        env: { ...process.env, DUIWU_PAUSE_AT: stage },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`never paused: ${out}`)), 90_000);
        child.stdout.on('data', (d) => {
          out += d;
          if (out.includes(`paused at ${stage}`)) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', () => reject(new Error(`exited before pausing: ${out}`)));
      });
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      expect(sha(paths.current)).toBe(before);
      expect((await readCurrent(dataDir)).runId).toBe(firstRun);
      const next = await refresh({ input: good, asOf, dataDir });
      expect((await readCurrent(dataDir)).runId).toBe(next.runId);
      firstRun = next.runId;
      expect(fs.readdirSync(paths.snapshots).filter((f) => f.endsWith('.partial'))).toEqual([]);
    });
  }
});
