// Training compliance golden fixture through the real refresh(): input CSVs → expected rows.
// test/fixtures/training/basic, as_of 2025-06-30 (see expected/training_compliance.csv):
//   induction: T01 met (12 days), T02 gap (5 days, deadline open), T03 overdue (none), T04 met by 90 hours
//   (its failed 补考 course is not counted); T05 (军转) has no induction, joined in 2024 so only 2025 is checked.
//   appointment: T11 met after becoming 副中队长, T12 overdue (course after the deadline), T13 gap, T14 a lateral
//   move (中队长 → 中队长) is no new appointment and its 2015 appointment is older than history_years,
//   T15 (正处 since 2020) overdue, T17 副处 after 正科 is a new appointment.
//   annual_hours: T06 2024 closed and short (overdue), 2025 open (gap); T07 一级主办 is still under it;
//   five_year_hours: T08 550 hours with a course exactly on the window's first day (the one the day before
//   is out), T09 overdue, T10 newly 四级调研员 (gap until 2028-01-01), and not under annual_hours.
//   provincial_3y: T15 met, T16 overdue (省级 course one day outside the window, 市级 does not count),
//   T17 gap. T18 auxiliary and T19 left service have no rows.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesRoot, normalize, readCsv, readPublished, refreshFixture, tempDataDir } from './promotion.harness.ts';
import type { RefreshResult } from '../../pipelines/refresh.ts';

const fixture = path.join(fixturesRoot, 'training', 'basic');
const asOf = '2025-06-30';
const columns = ['staff_id', 'requirement_id', 'period', 'deadline', 'required', 'done', 'status'];

describe('training_compliance (golden fixture, real refresh)', () => {
  let dir: string;
  let result: RefreshResult;
  let rows: Record<string, unknown>[];

  beforeAll(async () => {
    dir = tempDataDir('training');
    result = await refreshFixture(path.join(fixture, 'input'), asOf, dir);
    rows = await readPublished(dir, `select * from training_compliance`);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('publishes with no rejected rows', () => {
    expect(result.status).toBe('published');
    expect(result.rejects).toBe(0);
  });

  it('matches the expected rows', () => {
    const expected = readCsv(path.join(fixture, 'expected', 'training_compliance.csv'));
    expect(normalize(rows, columns)).toEqual(normalize(expected, columns));
  });

  it('says in detail what was required, what was done with which courses, and the deadline', () => {
    for (const r of rows) expect(String(r.detail)).toMatch(/；已完成/);
    const t02 = rows.find((r) => r.staff_id === 'T02')!;
    expect(t02.detail).toContain('12天或90学时');
    expect(t02.detail).toContain('2025年初任培训（第一期）');
    expect(t02.detail).toContain('截止2025-12-01');
    const t04 = rows.find((r) => r.staff_id === 'T04')!;
    expect(t04.courses).toEqual(['2024年初任培训（网络班）']);
    expect(rows.find((r) => r.staff_id === 'T03')!.courses).toEqual([]);
    const t09 = rows.find((r) => r.staff_id === 'T09')!;
    expect(t09.detail).toContain('已于2024-01-01逾期');
  });

  it('prints met / gap / overdue per requirement in the summary', () => {
    const lines = result.summary.filter((l) => l.section === '培训达标');
    expect(lines.map((l) => l.value)).toEqual([
      '2 / 1 / 1（达标率 50.0%）',
      '1 / 1 / 3（达标率 20.0%）',
      '2 / 3 / 1（达标率 33.3%）',
      '1 / 1 / 1（达标率 33.3%）',
      '1 / 1 / 1（达标率 33.3%）',
    ]);
  });
});

describe('training parameters drive the result', () => {
  let dir: string;
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lower annual hours and a 市级 course counting as provincial change the statuses after a refresh', async () => {
    dir = tempDataDir('training-params');
    fs.writeFileSync(path.join(dir, 'rules.json'), JSON.stringify({ 'annual_hours.min_hours': 60, 'provincial_3y.organizer_levels': ['部级', '省级', '市级'] }));
    await refreshFixture(path.join(fixture, 'input'), asOf, dir);
    const rows = await readPublished<{ staff_id: string; requirement_id: string; period: string; status: string }>(
      dir,
      `select staff_id, requirement_id, period, status from training_compliance
       where (staff_id = 'T06' and period = '2024') or staff_id = 'T16' order by staff_id`,
    );
    expect(rows).toEqual([
      { staff_id: 'T06', requirement_id: 'annual_hours', period: '2024', status: 'met' },
      { staff_id: 'T16', requirement_id: 'provincial_3y', period: 'rolling_3y', status: 'met' },
    ]);
  });
});

describe('training_compliance without training records', () => {
  let dir: string;
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is published empty instead of listing everyone as short', async () => {
    dir = tempDataDir('training-missing');
    const input = path.join(dir, 'input');
    fs.mkdirSync(input);
    for (const f of ['units.csv', 'staff.csv', 'postings.csv', 'ranks.csv']) fs.copyFileSync(path.join(fixture, 'input', f), path.join(input, f));
    const result = await refreshFixture(input, asOf, dir);
    expect(result.status).toBe('published');
    const rows = await readPublished<{ n: number }>(dir, `select count(*)::int as n from training_compliance`);
    expect(rows[0].n).toBe(0);
  });
});
