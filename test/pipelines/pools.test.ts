// Talent pools (rules.md §5) on the hand-made fixture test/fixtures/talent/pools, as_of 2025-06-30.
// Each person differs from a passing one in one criterion; see staff.csv / postings.csv there.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { Db } from '../../pipelines/db.ts';
import { loadPoolMembers } from '../../pipelines/pool_members.ts';
import { buildRun, type Run } from '../fixtures/talent/harness.ts';

const fixture = path.join(import.meta.dirname, '../fixtures/talent/pools');
const asOf = '2025-06-30';

/** The operational store as the API keeps it: confirmed members, ended ones with `until`. */
async function makeStore(file: string): Promise<void> {
  const app = await Db.open(file);
  await app.run(`create table pool_members (staff_id varchar, pool varchar, since date, until date, confirmed_by varchar)`);
  await app.run(`insert into pool_members values
    ('M1', 'youth', '2022-01-01', null, 'hr'),
    ('M2', 'youth', '2023-01-01', null, 'hr'),
    ('M3', 'management', '2020-01-01', null, 'hr'),
    ('G1', 'management', '2019-01-01', '2021-01-01', 'hr'),
    ('R1', 'management', '2015-01-01', null, 'hr')`);
  app.close();
}

let run: Run;
let storeDir: string;

type Criterion = { staff_id: string; pool: string; criterion: string; pass: boolean; value: string; stage: string };
let criteria: Criterion[];
const crit = (staff: string, pool: string, criterion: string) => {
  const c = criteria.find((x) => x.staff_id === staff && x.pool === pool && x.criterion === criterion);
  if (!c) throw new Error(`no criterion ${staff} ${pool} ${criterion}`);
  return c;
};
let actions: Map<string, string>;

beforeAll(async () => {
  storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duiwu-pools-store-'));
  await makeStore(path.join(storeDir, 'app.duckdb'));
  run = await buildRun(fixture, asOf, { appDb: path.join(storeDir, 'app.duckdb') });
  criteria = await run.db.all<Criterion>(`select staff_id, pool, criterion, pass, value, stage from int_pool_criteria`);
  const rows = await run.db.all<{ staff_id: string; pool: string; action: string }>(`select staff_id, pool, action from talent_pool_candidates`);
  actions = new Map(rows.map((r) => [`${r.staff_id}/${r.pool}`, r.action]));
});

afterAll(() => {
  run?.close();
  fs.rmSync(storeDir, { recursive: true, force: true });
});

describe('youth pool', () => {
  it('age 35 on as_of passes, 36 fails (birthday on as_of counts)', () => {
    expect(crit('Y1', 'youth', 'age')).toMatchObject({ pass: true, value: '35' });
    expect(crit('Y2', 'youth', 'age')).toMatchObject({ pass: false, value: '36' });
    expect(crit('Y3', 'youth', 'age')).toMatchObject({ pass: true, value: '34' });
  });
  it('needs 本科 or higher', () => {
    expect(crit('Y1', 'youth', 'education').pass).toBe(true);
    expect(crit('Y3', 'youth', 'education').pass).toBe(false);
  });
  it('needs the last 3 grades at least 称职 with one 优秀', () => {
    expect(crit('Y4', 'youth', 'grades').pass).toBe(true);
    expect(crit('Y4', 'youth', 'excellent').pass).toBe(false);
    expect(crit('Y5', 'youth', 'grades')).toMatchObject({ pass: false, value: '["基本称职","优秀","称职"]' });
    expect(crit('Y5', 'youth', 'excellent').pass).toBe(true);
  });
  it('a sanction in effect fails, an expired one does not (警告 lasts 6 months)', () => {
    expect(crit('Y6', 'youth', 'no_sanction').pass).toBe(false);
    expect(crit('Y7', 'youth', 'no_sanction').pass).toBe(true);
  });
  it('proposes enter only for those passing every entry criterion', () => {
    expect(actions.get('Y1/youth')).toBe('enter');
    expect(actions.get('Y7/youth')).toBe('enter');
    for (const s of ['Y2', 'Y3', 'Y4', 'Y5', 'Y6']) expect(actions.has(`${s}/youth`), s).toBe(false);
  });
  it('members: over-age exits, a member without 优秀 stays (优秀 is an entry criterion only)', () => {
    expect(actions.get('M1/youth')).toBe('exit');
    expect(actions.get('M2/youth')).toBe('stay');
  });
});

describe('enforcement pool', () => {
  it('5 years in the force counted as anniversaries', () => {
    expect(crit('E1', 'enforcement', 'years_in_force').pass).toBe(true);
    expect(crit('E2', 'enforcement', 'years_in_force').pass).toBe(false);
  });
  it('specialism: legal qualification, a 法制员 posting, or top 20 % of squad staff by cases', () => {
    expect(crit('E1', 'enforcement', 'specialism').pass).toBe(true);
    expect(crit('E3', 'enforcement', 'specialism').pass).toBe(true);
    expect(crit('E5', 'enforcement', 'specialism').pass).toBe(true);
    // 18 squad staff: 3rd by cases is within the top 20 % (3/18), 4th is not (4/18)
    expect(crit('Y3', 'enforcement', 'specialism').pass).toBe(true);
    expect(crit('Y4', 'enforcement', 'specialism').pass).toBe(false);
    expect(crit('E4', 'enforcement', 'specialism').pass).toBe(false);
  });
  it('only enforcement civil servants', () => {
    expect(crit('E6', 'enforcement', 'category').pass).toBe(false);
    expect(actions.has('E6/enforcement')).toBe(false);
  });
  it('proposes enter for E1, E3, E5 and not for E2, E4', () => {
    for (const s of ['E1', 'E3', 'E5']) expect(actions.get(`${s}/enforcement`), s).toBe('enter');
    for (const s of ['E2', 'E4']) expect(actions.has(`${s}/enforcement`), s).toBe(false);
  });
});

