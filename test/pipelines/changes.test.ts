// `changes`: two real refreshes into one data directory. test/fixtures/changes/before/input at 2025-06-30,
// then after/input (C02 moved to another squad, C05 got a 记过, C07 a second course, C09 became 科长)
// at 2025-09-30. Expected (by hand, expected/changes.csv): C01 approaching → reached, C02 off the due list,
// C03 newly approaching; C04 soon → eligible, C05 newly blocked, C06's 警告 expired (unblocked);
// C07's 2025 hours gap closed, C08's induction gap became overdue, C09 a new appointment-training gap.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesRoot, normalize, readCsv, readPublished, refreshFixture, tempDataDir } from './promotion.harness.ts';
import type { RefreshResult } from '../../pipelines/refresh.ts';

const fixture = path.join(fixturesRoot, 'changes');
const columns = ['staff_id', 'domain', 'item', 'change', 'before', 'after'];

describe('changes between two refreshes', () => {
  let dir: string;
  let first: RefreshResult;
  let second: RefreshResult;
  let firstRows: Record<string, unknown>[];
  let rows: Record<string, unknown>[];
  let firstRun: Record<string, unknown>;
  let secondRun: Record<string, unknown>;

  beforeAll(async () => {
    dir = tempDataDir('changes');
    first = await refreshFixture(path.join(fixture, 'before', 'input'), '2025-06-30', dir);
    firstRows = await readPublished(dir, `select * from changes`);
    firstRun = (await readPublished(dir, `select run_id, previous_run_id from pipeline_run`))[0];
    second = await refreshFixture(path.join(fixture, 'after', 'input'), '2025-09-30', dir);
    rows = await readPublished(dir, `select * from changes`);
    secondRun = (await readPublished(dir, `select run_id, previous_run_id from pipeline_run`))[0];
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports nothing on the first refresh (no previous snapshot)', () => {
    expect(first.status).toBe('published');
    expect(firstRows).toEqual([]);
  });

  it('records in pipeline_run which snapshot each run compared with (none for the first)', () => {
    expect(firstRun).toEqual({ run_id: first.runId, previous_run_id: null });
    expect(secondRun).toEqual({ run_id: second.runId, previous_run_id: first.runId });
  });

  it('reports exactly the expected changes on the second', () => {
    expect(second.status).toBe('published');
    const expected = readCsv(path.join(fixture, 'expected', 'changes.csv'));
    expect(normalize(rows, columns)).toEqual(normalize(expected, columns));
  });

  it('names the person and explains each change', () => {
    for (const r of rows) {
      expect(String(r.name).length).toBeGreaterThan(0);
      expect(String(r.detail).length).toBeGreaterThan(0);
    }
    expect(rows.find((r) => r.staff_id === 'C01')!.detail).toContain('即将满期变为已满期');
    expect(rows.find((r) => r.staff_id === 'C05')!.detail).toContain('记过');
  });

  it('prints the counts in the summary', () => {
    const lines = second.summary.filter((l) => l.section === '较上次刷新的变化');
    expect(lines[0]).toMatchObject({ label: '合计', value: 9 });
    expect(lines.slice(1).reduce((n, l) => n + Number(l.value), 0)).toBe(9);
    expect(first.summary.filter((l) => l.section === '较上次刷新的变化')).toEqual([{ section: '较上次刷新的变化', label: '合计', value: 0 }]);
    expect(lines.find((l) => l.label === '职级晋升：新符合晋升年限条件')?.value).toBe(1);
  });

  it('a refresh across the year boundary does not report the new year opening short or the old year leaving', async () => {
    // 2026-01-15: 2026 annual-hours rows appear as gap for C04–C07 and the 2024 rows leave the window; no
    // rotation, promotion or other training status changes since 2025-09-30.
    const third = await refreshFixture(path.join(fixture, 'after', 'input'), '2026-01-15', dir);
    const opened = await readPublished<{ n: number }>(dir, `select count(*)::int as n from training_compliance where period = '2026' and status = 'gap'`);
    expect(opened[0].n).toBe(4);
    expect(await readPublished(dir, `select staff_id, item, change from changes`)).toEqual([]);
    expect(third.summary.find((l) => l.section === '较上次刷新的变化')?.value).toBe(0);
  });
});
