// Data-quality report shaping: two refreshes' summaries side by side (rejects are grouped by the API).

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