describe('management pool', () => {
  it('party membership', () => {
    expect(crit('G1', 'management', 'party').pass).toBe(true);
    expect(crit('G2', 'management', 'party').pass).toBe(false);
  });
  it('2 years in a leadership post (principal since 2023-06-30 passes, deputy since 2024-01-01 fails)', () => {
    expect(crit('G1', 'management', 'leadership_years').pass).toBe(true);
    // 2024-01-01 → 2025-06-30: 546 days, short of the 731 days since 2023-06-30
    expect(JSON.parse(crit('G3', 'management', 'leadership_years').value)).toEqual({ days: 546, years: 1.49 });
    expect(crit('G3', 'management', 'leadership_years').pass).toBe(false);
    expect(JSON.parse(crit('G1', 'management', 'leadership_years').value).days).toBe(731);
  });
  it('an ended membership (until set) does not count; a sanctioned member exits; a retired member exits', () => {
    expect(actions.get('G1/management')).toBe('enter');
    expect(actions.get('M3/management')).toBe('exit');
    expect(crit('M3', 'management', 'no_sanction').pass).toBe(false);
    expect(actions.get('R1/management')).toBe('exit');
    expect(crit('R1', 'management', 'in_service').pass).toBe(false);
  });
});

describe('auxiliaries', () => {
  it('are neither candidates nor counted among squad staff for cases', () => {
    expect(criteria.some((c) => c.staff_id === 'A1')).toBe(false);
    expect(JSON.parse(crit('E5', 'enforcement', 'specialism').value)).toMatchObject({ cases_peers: 18, cases_top_share: 0.0556 });
  });
});

describe('summary', () => {
  it('prints enter / stay / exit per pool', () => {
    const lines = Object.fromEntries(run.result.summary.filter((l) => l.section === '人才库').map((l) => [l.label, l.value]));
    expect(lines).toEqual({
      '党政管理人才（拟入库/在库/拟出库）': '1 / 0 / 2',
      '执法专业人才（拟入库/在库/拟出库）': '5 / 0 / 0',
      '优秀青年人才（拟入库/在库/拟出库）': '2 / 1 / 1',
    });
  });
});

describe('talent_pool_candidates rows', () => {
  it('carry every applicable criterion with value and pass, and the failing ones as reason codes', async () => {
    const row = await run.db.one<{ criteria: string; failed_criteria: string[]; is_member: boolean }>(
      `select criteria, failed_criteria, is_member from talent_pool_candidates where staff_id = 'M1' and pool = 'youth'`,
    );
    const list = JSON.parse(row!.criteria) as { criterion: string; pass: boolean; stage: string }[];
    expect(list.map((c) => c.criterion)).toEqual(['in_service', 'age', 'no_low_grade', 'no_sanction']);
    expect(row!.failed_criteria).toEqual(['age']);
    expect(row!.is_member).toBe(true);
  });
});

/** Another process holding app.duckdb open read-write, as the API does while a refresh runs. */
async function holdOpen(file: string): Promise<() => void> {
  const code = `import { DuckDBInstance } from '@duckdb/node-api';
    const i = await DuckDBInstance.create(${JSON.stringify(file)});
    const c = await i.connect();
    await c.run("update pool_members set confirmed_by = 'api'");
    console.log('ready');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: path.join(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('exit', (c) => reject(new Error(`holder exited ${c}`)));
  });
  return () => child.kill();
}

describe('loadPoolMembers', () => {
  it('reads a copy when another process holds the store open for writing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duiwu-pools-held-'));
    const storeFile = path.join(dir, 'app.duckdb');
    await makeStore(storeFile);
    const release = await holdOpen(storeFile);
    const db = await Db.open(path.join(dir, 'run.duckdb'));
    try {
      // Whether a second process can open a file another holds for writing depends on the file system's locks
      // (enforced on ext4 and tmpfs, not on every mount): the store is read directly when it can be, else copied.
      const locked = await DuckDBInstance.create(storeFile, { access_mode: 'READ_ONLY' }).then(
        (i) => (i.closeSync(), false),
        () => true,
      );
      expect(await loadPoolMembers(db, storeFile)).toEqual({ members: 4, source: locked ? 'copy' : 'store' });
      expect(await db.value(`select since::varchar from tmp_pool_members where staff_id = 'M1'`)).toBe('2022-01-01');
    } finally {
      db.close();
      release();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('treats everyone as a non-member without a store, and keeps only current memberships', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duiwu-pools-lock-'));
    const db = await Db.open(path.join(dir, 'run.duckdb'));
    try {
      expect(await loadPoolMembers(db, path.join(dir, 'absent.duckdb'))).toEqual({ members: 0, source: 'absent' });
      const storeFile = path.join(dir, 'app.duckdb');
      await makeStore(storeFile);
      const got = await loadPoolMembers(db, storeFile);
      expect(got.members).toBe(4);
      expect(await db.all(`select staff_id, pool from tmp_pool_members order by staff_id`)).toEqual([
        { staff_id: 'M1', pool: 'youth' },
        { staff_id: 'M2', pool: 'youth' },
        { staff_id: 'M3', pool: 'management' },
        { staff_id: 'R1', pool: 'management' },
      ]);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
