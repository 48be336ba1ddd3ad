// Small CSV texts read in Node (reference files, fixtures, an uploaded file's rows for the error
// workbook, a source file's header). A source file's rows are read by DuckDB instead (csv.ts).

/**
 * RFC 4180 records (quotes, doubled quotes, line breaks inside quotes); a BOM is dropped. The delimiter
 * is comma, or tab when the first line has tabs and no comma, unless given; `maxRecords` stops early.
 */
export function parseCsvRecords(text: string, opts: { delimiter?: string; maxRecords?: number } = {}): string[][] {
  const src = text.replace(/^\uFEFF/, '');
  const newline = src.indexOf('\n');
  const firstLine = newline === -1 ? src : src.slice(0, newline);
  const sep = opts.delimiter ?? (firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',');
  const max = opts.maxRecords ?? Infinity;
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
      if (out.length >= max) return out;
    } else cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    out.push(row);
  }
  return out;
}

/** Records as objects keyed by the header, values trimmed; blank records and `#` comment lines dropped. */
export function parseCsvObjects(text: string): Record<string, string>[] {
  const records = parseCsvRecords(text).filter((r) => r.some((x) => x.trim() !== '') && !r[0].startsWith('#'));
  const [header = [], ...body] = records;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), (r[i] ?? '').trim()])));
}
