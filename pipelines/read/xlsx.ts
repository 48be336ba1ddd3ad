// XLSX → UTF-8 CSV with the Excel row number as first column, streamed (a national file does not
// fit comfortably in memory as a workbook). Cell values become the text the user sees: date cells
// as YYYY-MM-DD, numbers in plain notation, rich text and formula results as their text.
import fs from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { tmpPath, rowColumnName, type PreparedFile } from './csv.ts';

// exceljs's streaming reader decodes each zip chunk on its own (`TextDecoder.decode(chunk)` without
// `stream: true`), so a Chinese character split across two chunks turns into U+FFFD
// (exceljs issues #2063, #2084). Feed its XML parser text decoded across chunk boundaries instead.
const patched = Symbol.for('duiwu.exceljs.utf8');
type ReaderProto = {
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<unknown>;
  [patched]?: boolean;
};
const proto = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderProto;
if (!proto[patched]) {
  proto[patched] = true;
  const sharedStrings = proto._parseSharedStrings;
  proto._parseSharedStrings = function (entry) {
    entry.setEncoding('utf8');
    return sharedStrings.call(this, entry);
  };
  const worksheet = proto._parseWorksheet;
  proto._parseWorksheet = function (iterator, sheetNo) {
    return worksheet.call(this, decodeUtf8(iterator), sheetNo);
  };
}

async function* decodeUtf8(chunks: AsyncIterable<unknown>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const c of chunks) {
    const text = typeof c === 'string' ? c : decoder.decode(c as Uint8Array, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

const headerSearchRows = 10;

export async function prepareXlsx(
  file: string,
  tmpDir: string,
  sheetNames: string[],
  headerScore: (cells: string[]) => number = () => 0,
): Promise<PreparedFile> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const out = tmpPath(tmpDir, file, 'xlsx.csv');
  const stream = fs.createWriteStream(out);
  let header: string[] | null = null;
  let chosen: string | null = null;
  let pending: string[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const ok = stream.write(pending.join(''));
    pending = [];
    pendingBytes = 0;
    if (!ok) await once(stream, 'drain');
  };
  try {
    for await (const worksheet of reader) {
      const ws = worksheet as unknown as { name?: string } & AsyncIterable<ExcelJS.Row>;
      const sheets = ((reader as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets ?? []).map((s) => s.name);
      if (chosen === null) chosen = pickSheet(sheets, sheetNames) ?? ws.name ?? null;
      if (ws.name !== undefined && chosen !== null && ws.name !== chosen) {
        // Not the sheet we want: drain it so the zip stream moves on.
        for await (const _ of ws) void _;
        continue;
      }
      chosen = ws.name ?? chosen;
      // Sheets often open with a title row (“人员信息表”) above the header: the header is the row,
      // among the first few, that names the most known columns.
      const leading: { number: number; cells: string[] }[] = [];
      let width = 0;
      const emit = async (number: number, cells: string[]) => {
        while (cells.length < width) cells.push('');
        const line = String(number) + ',' + cells.map(csvCell).join(',') + '\n';
        pending.push(line);
        pendingBytes += line.length;
        if (pendingBytes > 1 << 20) await flush();
      };
      const settleHeader = async () => {
        let best = 0;
        leading.forEach((r, i) => {
          if (headerScore(r.cells) > headerScore(leading[best].cells)) best = i;
        });
        header = leading[best].cells;
        width = header.length;
        pending.push([rowColumnName, ...header].map(csvCell).join(',') + '\n');
        for (const r of leading.slice(best + 1)) await emit(r.number, r.cells);
      };
      for await (const row of ws) {
        const cells = rowCells(row);
        if (cells.every((c) => c === '')) continue;
        if (header === null) {
          leading.push({ number: row.number, cells });
          if (leading.length >= headerSearchRows) await settleHeader();
          continue;
        }
        await emit(row.number, cells);
      }
      if (header === null && leading.length > 0) await settleHeader();
      break;
    }
    await flush();
  } finally {
    stream.end();
    await once(stream, 'close');
  }
  return { path: out, encoding: 'xlsx', sheet: chosen, header: header ?? [], delimiter: ',', rowColumn: true };
}

/** The sheet named after the entity (English or Chinese, by name start), else the first sheet. */
function pickSheet(sheets: string[], names: string[]): string | null {
  const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase();
  for (const s of sheets) if (names.some((n) => norm(s).startsWith(norm(n)))) return s;
  return sheets[0] ?? null;
}

function rowCells(row: ExcelJS.Row): string[] {
  const values = row.values as unknown[];
  const cells: string[] = [];
  for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? plainNumber(v) : '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('result' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    if ('error' in o) return String(o.error);
  }
  return String(v);
}

/** Numbers as people type them: no exponent, no float noise (0.1+0.2 style) from Excel's binary storage. */
function plainNumber(n: number): string {
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n);
  return String(Number(n.toPrecision(15)));
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s;
}
