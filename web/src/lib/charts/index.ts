// Pure functions rows → Vega-Lite spec. No fetching, no DOM: the same input always gives the same
// spec, which test/web/charts.test.ts pins as golden JSON. Labels come from i18n; numbers use
// thousands separators (",d") and shares percentages (".1%"), dates YYYY-MM-DD.
import { t, label } from '../i18n.ts';

export type Spec = Record<string, unknown>;
type Row = Record<string, unknown>;

const font = 'system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';

export const baseConfig = {
  font,
  axis: { labelFont: font, titleFont: font, labelFontSize: 12, titleFontSize: 12, grid: true, gridColor: '#eef2f6' },
  legend: { labelFont: font, titleFont: font, orient: 'bottom' },
  view: { stroke: null },
  numberFormat: ',d',
  timeFormat: '%Y-%m-%d',
  locale: {
    number: { decimal: '.', thousands: ',', grouping: [3], currency: ['¥', ''] },
  },
};

const palette = ['#1f5fa8', '#e07b39', '#3a9d5d', '#8e5bb5', '#c94f4f', '#3fa7b5', '#b59a2d', '#6b7a8f'];

function base(extra: Spec): Spec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    // Fit the width of the card; heights are fixed or a step per category, so labels never overlap.
    autosize: { type: 'fit-x', contains: 'padding' },
    config: baseConfig,
    ...extra,
  };
}

export interface ComponentScore {
  component: string;
  score: number;
  weight: number;
}

/** Profile: each component's 0–100 score as a bar, its weight in the tooltip. */
export function componentsSpec(model: 'competence' | 'potential', items: ComponentScore[]): Spec {
  const values = items.map((c) => ({
    component: label(t.components, c.component),
    score: round1(c.score),
    weight: c.weight,
    contribution: round1((c.score * c.weight) / 100),
  }));
  return base({
    title: model === 'competence' ? t.profile.competence : t.profile.potential,
    height: { step: 24 },
    data: { values },
    mark: { type: 'bar', color: model === 'competence' ? palette[0] : palette[1], cornerRadiusEnd: 2 },
    encoding: {
      y: { field: 'component', type: 'nominal', sort: null, title: null },
      x: { field: 'score', type: 'quantitative', scale: { domain: [0, 100] }, title: t.profile.score },
      tooltip: [
        { field: 'component', title: t.profile.component },
        { field: 'score', title: t.profile.score, format: '.1f' },
        { field: 'weight', title: t.profile.weight },
        { field: 'contribution', title: '贡献分', format: '.1f' },
      ],
    },
  });
}

/** 9-box: everyone as a point on competence × potential, coloured by box. */
export function nineboxScatterSpec(rows: { staff_id: string; name?: string; competence: number; potential: number; box: number }[]): Spec {
  return base({
    height: 320,
    data: { values: rows.map((r) => ({ ...r, competence: round1(r.competence), potential: round1(r.potential) })) },
    mark: { type: 'circle', size: 40, opacity: 0.7 },
    encoding: {
      x: { field: 'competence', type: 'quantitative', scale: { domain: [0, 100] }, title: t.ninebox.competence },
      y: { field: 'potential', type: 'quantitative', scale: { domain: [0, 100] }, title: t.ninebox.potential },
      color: { field: 'box', type: 'ordinal', title: t.profile.box, scale: { scheme: 'blues' } },
      tooltip: [
        { field: 'name', title: t.common.name },
        { field: 'competence', title: t.ninebox.competence, format: '.1f' },
        { field: 'potential', title: t.ninebox.potential, format: '.1f' },
        { field: 'box', title: t.profile.box },
      ],
    },
  });
}

/** Structure: headcount per band of one dimension at one date, bands in the given order. */
export function structureBarSpec(dimension: string, rows: { band: string; headcount: number }[]): Spec {
  const total = rows.reduce((n, r) => n + Number(r.headcount), 0);
  const values = rows.map((r) => ({ band: r.band, headcount: Number(r.headcount), share: total ? Number(r.headcount) / total : 0 }));
  return base({
    title: label(t.dimensions, dimension),
    height: { step: 20 },
    data: { values },
    mark: { type: 'bar', color: palette[0] },
    encoding: {
      y: { field: 'band', type: 'nominal', sort: values.map((v) => v.band), title: null },
      x: { field: 'headcount', type: 'quantitative', title: t.structure.headcount, axis: { format: ',d', tickMinStep: 1 } },
      tooltip: [
        { field: 'band', title: t.structure.band },
        { field: 'headcount', title: t.structure.headcount, format: ',d' },
        { field: 'share', title: t.structure.share, format: '.1%' },
      ],
    },
  });
}

