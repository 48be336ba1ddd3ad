// Structure facts (四个结构) on test/fixtures/talent/recruitment, as_of 2025-06-30, through the real refresh().
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRun, type Run } from '../fixtures/talent/harness.ts';

const fixture = path.join(import.meta.dirname, '../fixtures/talent/recruitment');
let run: Run;
beforeAll(async () => {
  run = await buildRun(fixture, '2025-06-30');
});
afterAll(() => run?.close());

const bands = async (unit: string, asOf: string, dimension: string) =>
  Object.fromEntries(
    (
      await run.db.all<{ band: string; headcount: number }>(
        `select band, headcount from structure_facts where unit_id = $1 and as_of = $2::date and dimension = $3 order by band_order`,
        [unit, asOf, dimension],
      )
    ).map((r) => [r.band, r.headcount]),
  );

describe('structure_facts', () => {
  it('has rows for as_of and each of the past 10 year ends', async () => {
    const dates = await run.db.all<{ as_of: string }>(`select distinct as_of from structure_facts order by as_of`);
    expect(dates.map((d) => d.as_of)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `${2015 + i}-12-31`),
      '2025-06-30',
    ]);
  });
  it('city (root) major structure at 2024-12-31: 12 people, auxiliaries excluded, unmatched as 未知', async () => {
    expect(await bands('C', '2024-12-31', 'major')).toEqual({ 法学类: 5, 信息技术类: 2, 其他专业: 4, 未知: 1 });
  });
  it('education and rank bands, 未知 without a rank', async () => {
    expect(await bands('C', '2024-12-31', 'education')).toEqual({ 研究生: 1, 本科: 10, 专科: 1 });
    expect(await bands('C', '2024-12-31', 'rank')).toEqual({ 一级主办: 1, 未知: 11 });
  });
  it('a unit counts its whole subtree; people leave the counts after their status date', async () => {
    expect(await bands('D2', '2024-12-31', 'age')).toEqual({ '≤30': 3 });
    expect(await bands('S3', '2024-12-31', 'age')).toEqual({ '≤30': 3 });
    // 2022-12-31: W1 (born 1995, 27) and W3 (retired 2023-06-30) only
    expect(await bands('C', '2022-12-31', 'rank')).toEqual({ 四级主办: 1, 一级主办: 1 });
    expect(await bands('C', '2023-12-31', 'rank')).toEqual({ 一级主办: 1, 未知: 2 });
  });
  it('every person falls in exactly one band per dimension', async () => {
    const bad = await run.db.all(
      `select unit_id, as_of, count(distinct total)::int as totals
       from (select unit_id, as_of, dimension, sum(headcount) as total from structure_facts group by all)
       group by all having count(distinct total) > 1`,
    );
    expect(bad).toEqual([]);
  });
});
