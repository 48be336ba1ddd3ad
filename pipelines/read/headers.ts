// Header cells → contract columns. Users write headers by hand: full-width letters, `*` marks for
// required fields, stray spaces, English in any case. Anything we cannot place is reported, not fatal.
import type { SourceDef } from '../sources/types.ts';

export function normaliseHeader(cell: string): string {
  return cell
    .normalize('NFKC')
    .replace(/[*\s\u3000\ufeff]/g, '')
    .toLowerCase();
}

export interface HeaderMapping {
  /** contract column → index of the header cell holding it */
  columns: Map<string, number>;
  /** contract column → the header as the user wrote it (used in messages) */
  labels: Map<string, string>;
  /** header cells that match no column, or repeat one already matched */
  ignored: string[];
  /** required columns with no header */
  missing: string[];
}

export function mapHeaders(def: SourceDef, header: string[]): HeaderMapping {
  const lookup = new Map<string, string>();
  for (const c of def.columns) {
    for (const name of [c.name, ...c.aliases]) {
      const key = normaliseHeader(name);
      if (!lookup.has(key)) lookup.set(key, c.name);
    }
  }
  const columns = new Map<string, number>();
  const labels = new Map<string, string>();
  const ignored: string[] = [];
  header.forEach((cell, i) => {
    const key = normaliseHeader(cell);
    if (key === '') return;
    const col = lookup.get(key);
    if (col && !columns.has(col)) {
      columns.set(col, i);
      labels.set(col, cell.trim());
    } else ignored.push(cell.trim());
  });
  const missing = def.columns.filter((c) => c.required === true && !columns.has(c.name)).map((c) => c.name);
  return { columns, labels, ignored, missing };
}

/** The header a user would recognise for a column: theirs when present, else the first Chinese alias. */
export function columnLabel(def: SourceDef, column: string, mapping?: HeaderMapping): string {
  return mapping?.labels.get(column) ?? def.columns.find((c) => c.name === column)?.aliases[0] ?? column;
}
