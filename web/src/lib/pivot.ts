// Client-side reshaping with Arquero: long fact rows → cross-tabs for tables beside the charts.
import * as aq from 'arquero';

export interface BandPivot {
  bands: string[];
  dates: string[];
  rows: ({ band: string } & Record<string, number | string>)[];
  totals: Record<string, number>;
}

/** structure_facts rows (band, as_of, headcount) → one row per band, one column per as_of. */
export function pivotBands(rows: { band: string; as_of: string; headcount: number | string }[]): BandPivot {
  if (rows.length === 0) return { bands: [], dates: [], rows: [], totals: {} };
  const dt = aq.from(rows.map((r) => ({ band: String(r.band), as_of: String(r.as_of), headcount: Number(r.headcount) })));
  const dates = (dt.rollup({ d: 'd => op.array_agg_distinct(d.as_of)' }).get('d', 0) as string[]).sort();
  const bands: string[] = [];
  for (const r of rows) if (!bands.includes(String(r.band))) bands.push(String(r.band));
  const wide = dt.groupby('band').pivot('as_of', { n: 'd => op.sum(d.headcount)' });
  const byBand = new Map((wide.objects() as Record<string, number | string>[]).map((o) => [String(o.band), o]));
  const totals = Object.fromEntries(
    (dt.groupby('as_of').rollup({ n: 'd => op.sum(d.headcount)' }).objects() as { as_of: string; n: number }[]).map((o) => [o.as_of, o.n]),
  );
  return {
    bands,
    dates,
    // A band missing at a date had nobody in it: 0, not unknown.
    rows: bands.map((b) => ({ band: b, ...Object.fromEntries(dates.map((d) => [d, 0])), ...Object.fromEntries(Object.entries(byBand.get(b) ?? {}).filter(([, v]) => v !== undefined && v !== null)) }) as { band: string } & Record<string, number | string>),
    totals,
  };
}

/** recruitment_ratios rows → one row per district, one column per year with the chosen measure. */
export function pivotYears(rows: Record<string, unknown>[], measure: string): { years: string[]; rows: Record<string, unknown>[] } {
  if (rows.length === 0) return { years: [], rows: [] };
  const dt = aq.from(rows.map((r) => ({ district: String(r.district ?? '—'), year: String(r.year), v: r[measure] === null || r[measure] === undefined ? NaN : Number(r[measure]) })));
  const years = [...new Set(rows.map((r) => String(r.year)))].sort();
  const wide = dt.groupby('district').pivot('year', { v: 'd => op.max(d.v)' }).orderby('district');
  const out = wide.objects() as Record<string, unknown>[];
  // 全市 first, then districts in Chinese order.
  out.sort((a, b) => (a.district === '全市' ? -1 : b.district === '全市' ? 1 : String(a.district).localeCompare(String(b.district), 'zh-CN')));
  return { years, rows: out };
}
