// Promotion eligibility golden fixture through the real refresh(): input CSVs → expected rows.
// test/fixtures/promotion/basic: as_of 2025-06-30. Per person (see expected/promotion_eligibility.csv):
//   P01/P03 reach their 2- and 3-year requirement exactly at as_of (eligible); P02/P04 one day later (soon),
//   P04 is the 4-year step to 督办; P05 two 优秀 years shorten 2 → 1 year; P06 a 基本称职 year (2023, 306 days
//   in the rank) is not counted, a 优秀 year before the rank and a quarterly 不称职 are ignored; P07/P08 on the
//   general ladder are one day past the 12-month window (not_yet); P09/P10 hold the top ranks; P11–P18 each
//   sanction kind one day inside / exactly at the end of its effect window; P19/P20 last annual grade
//   不称职 / 基本称职; P21 转任 from 二级主任科员 to the equivalent 二级主办 keeps its rank time; P22 was promoted
//   (a 优秀 year in the previous rank does not count); P23 retired (not listed); P24 has five 优秀 years, but
//   only 2018 and 2019 start before the (shortened) eligible date, so the requirement is 1 year, not 0.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesRoot, normalize, readCsv, readPublished, refreshFixture, tempDataDir } from './promotion.harness.ts';
import type { RefreshResult } from '../../pipelines/refresh.ts';

const fixture = path.join(fixturesRoot, 'promotion', 'basic');
const asOf = '2025-06-30';

interface Row {
  staff_id: string;
  status: string;
  reasons: string;
  [k: string]: unknown;
}

describe('promotion_eligibility (golden fixture, real refresh)', () => {
  let dir: string;
  let result: RefreshResult;
  let rows: Row[];

  beforeAll(async () => {
    dir = tempDataDir('promotion');
    result = await refreshFixture(path.join(fixture, 'input'), asOf, dir);
    rows = await readPublished<Row>(dir, `select *, reasons::varchar as reasons from promotion_eligibility`);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('publishes with no rejected rows', () => {
    expect(result.status).toBe('published');
    expect(result.rejects).toBe(0);
  });

  it('matches the expected rows', () => {
    const columns = ['staff_id', 'current_rank', 'rank_since', 'next_rank', 'counted_years', 'required_years', 'eligible_date', 'status', 'codes'];
    const actual = rows.map((r) => ({ ...r, codes: (JSON.parse(r.reasons).codes as string[]).join(';') }));
    const expected = readCsv(path.join(fixture, 'expected', 'promotion_eligibility.csv'));
    expect(normalize(actual, columns)).toEqual(normalize(expected, columns));
  });

  it('explains every row: each check with value and outcome, and a Chinese sentence', () => {
    for (const r of rows) {
      const reasons = JSON.parse(r.reasons) as { codes: string[]; checks: { check: string; outcome: string }[]; text: string };
      expect(reasons.checks.map((c) => c.check)).toEqual(['rank_time', 'excellent_years', 'years_not_counted', 'sanction', 'last_grade']);
      expect(reasons.checks.every((c) => typeof c.outcome === 'string')).toBe(true);
      expect(reasons.text).toMatch(/^现任/);
      if (r.status === 'blocked') expect(reasons.checks.some((c) => c.outcome === 'fail' && (c.check === 'sanction' || c.check === 'last_grade'))).toBe(true);
    }
    const p13 = JSON.parse(rows.find((r) => r.staff_id === 'P13')!.reasons);
    expect(p13.text).toContain('记过');
    expect(p13.checks.find((c: { check: string }) => c.check === 'sanction').effect_end).toBe('2025-07-01');
    const p06 = JSON.parse(rows.find((r) => r.staff_id === 'P06')!.reasons);
    expect(p06.checks.find((c: { check: string }) => c.check === 'years_not_counted')).toMatchObject({ value: [2023], days: 306 });
  });

  it('publishes the ladders, the parameters with their sources and the history tables', async () => {
    const ladder = await readPublished<{ n: number }>(dir, `select count(*)::int as n from ref_rank_ladder`);
    expect(ladder[0].n).toBe(23);
    const params = await readPublished<{ rule_id: string; param: string; source: string }>(
      dir,
      `select rule_id, param, source from rule_params where rule_id in ('promotion', 'sanction')`,
    );
    expect(params.map((p) => p.param)).toEqual(expect.arrayContaining(['soon_months', 'grades_not_counted', 'excellent_shortening_months', 'effect_months']));
    expect(params.every((p) => p.source.length > 0)).toBe(true);
    const history = await readPublished<{ staff_id: string; rank: string; valid_to: string | null; rank_since: string }>(
      dir,
      `select staff_id, rank, valid_to, rank_since from rank_history where staff_id = 'P21' order by effective_date`,
    );
    expect(history).toEqual([
      { staff_id: 'P21', rank: '二级主任科员', valid_to: '2024-06-01', rank_since: '2023-01-01' },
      { staff_id: 'P21', rank: '二级主办', valid_to: null, rank_since: '2023-01-01' },
    ]);
    const awards = await readPublished<{ kind: string; is_sanction: boolean; effect_end: string | null }>(
      dir,
      `select kind, is_sanction, effect_end from award_records where staff_id = 'P11' order by date`,
    );
    expect(awards).toEqual([
      { kind: '警告', is_sanction: true, effect_end: '2025-06-30' },
      { kind: '嘉奖', is_sanction: false, effect_end: null },
    ]);
    const grades = await readPublished<{ n: number }>(dir, `select count(*)::int as n from appraisal_history where staff_id = 'P06'`);
    expect(grades[0].n).toBe(4);
  });

  it('prints the status shares in the summary', () => {
    const lines = result.summary.filter((l) => l.section === '职级晋升');
    expect(lines.map((l) => l.value)).toEqual(['9（39.1%）', '4（17.4%）', '4（17.4%）', '6（26.1%）']);
  });
});

describe('promotion parameters drive the result', () => {
  let dir: string;
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a shorter soon window and a longer 警告 effect change the statuses after a refresh', async () => {
    dir = tempDataDir('promotion-params');
    fs.writeFileSync(
      path.join(dir, 'rules.json'),
      JSON.stringify({ 'promotion.soon_months': 0, 'sanction.effect_months': { 警告: 7, 记过: 12, 记大过: 18, 降级: 24, 撤职: 24 } }),
    );
    await refreshFixture(path.join(fixture, 'input'), asOf, dir);
    const rows = await readPublished<{ staff_id: string; status: string }>(
      dir,
      `select staff_id, status from promotion_eligibility where staff_id in ('P02', 'P11', 'P22') order by staff_id`,
    );
    expect(rows).toEqual([
      { staff_id: 'P02', status: 'not_yet' },
      { staff_id: 'P11', status: 'blocked' },
      { staff_id: 'P22', status: 'not_yet' },
    ]);
  });
});

