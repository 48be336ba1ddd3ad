// Golden Vega-Lite specs for the chart builders in web/src/lib/charts. A builder change that alters
// a spec fails here until the golden file is reviewed and rewritten (DUIWU_UPDATE_GOLDEN=1).
// Every spec must also compile with Vega-Lite and parse into a Vega view that renders to SVG.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import * as vega from 'vega';
import {
  componentsSpec,
  nineboxScatterSpec,
  structureBarSpec,
  structureTrendSpec,
  recruitmentShareSpec,
  lawShareTrendSpec,
  type Spec,
} from '../../web/src/lib/charts/index.ts';

const goldenDir = path.join(import.meta.dirname, 'golden');

function golden(name: string, spec: Spec) {
  const file = path.join(goldenDir, `${name}.vl.json`);
  const text = JSON.stringify(spec, null, 2) + '\n';
  if (process.env.DUIWU_UPDATE_GOLDEN === '1') fs.writeFileSync(file, text);
  expect(fs.existsSync(file), `golden file ${file} missing: review the spec and run with DUIWU_UPDATE_GOLDEN=1`).toBe(true);
  expect(JSON.parse(text)).toEqual(JSON.parse(fs.readFileSync(file, 'utf8')));
}

async function renders(spec: Spec): Promise<string> {
  // 'container' width needs a DOM; give the headless view a fixed width.
  // Vega tags data objects it ingests; render a copy so the builders' output stays as built.
  const vl = compile({ ...structuredClone(spec), width: 400 } as never);
  const view = new vega.View(vega.parse(vl.spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

const cases: Record<string, Spec> = {
  'components-competence': componentsSpec('competence', [
    { component: 'appraisal', score: 86, weight: 35 },
    { component: 'cases', score: 62.345, weight: 25 },
    { component: 'awards', score: 15, weight: 15 },
    { component: 'training', score: 100, weight: 15 },
    { component: 'experience', score: 40, weight: 10 },
  ]),
  'components-potential': componentsSpec('potential', [
    { component: 'age', score: 85, weight: 30 },
    { component: 'education', score: 90, weight: 25 },
  ]),
  ninebox: nineboxScatterSpec([
    { staff_id: 'S1', name: '张三', competence: 81.26, potential: 70, box: 9 },
    { staff_id: 'S2', name: '李四', competence: 20, potential: 35.55, box: 1 },
  ]),
  'structure-age': structureBarSpec('age', [
    { band: '≤30', headcount: 120 },
    { band: '31–35', headcount: 80 },
    { band: '未知', headcount: 0 },
  ]),
  'structure-trend': structureTrendSpec(
    'education',
    [
      { as_of: '2023-12-31', band: '本科', headcount: 300 },
      { as_of: '2023-12-31', band: '研究生', headcount: 40 },
      { as_of: '2024-12-31', band: '本科', headcount: 320 },
      { as_of: '2024-12-31', band: '研究生', headcount: 52 },
    ],
    ['研究生', '本科'],
  ),
  recruitment: recruitmentShareSpec([
    { year: 2023, district: '全市', recruits: 40, law: 10, it: 4, law_share: 0.25, it_share: 0.1, planned_total: 50, planned_law: 15, planned_it: 5 },
    { year: 2024, district: '全市', recruits: 30, law: 12, it: 3, law_share: 0.4, it_share: 0.1, planned_total: 0, planned_law: null, planned_it: null },
  ]),
  'law-share': lawShareTrendSpec([
    { year: 2023, share: 0.21 },
    { year: '2024', share: 0.235 },
  ]),
};

describe('chart spec builders', () => {
  for (const [name, spec] of Object.entries(cases)) {
    it(`${name} matches its golden spec and renders`, async () => {
      golden(name, spec);
      const svg = await renders(spec);
      expect(svg).toMatch(/^<svg/);
    });
  }

  it('components: rounded scores, Chinese labels in the given order, fixed 0–100 axis', () => {
    const s = cases['components-competence'] as { data: { values: Record<string, unknown>[] }; encoding: { x: { scale: { domain: number[] } } } };
    expect(s.data.values.map((v) => v.component)).toEqual(['年度考核', '执法办案', '奖惩', '培训学时', '任职经历']);
    expect(s.data.values[1].score).toBe(62.3);
    expect(s.data.values[0].contribution).toBe(30.1);
    expect(s.encoding.x.scale.domain).toEqual([0, 100]);
  });

  it('structure: shares add up to 1 and bands keep the given order', () => {
    const s = cases['structure-age'] as { data: { values: { share: number; band: string }[] }; encoding: { y: { sort: string[] } } };
    const sum = s.data.values.reduce((n, v) => n + v.share, 0);
    expect(sum).toBeCloseTo(1, 10);
    expect(s.encoding.y.sort).toEqual(['≤30', '31–35', '未知']);
    // An empty unit gives zero shares, not NaN.
    const empty = structureBarSpec('age', []) as { data: { values: unknown[] } };
    expect(empty.data.values).toEqual([]);
  });

  it('recruitment: plan points only where a plan exists, as shares of the planned total', () => {
    const s = cases.recruitment as { data: { values: { year: string; kind: string; series: string; share: number }[] } };
    const plan = s.data.values.filter((v) => v.series === '计划');
    expect(plan).toEqual([
      { year: '2023', kind: '法学类', series: '计划', share: 0.3 },
      { year: '2023', kind: '信息技术类', series: '计划', share: 0.1 },
    ]);
    expect(s.data.values.filter((v) => v.series === '实际')).toHaveLength(4);
  });

  it('every spec uses the Chinese font stack and thousands separators', () => {
    for (const spec of Object.values(cases)) {
      const c = spec.config as { font: string; numberFormat: string };
      expect(c.font).toContain('Noto Sans CJK SC');
      expect(c.numberFormat).toBe(',d');
    }
  });
});
