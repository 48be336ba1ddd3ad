// Writers for the demo's source files: CSV in UTF-8 (with or without BOM) or GBK, and XLSX.
// Each file chooses its own headers (English name or a Chinese alias of pipelines/sources, some with
// `*` marks or full-width spaces) and its own date spellings, as files from different offices do.
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import type { EntityName } from '../sources/types.ts';
import { sourceByEntity } from '../sources/index.ts';
import type { Rng } from './rng.ts';
import { dayStyles, excelSerial, formatDay, monthStyles, toDate, ymd, type DateStyle } from './dates.ts';

/** A cell: text, a number, or for date columns a day number (see dates.ts). Strings in date columns are written as they are. */
export type Cell = string | number | null;

export type DateMode = DateStyle | 'mixed' | 'excel';

export interface FileSpec {
  file: string;
  entity: EntityName;
  format: 'csv' | 'xlsx';
  encoding?: 'utf-8' | 'utf-8-bom' | 'gbk';
  dates: DateMode;
  /** Date columns written to the month only (e.g. 出生年月). */
  monthOnly?: string[];
  /** Optional columns this file does not have. */
  omit?: string[];
  /** A column unknown to the contract (reported as ignored by the loader). */
  extra?: { header: string; values: string[] };
  /** Header of a column forced to a given alias. */
  headers?: Record<string, string>;
  sheet?: string;
}

const CHUNK = 1 << 20;

export class FileSink {
  readonly path: string;
  rows = 0;
  private cols: string[];
  private idx: number[];
  private dateCol: boolean[];
  private monthCol: boolean[];
  private buf = '';
  private fd: number | null = null;
  private xrows: unknown[][] = [];
  private header: string[];
  private eol: string;

  constructor(
    dir: string,
    readonly spec: FileSpec,
    private rng: Rng,
    /** The entity's columns in the order rows are given. */
    readonly allColumns: string[],
  ) {
    this.path = path.join(dir, spec.file);
    const def = sourceByEntity[spec.entity];
    const omit = new Set(spec.omit ?? []);
    this.cols = allColumns.filter((c) => !omit.has(c));
    // Some files move a column or two, as people do when they rearrange a template.
    if (rng.chance(0.3) && this.cols.length > 4) {
      const i = rng.int(2, this.cols.length - 1);
      const j = rng.int(2, this.cols.length - 1);
      [this.cols[i], this.cols[j]] = [this.cols[j], this.cols[i]];
    }
    this.idx = this.cols.map((c) => allColumns.indexOf(c));
    const types = new Map(def.columns.map((c) => [c.name, c]));
    this.dateCol = this.cols.map((c) => types.get(c)?.type === 'date');
    this.monthCol = this.cols.map((c) => (spec.monthOnly ?? []).includes(c));
    const stars = rng.chance(0.5);
    const fullWidth = rng.chance(0.4);
    this.header = this.cols.map((c) => {
      const col = types.get(c)!;
      let h = spec.headers?.[c] ?? (rng.chance(0.15) ? c : rng.pick(col.aliases.filter((a) => /[\u4e00-\u9fff]/.test(a)).length ? col.aliases.filter((a) => /[\u4e00-\u9fff]/.test(a)) : col.aliases));
      if (fullWidth && h.length === 2 && /[\u4e00-\u9fff]{2}/.test(h)) h = h[0] + '\u3000' + h[1];
      if (stars && col.required === true) h = (rng.chance(0.8) ? '*' : '＊') + h;
      if (rng.chance(0.1)) h = ` ${h} `;
      return h;
    });
    if (spec.extra) this.header.push(spec.extra.header);
    this.eol = rng.chance(0.5) ? '\r\n' : '\n';
    if (spec.format === 'csv') {
      fs.mkdirSync(dir, { recursive: true });
      this.fd = fs.openSync(this.path, 'w');
      if (spec.encoding === 'utf-8-bom') this.buf = '\ufeff';
      this.buf += this.header.map(csvField).join(',') + this.eol;
    }
  }