describe('rank names are checked against the ladders', () => {
  let dir: string;
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a rank on neither ladder is rejected with file, row and value, and does not become the current rank', async () => {
    dir = tempDataDir('promotion-ranks');
    const input = path.join(dir, 'input');
    fs.cpSync(path.join(fixture, 'input'), input, { recursive: true });
    fs.appendFileSync(path.join(input, 'ranks.csv'), 'P07,三级科员,2025-01-01,晋升\n');
    const result = await refreshFixture(input, asOf, dir);
    expect(result.rejects).toBe(1);
    const rejects = await readPublished<{ file: string; row_number: number; column_name: string; value: string }>(
      dir,
      `select file, row_number, column_name, value from rejects`,
    );
    expect(rejects).toEqual([{ file: 'ranks.csv', row_number: 28, column_name: 'rank', value: '三级科员' }]);
    const p07 = await readPublished<{ current_rank: string; status: string }>(dir, `select current_rank, status from promotion_eligibility where staff_id = 'P07'`);
    expect(p07).toEqual([{ current_rank: '二级科员', status: 'not_yet' }]);
  });
});

describe('policy is data', () => {
  it('no threshold, grade or rank name of these rules appears in the SQL models', () => {
    const models = path.resolve(fixturesRoot, '..', '..', 'pipelines', 'models');
    const files = [
      'staging/stg_ranks.sql', 'staging/stg_appraisals.sql', 'staging/stg_training.sql', 'staging/stg_awards.sql',
      'intermediate/int_rank_history.sql', 'intermediate/int_sanctions.sql', 'intermediate/int_training_credits.sql',
      'marts/promotion_eligibility.sql', 'marts/training_compliance.sql', 'marts/changes.sql',
      'marts/rank_history.sql', 'marts/appraisal_history.sql', 'marts/training_records.sql', 'marts/award_records.sql',
    ];
    for (const f of files) {
      const sql = fs.readFileSync(path.join(models, f), 'utf8').replace(/--[^\n]*/g, '');
      expect(sql, f).not.toMatch(/\b(3|4|5|6|15|18|24|90|550)\b/);
      expect(sql, f).not.toMatch(/优秀|称职|警告|记过|降级|撤职|级主办|科员|调研员|巡视员|督办|行政执法员|初任培训|任职培训|省级|正处|副处/);
    }
  });
});
