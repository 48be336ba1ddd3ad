// Profile scores (rules.md §6) on test/fixtures/talent/profile, as_of 2025-06-30, through the real refresh().
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRun, type Run } from '../fixtures/talent/harness.ts';

const fixture = path.join(import.meta.dirname, '../fixtures/talent/profile');
let run: Run;

type Score = { staff_id: string; competence: number; potential: number; box: number; components: string; peer_group: string };
let scores: Map<string, Score>;

beforeAll(async () => {
  run = await buildRun(fixture, '2025-06-30');
  const rows = await run.db.all<Score>(`select staff_id, competence, potential, box, components, peer_group from profile_scores`);
  scores = new Map(rows.map((r) => [r.staff_id, r]));
});
afterAll(() => run?.close());

type Component = { component: string; weight: number; value: number | null; input: unknown };

describe('P1, computed by hand', () => {
  // competence (weights 35/25/15/15/10):
  //   appraisal  2024 优秀 100×0.5 + 2023 优秀 100×0.3 + 2022 称职 80×0.2           = 96
  //   cases      mean 90/yr over 2022–24 among squad peers 30, 90, 150 (and itself):
  //              (1 below + ½ × 2 equal) / 4                                     = 50
  //   awards     二等功 30 + 嘉奖 5 − 警告 20 (一等功 of 2019 is outside 5 years)      = 15
  //   training   (45/90 + min(90/90,1) + min(180/90,1)) / 3                         = 83.33
  //   experience 2 squads × 20 + 911 days as 副中队长 /365.25 × 10 + 1 cross-district move × 20
  //              = 40 + 24.94 + 20                                                  = 84.94
  //   competence = (35×96 + 25×50 + 15×15 + 15×83.33 + 10×84.94) / 100              = 69.34
  // potential (weights 30/25/20/15/10):
  //   age 32 → 85; education 本科 80 + law major 10 = 90
  //   growth: 二级行政执法员 2016-07-01 → 一级行政执法员 → 四级主办 2021-07-01: ladder minimum 2+2 years,
  //           plus min(1460 days in rank, 2 years for 三级主办) = 2191.5 days over 3286 days elapsed = 66.69
  //   trend: 称职 → 优秀, one level up: 60 + 20 = 80
  //   learning: hours beyond 90: (0 + 0 + 1) / 3 = 33.33
  //   potential = (30×85 + 25×90 + 20×66.69 + 15×80 + 10×33.33) / 100                = 76.67
  it('competence and potential', () => {
    const p = scores.get('P1')!;
    expect(p.competence).toBeCloseTo(69.34, 2);
    expect(p.potential).toBeCloseTo(76.67, 2);
  });
  it('components carry input, value and weight', () => {
    const c = JSON.parse(scores.get('P1')!.components) as { competence: Component[]; potential: Component[] };
    const byName = (list: Component[]) => Object.fromEntries(list.map((x) => [x.component, x]));
    const comp = byName(c.competence);
    const pot = byName(c.potential);
    expect(Object.fromEntries(Object.entries(comp).map(([k, v]) => [k, [v.weight, v.value]]))).toEqual({
      appraisal: [35, 96],
      cases: [25, 50],
      awards: [15, 15],
      training: [15, 83.33],
      experience: [10, 84.94],
    });
    expect(Object.fromEntries(Object.entries(pot).map(([k, v]) => [k, [v.weight, v.value]]))).toEqual({
      age: [30, 85],
      education: [25, 90],
      growth: [20, 66.69],
      trend: [15, 80],
      learning: [10, 33.33],
    });
    expect(comp.experience.input).toEqual({ squads: 2, leadership_years: 2.49, cross_district_moves: 1 });
    expect((comp.awards.input as { events: unknown[] }).events).toHaveLength(3);
    expect(pot.growth.input).toMatchObject({ steps: 2, ladder_minimum_years: 4, next_step_years: 2 });
  });
});

describe('9-box', () => {
  // Office peer group B1…B9: competence 40.5 + 0.75 × (i−1) (only the number of 嘉奖 differs);
  // potential ranks 1,4,7,2,5,8,3,6,9 (age band × education). Tertile cuts of 9 sorted values sit
  // 2/3 of the way from the 3rd to the 4th and 1/3 from the 6th to the 7th value:
  //   competence 42 + ⅔×0.75 = 42.5 and 44.25 + ⅓×0.75 = 44.5
  //   potential 25.38 + ⅔×(33.08−25.38) = 30.51 and 53.85 + ⅓×(63.08−53.85) = 56.93
  it('splits the peer group into thirds on both axes', () => {
    const boxes = Array.from({ length: 9 }, (_, i) => scores.get(`B${i + 1}`)!.box);
    expect(boxes).toEqual([1, 4, 7, 2, 5, 8, 3, 6, 9]);
  });
  it('records the cut points', async () => {
    const cuts = await run.db.one<Record<string, number>>(`select * from int_profile_peer_cuts where peer_group = '机关科室'`);
    expect(cuts!.peers).toBe(9);
    expect(cuts!.competence_low_cut).toBeCloseTo(42.5, 2);
    expect(cuts!.competence_high_cut).toBeCloseTo(44.5, 2);
    expect(cuts!.potential_low_cut).toBeCloseTo(30.51, 2);
    expect(cuts!.potential_high_cut).toBeCloseTo(56.93, 2);
    const c = JSON.parse(scores.get('B5')!.components) as { tertiles: { competence: number[] }; peer_group: { name: string } };
    expect(c.peer_group.name).toBe('机关科室');
    expect(c.tertiles.competence[0]).toBeCloseTo(42.5, 2);
  });
  it('a component without input is left out and the weights re-normalised', () => {
    // B1 has no rank (growth) and one grade (trend): potential = (30×10 + 25×30 + 10×0) / 65
    const c = JSON.parse(scores.get('B1')!.components) as { potential: Component[] };
    expect(c.potential.find((x) => x.component === 'growth')!.value).toBeNull();
    expect(scores.get('B1')!.potential).toBeCloseTo(16.15, 2);
  });
});
