// Recruitment ratios and the major catalogue (rules.md §7) on test/fixtures/talent/recruitment,
// as_of 2025-06-30, through the real refresh().
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { majorAliases, majorCatalogue } from '../../pipelines/rules/recruitment.ts';
import { parseCsvObjects as parseCsv } from '../../pipelines/read/csv-text.ts';
import { buildRun, type Run } from '../fixtures/talent/harness.ts';

const fixture = path.join(import.meta.dirname, '../fixtures/talent/recruitment');
let run: Run;

beforeAll(async () => {
  run = await buildRun(fixture, '2025-06-30');
});
afterAll(() => run?.close());

describe('major catalogue', () => {
  it('holds the law and IT classes of rules.md §7 with their categories', () => {
    const cat = (level: string, code: string) => majorCatalogue.rows.find((r) => r.level === level && r.code === code)?.category;
    expect(cat('本科', '030101K')).toBe('law');
    expect(cat('本科', '030110TK')).toBe('law');
    expect(cat('研究生', '0351')).toBe('law');
    expect(cat('本科', '080901')).toBe('it');
    expect(cat('本科', '080701')).toBe('it');
    expect(cat('本科', '120102')).toBe('it');
    expect(cat('本科', '120101')).toBe('other');
    for (const c of ['0812', '0835', '0839', '0854']) expect(cat('研究生', c), c).toBe('it');
    expect(cat('本科', '081201')).toBe('other');
    expect(majorAliases.rows.length).toBeGreaterThan(50);
  });
  it('reads quoted CSV fields', () => {
    expect(parseCsv('a,b\n"x, y","say ""hi"""\n')).toEqual([{ a: 'x, y', b: 'say "hi"' }]);
  });
  it('matches by code first, then normalised name, then alias, preferring the person’s catalogue level', async () => {
    const rows = await run.db.all<{ staff_id: string; matched_by: string | null; catalogue_code: string | null; category: string | null }>(
      `select staff_id, matched_by, catalogue_code, category from int_major_category order by staff_id`,
    );
    const by = Object.fromEntries(rows.map((r) => [r.staff_id, [r.matched_by, r.catalogue_code, r.category]]));
    expect(by.R1).toEqual(['code', '030101K', 'law']);
    expect(by.R2).toEqual(['alias', '030101K', 'law']); // 法律
    expect(by.R3).toEqual(['name', '080901', 'it']); // 计算机科学与技术专业
    expect(by.R4).toEqual(['name', '030101K', 'law']); // 法学（经济法方向）
    expect(by.R5).toEqual([null, null, null]); // 城市综合管理学
    expect(by.R6).toEqual(['code', '0812', 'it']); // 硕士, code typed full-width: graduate 0812 计算机科学与技术
    expect(by.R7).toEqual(['code', '081201', 'other']); // 本科: 081201 测绘工程, not the graduate 计算机系统结构
    expect(by.W1).toEqual(['alias', '050101', 'other']); // 中文
  });
  it('lists names that match nothing for an analyst', async () => {
    expect(await run.db.all(`select major, people, recruits from unmatched_majors`)).toEqual([{ major: '城市综合管理学', people: 1, recruits: 1 }]);
  });
});

describe('recruitment_ratios', () => {
  type Ratio = Record<string, number | string | null>;
  let rows: Ratio[];
  const row = (year: number, district: string) => rows.find((r) => r.year === year && r.district === district);
  beforeAll(async () => {
    rows = await run.db.all<Ratio>(`select * from recruitment_ratios`);
  });
  it('2024 city-wide: 8 recruits (the 军转安置 one is not a recruit), 3 law, 2 IT, beside the city plan', () => {
    expect(row(2024, '全市')).toMatchObject({ recruits: 8, law: 3, it: 2, law_share: 0.375, it_share: 0.25, planned_total: 8, planned_law: 3, planned_it: 2 });
  });
  it('per district of the first posting, a squad without 所属区 taking its district bureau’s', () => {
    expect(row(2024, '浦东新区')).toMatchObject({ recruits: 5, law: 2, it: 1, law_share: 0.4, it_share: 0.2, planned_total: 5 });
    expect(row(2024, '黄浦区')).toMatchObject({ recruits: 2, law: 1, it: 0, law_share: 0.5, planned_total: 2 });
    expect(row(2024, '市本级')).toMatchObject({ recruits: 1, it: 1, planned_total: null });
  });
  it('the city plan is the sum of the districts’ when the plans file has no whole-city row', () => {
    expect(row(2023, '全市')).toMatchObject({ recruits: 2, law: 1, law_share: 0.5, planned_total: 1, planned_law: 1 });
  });
  it('carries the workforce legal-background share at each year end (auxiliaries and the retired excluded)', () => {
    // 2024-12-31: 12 people; legal: R1 R2 R4 X1 R9 by major, W1 by 法律职业资格
    expect(row(2024, '全市')).toMatchObject({ workforce_headcount: 12, workforce_legal: 6, workforce_legal_share: 0.5 });
    // 2023-12-31: R9, R10, W1 (W3 retired 2023-06-30)
    expect(row(2023, '全市')).toMatchObject({ workforce_headcount: 3, workforce_legal: 2, workforce_legal_share: 0.6667 });
  });
});

describe('summary', () => {
  it('prints the last complete recruitment year, the workforce legal share and the unmatched names', () => {
    const lines = Object.fromEntries(run.result.summary.filter((l) => l.section === '结构与招录').map((l) => [l.label, l.value]));
    expect(lines['最近完整招录年度（2024）招录 / 法学类 / 信息技术类']).toBe('8 / 3（37.5%） / 2（25.0%）');
    expect(lines['统计日队伍法律专业背景占比']).toBe('6 / 12（50.0%）');
    expect(lines['未匹配专业目录的专业名称（人数）']).toBe('1（1）');
  });
});

describe('publication', () => {
  it('publishes every talent table even without appraisals, training, awards or cases files', async () => {
    const tables = (await run.db.all<{ table_name: string }>(`select table_name from duckdb_tables()`)).map((t) => t.table_name);
    for (const t of ['talent_pool_candidates', 'profile_scores', 'structure_facts', 'recruitment_ratios', 'unmatched_majors', 'workforce_legal_share', 'ref_major_catalogue', 'ref_major_aliases', 'ref_pool_criteria']) {
      expect(tables, t).toContain(t);
    }
    expect(tables).not.toContain('tmp_pool_members');
    expect(await run.db.value(`select count(*)::int from profile_scores`)).toBe(12);
  });
});
