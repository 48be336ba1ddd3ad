// Data-quality report shaping with Arquero: rejects grouped by file and by reason.
import * as aq from 'arquero';

export interface RejectGroup {
  file: string;
  code: string;
  message: string;
  count: number;
}

export function groupRejects(rows: Record<string, unknown>[]): RejectGroup[] {
  if (rows.length === 0) return [];
  const dt = aq.from(rows.map((r) => ({ file: String(r.file ?? ''), code: String(r.code ?? ''), message: String(r.message ?? '') })));
  return dt
    .groupby('file', 'code')
    .rollup({ count: 'd => op.count()', message: 'd => op.any(d.message)' })
    .orderby('file', aq.desc('count'))
    .objects() as unknown as RejectGroup[];
}

export interface SummaryDiff {
  section: string;
  label: string;
  before: string | number | null;
  after: string | number | null;
  change: number | null;
}

/** Two refreshes' summary lines (section, label, value) side by side. */
export function diffSummaries(before: Record<string, unknown>[] | null | undefined, after: Record<string, unknown>[] | null | undefined): SummaryDiff[] {
  const key = (r: Record<string, unknown>) => `${r.section}\u0000${r.label}`;
  const prev = new Map((before ?? []).map((r) => [key(r), r.value as string | number]));
  return (after ?? []).map((r) => {
    const b = prev.get(key(r)) ?? null;
    const a = r.value as string | number;
    const change = typeof a === 'number' && typeof b === 'number' ? a - b : Number.isFinite(Number(a)) && Number.isFinite(Number(b)) && b !== null ? Number(a) - Number(b) : null;
    return { section: String(r.section), label: String(r.label), before: b, after: a, change };
  });
}