/** Structure over time: each band's share at each year end, stacked to 100 %. */
export function structureTrendSpec(dimension: string, rows: { as_of: string; band: string; headcount: number }[], bandOrder: string[]): Spec {
  return base({
    title: `${label(t.dimensions, dimension)} · ${t.structure.trend}`,
    height: 220,
    data: { values: rows.map((r) => ({ as_of: r.as_of, band: r.band, headcount: Number(r.headcount) })) },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'as_of', type: 'ordinal', title: t.common.asOf, axis: { labelAngle: 0 } },
      y: { field: 'headcount', type: 'quantitative', stack: 'normalize', title: t.structure.share, axis: { format: '%' } },
      color: { field: 'band', type: 'nominal', sort: bandOrder, title: t.structure.band, scale: { range: palette } },
      order: { field: 'bandIndex', type: 'quantitative' },
      tooltip: [
        { field: 'as_of', title: t.common.asOf },
        { field: 'band', title: t.structure.band },
        { field: 'headcount', title: t.structure.headcount, format: ',d' },
      ],
    },
    transform: [{ calculate: `indexof(${JSON.stringify(bandOrder)}, datum.band)`, as: 'bandIndex' }],
  });
}

/** Recruitment: law / IT share of recruits per year against the planned share. */
export function recruitmentShareSpec(rows: Row[]): Spec {
  const values: Row[] = [];
  for (const r of rows) {
    const year = String(r.year);
    const total = num(r.planned_total);
    values.push({ year, kind: t.recruitment.law, series: t.recruitment.actual, share: num(r.law_share) });
    values.push({ year, kind: t.recruitment.it, series: t.recruitment.actual, share: num(r.it_share) });
    if (total) {
      if (r.planned_law !== null && r.planned_law !== undefined) values.push({ year, kind: t.recruitment.law, series: t.recruitment.plan, share: num(r.planned_law)! / total });
      if (r.planned_it !== null && r.planned_it !== undefined) values.push({ year, kind: t.recruitment.it, series: t.recruitment.plan, share: num(r.planned_it)! / total });
    }
  }
  return base({
    height: 240,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'year', type: 'ordinal', title: t.recruitment.year, axis: { labelAngle: 0 } },
      y: { field: 'share', type: 'quantitative', title: t.structure.share, axis: { format: '%' } },
      color: { field: 'kind', type: 'nominal', title: null, scale: { range: [palette[0], palette[1]] } },
      // line symbols in the legend: 实际 solid, 计划 dashed (points alone looked the same)
      strokeDash: { field: 'series', type: 'nominal', title: null, sort: [t.recruitment.actual, t.recruitment.plan], legend: { symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: 300, encode: { symbols: { update: { stroke: { value: '#555' } } } } } },
      tooltip: [
        { field: 'year', title: t.recruitment.year },
        { field: 'kind', title: t.structure.dimension },
        { field: 'series', title: t.recruitment.vsPlan },
        { field: 'share', title: t.structure.share, format: '.1%' },
      ],
    },
  });
}

/** Workforce legal-background share at each year end. */
export function lawShareTrendSpec(rows: { year: string | number; share: number }[]): Spec {
  return base({
    title: t.recruitment.workforceLaw,
    height: 200,
    data: { values: rows.map((r) => ({ year: String(r.year), share: Number(r.share) })) },
    mark: { type: 'line', point: true, color: palette[2] },
    encoding: {
      x: { field: 'year', type: 'ordinal', title: t.recruitment.year, axis: { labelAngle: 0 } },
      y: { field: 'share', type: 'quantitative', title: t.structure.share, axis: { format: '%' } },
      tooltip: [
        { field: 'year', title: t.recruitment.year },
        { field: 'share', title: t.structure.share, format: '.1%' },
      ],
    },
  });
}

function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function round1(n: number): number {
  return Math.round(Number(n) * 10) / 10;
}