  private dateText(n: number, month: boolean): string {
    const mode = this.spec.dates;
    const { d } = ymd(n);
    if (month) return formatDay(n, mode === 'monthCn' || mode === 'monthCompact' ? mode : 'monthDot');
    let style: DateStyle;
    if (mode === 'mixed' || mode === 'excel') {
      style = this.rng.pick(dayStyles);
      if (d === 1 && this.rng.chance(0.25)) style = this.rng.pick(monthStyles);
    } else style = mode;
    if (style.startsWith('month') && d !== 1) style = 'iso';
    return formatDay(n, style);
  }

  row(values: Cell[]) {
    this.rows++;
    if (this.spec.format === 'csv') {
      let line = '';
      for (let k = 0; k < this.idx.length; k++) {
        const v = values[this.idx[k]];
        if (k) line += ',';
        if (v === null || v === undefined) continue;
        if (this.dateCol[k] && typeof v === 'number') line += this.dateText(v, this.monthCol[k]);
        else line += typeof v === 'number' ? String(v) : csvField(v);
      }
      if (this.spec.extra) line += ',' + csvField(this.rng.pick(this.spec.extra.values));
      this.buf += line + this.eol;
      if (this.buf.length > CHUNK) this.flush();
      return;
    }
    const out: unknown[] = [];
    for (let k = 0; k < this.idx.length; k++) {
      const v = values[this.idx[k]];
      if (v === null || v === undefined) out.push(null);
      else if (this.dateCol[k] && typeof v === 'number') {
        if (this.monthCol[k]) out.push(this.dateText(v, true));
        else if (this.spec.dates !== 'excel') out.push(this.dateText(v, false));
        else {
          const r = this.rng.next();
          // Mostly real date cells; a few bare serial numbers and a few typed-in strings.
          out.push(r < 0.93 ? toDate(v) : r < 0.96 ? excelSerial(v) : this.dateText(v, false));
        }
      } else out.push(v);
    }
    if (this.spec.extra) out.push(this.rng.pick(this.spec.extra.values));
    this.xrows.push(out);
  }

  private flush() {
    if (this.fd === null || !this.buf) return;
    const bytes = this.spec.encoding === 'gbk' ? iconv.encode(this.buf, 'gbk') : Buffer.from(this.buf, 'utf8');
    fs.writeSync(this.fd, bytes);
    this.buf = '';
  }

  async close(fixedDate: Date): Promise<void> {
    if (this.spec.format === 'csv') {
      this.flush();
      fs.closeSync(this.fd!);
      this.fd = null;
      return;
    }
    const wb = new ExcelJS.Workbook();
    wb.creator = 'duiwu demo';
    wb.created = fixedDate;
    wb.modified = fixedDate;
    const ws = wb.addWorksheet(this.spec.sheet ?? sourceByEntity[this.spec.entity].label ?? this.spec.entity);
    ws.addRow(this.header);
    for (const r of this.xrows) {
      const row = ws.addRow(r);
      r.forEach((v, i) => {
        if (v instanceof Date) row.getCell(i + 1).numFmt = 'yyyy/m/d';
      });
    }
    this.xrows = [];
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    fs.mkdirSync(path.dirname(this.path), { recursive: true });
    fs.writeFileSync(this.path, fixZipTimes(buf));
  }
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/**
 * exceljs stamps every zip entry with the current time; set them all to 1980-01-01 so that the same
 * seed gives the same bytes. Walks the central directory and patches each entry and its local header.
 */
export function fixZipTimes(buf: Buffer): Buffer {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('xlsx: no end of central directory');
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const DOS_DATE = (0 << 9) | (1 << 5) | 1;
  for (let e = 0; e < entries; e++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('xlsx: bad central directory');
    buf.writeUInt16LE(0, p + 12);
    buf.writeUInt16LE(DOS_DATE, p + 14);
    const local = buf.readUInt32LE(p + 42);
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error('xlsx: bad local header');
    buf.writeUInt16LE(0, local + 10);
    buf.writeUInt16LE(DOS_DATE, local + 12);
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return buf;
}
