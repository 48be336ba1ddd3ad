// The rejects of a refresh: as JSON, and as an Excel error report shaped like the user's own file
// (its header and rejected rows as they were) with one added column 错误原因, so the user can fix
// the rows in place and upload again.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DataPaths } from '../../pipelines/config.ts';
import { parseCsvRecords } from '../../pipelines/read/csv-text.ts';
import type { Warehouse } from '../warehouse.ts';
import type { JobView } from './runner.ts';
import { apiMessages, msg } from '../messages.ts';

export interface RejectRow {
  file: string;
  sheet: string | null;
  row_number: number;
  column_name: string | null;
  value: string | null;
  code: string;
  message: string;
}

/** Rejected rows of one file for one reason, with one of their messages as the example. */
export interface RejectGroup {
  file: string;
  code: string;
  count: number;
  message: string;
}

/**
 * Rejects per file and reason (files in code-point order, each file's largest first), the example
 * being the first row's message: computed here over every row of a run's rejects, so that a run refused
 * for a whole bad column answers with a few groups and a page of rows, not every row. The same groups as
 * currentRejectGroupsSql computes in SQL over a snapshot (a test compares them).
 */
export function groupRejects(rows: RejectRow[]): RejectGroup[] {
  const groups = new Map<string, RejectGroup>();
  for (const r of rows) {
    const key = `${r.file}\u0000${r.code}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { file: r.file, code: r.code, count: 1, message: r.message });
  }
  const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...groups.values()].sort((a, b) => byCodePoint(a.file, b.file) || b.count - a.count || byCodePoint(a.code, b.code));
}

/** groupRejects over the current snapshot's rejects, in SQL (they may be many). */
export const currentRejectGroupsSql = `select file, code, count(*)::int as count, arg_min(message, row_number) as message
  from wh.rejects group by file, code order by file, count desc, code`;

/** Rejects of the job's run: from its snapshot when it was published, else from the run's reject file if the pipeline left one. */
export async function jobRejects(paths: DataPaths, warehouse: Warehouse, job: JobView): Promise<RejectRow[]> {
  if (!job.run_id) return [];
  const sql = `select file, sheet, row_number::int as row_number, column_name, value, code, message from rejects order by file, row_number`;
  if (job.status === 'published') {
    const snap = warehouse.snapshot;
    if (snap && snap.runId === job.run_id) return snap.all<RejectRow>(sql.replace('from rejects', 'from wh.rejects'));
    const file = path.join(paths.snapshots, `${job.run_id}.duckdb`);
    if (!fs.existsSync(file)) return [];
    const inst = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY', threads: '1' });
    try {
      const conn = await inst.connect();
      const rows = (await conn.runAndReadAll(sql)).getRowObjectsJson() as unknown as RejectRow[];
      conn.closeSync();
      return rows;
    } finally {
      inst.closeSync();
    }
  }
  const side = path.join(paths.warehouse, 'runs', `${job.run_id}.rejects.json`);
  if (fs.existsSync(side)) return JSON.parse(fs.readFileSync(side, 'utf8')) as RejectRow[];
  return [];
}

/** Original rows of one source file: header + data rows keyed by the row number users see in Excel. */
async function readOriginal(file: string, sheet: string | null): Promise<{ header: string[]; rows: Map<number, string[]> }> {
  const rows = new Map<number, string[]>();
  if (file.toLowerCase().endsWith('.xlsx')) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = (sheet && wb.getWorksheet(sheet)) || wb.worksheets[0];
    let header: string[] = [];
    ws?.eachRow({ includeEmpty: false }, (row, n) => {
      const cells = (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'object' ? String((v as { text?: string; result?: unknown }).text ?? (v as { result?: unknown }).result ?? '') : String(v)));
      if (n === 1) header = cells;
      else rows.set(n, cells);
    });
    return { header, rows };
  }
  const buf = fs.readFileSync(file);
  let text = buf.toString('utf8');
  if (text.includes('\uFFFD')) text = iconv.decode(buf, 'gb18030');
  text = text.replace(/^\uFEFF/, '');
  const lines = parseCsvRecords(text);
  lines.forEach((cells, i) => {
    if (i > 0) rows.set(i + 1, cells);
  });
  return { header: lines[0] ?? [], rows };
}


/** One sheet per file with rejects: the file's header plus 错误原因, its rejected rows as they were. */
export async function errorReport(inputDir: string, rejects: RejectRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const byFile = new Map<string, RejectRow[]>();
  for (const r of rejects) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  const used = new Set<string>();
  for (const [file, list] of byFile) {
    const source = path.join(inputDir, path.basename(file));
    const original = fs.existsSync(source) ? await readOriginal(source, list[0].sheet) : { header: [], rows: new Map<number, string[]>() };
    let name = path.basename(file).replace(/\.[^.]+$/, '').replace(/[\\/?*[\]:]/g, ' ').slice(0, 28) || 'rejects';
    while (used.has(name)) name = name.slice(0, 26) + '_' + used.size;
    used.add(name);
    const ws = wb.addWorksheet(name);
    const header = original.header.length ? original.header : msg('reportFallbackHeader').split('|');
    ws.addRow([...header, apiMessages.rejectReason]).font = { bold: true };
    const byRow = new Map<number, RejectRow[]>();
    for (const r of list) byRow.set(r.row_number, [...(byRow.get(r.row_number) ?? []), r]);
    for (const [n, rs] of [...byRow].sort((a, b) => a[0] - b[0])) {
      const cells = original.rows.get(n) ?? [String(n), rs[0].column_name ?? '', rs[0].value ?? ''];
      const padded = [...cells, ...Array(Math.max(0, header.length - cells.length)).fill('')].slice(0, header.length);
      const reason = rs.map((r) => msg('reportRowReason', { row: n, column: r.column_name ? ` ${r.column_name}` : '', message: r.message })).join('；');
      ws.addRow([...padded, reason]);
    }
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  if (wb.worksheets.length === 0) wb.addWorksheet(msg('reportNoRejectsSheet')).addRow([msg('reportNoRejects')]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
