// XLSX → UTF-8 CSV with the Excel row number as first column. Cell values become the text the user
// sees: date cells as YYYY-MM-DD, numbers in plain notation, booleans 是/否, rich text and formula
// results as their text. Our own reader: exceljs's streaming reader spent ~2 s of a city refresh on
// five small files, mostly in its generic SAX and row/cell objects. The sheet XML is streamed and
// scanned as text (a national sheet is hundreds of MB: never held whole); shared strings are held.
import fs from 'node:fs';
import { once } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import { tmpPath, rowColumnName, type PreparedFile } from './csv.ts';
import { ZipArchive, type ZipEntry } from './zip.ts';
import { fill, xlsxMessages } from '../messages.ts';
import { isoDay } from '../civil-date.ts';

const headerSearchRows = 10;
const flushBytes = 1 << 20;

export async function prepareXlsx(
  file: string,
  tmpDir: string,
  sheetNames: string[],
  headerScore: (cells: string[]) => number = () => 0,
): Promise<PreparedFile> {
  const zip = await ZipArchive.open(file);
  try {
    const book = await readWorkbook(zip);
    const sheet = pickSheet(book.sheets, sheetNames);
    const entry = sheet.path === null ? undefined : zip.find(sheet.path);
    if (!entry) throw new Error(fill(xlsxMessages.missingSheet, { sheet: sheet.name, entry: sheet.path ?? sheet.rid }));
    const shared = book.sharedStrings ? await readSharedStrings(zip, book.sharedStrings) : [];
    const dates = book.styles ? await readDateStyles(zip, book.styles) : [];
    const out = tmpPath(tmpDir, file, 'xlsx.csv');
    const { header, otherBlanks } = await writeSheet(zip, entry, { shared, dates, date1904: book.date1904 }, out, headerScore);
    return { path: out, encoding: 'xlsx', sheet: sheet.name, header, delimiter: ',', rowColumn: true, otherBlanks };
  } finally {
    await zip.close();
  }
}

/**
 * The sheet named after the entity (English or Chinese, by name start), else the first sheet the
 * user can see (templates often start with a hidden list of allowed values), else the first sheet.
 */
function pickSheet(sheets: Sheet[], names: string[]): Sheet {
  const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase();
  for (const s of sheets) if (names.some((n) => norm(s.name).startsWith(norm(n)))) return s;
  return sheets.find((s) => !s.hidden) ?? sheets[0];
}

// ---------------------------------------------------------------------------------------------
// Workbook parts

interface Sheet {
  name: string;
  rid: string;
  /** The part holding its cells; null when the relationship is missing. */
  path: string | null;
  hidden: boolean;
}

interface Workbook {
  /** Worksheets in workbook order (the order of the tabs); never empty. */
  sheets: Sheet[];
  sharedStrings: ZipEntry | undefined;
  styles: ZipEntry | undefined;
  date1904: boolean;
}

async function readWorkbook(zip: ZipArchive): Promise<Workbook> {
  // The package's own relationships name the workbook part; it is xl/workbook.xml in every writer we know.
  let bookPath = 'xl/workbook.xml';
  const rootRels = zip.find('_rels/.rels');
  if (rootRels) {
    const main = relationships(await partText(zip, rootRels), '').find((r) => r.type.endsWith('/officeDocument'));
    if (main) bookPath = main.target;
  }
  const bookEntry = zip.find(bookPath);
  if (!bookEntry) throw new Error(fill(xlsxMessages.noWorkbook, { entry: bookPath }));
  const xml = await partText(zip, bookEntry);
  const dir = bookPath.slice(0, bookPath.lastIndexOf('/') + 1);
  const relsEntry = zip.find(`${dir}_rels/${bookPath.slice(dir.length)}.rels`);
  const rels = relsEntry ? relationships(await partText(zip, relsEntry), dir) : [];
  const byId = new Map(rels.map((r) => [r.id, r]));

  const sheets: Sheet[] = [];
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?sheet\s([^>]*)>/g)) {
    const a = attributes(m[1]);
    // The relationship id is r:id, whatever prefix the writer bound to the relationships namespace.
    const ridKey = Object.keys(a).find((k) => /^[\w.-]+:id$/.test(k));
    const rid = ridKey ? a[ridKey] : '';
    const rel = byId.get(rid);
    // Chart sheets and dialog sheets hold no cells.
    if (rel && !rel.type.endsWith('/worksheet')) continue;
    sheets.push({ name: decodeXml(a.name ?? ''), rid, path: rel?.target ?? null, hidden: a.state === 'hidden' || a.state === 'veryHidden' });
  }
  if (sheets.length === 0) throw new Error(xlsxMessages.noSheet);
  const pr = /<(?:[\w.-]+:)?workbookPr\s([^>]*)>/.exec(xml);
  const date1904 = pr ? ['1', 'true'].includes(attributes(pr[1]).date1904 ?? '') : false;
  const byType = (suffix: string, fallback: string) => {
    const rel = rels.find((r) => r.type.endsWith(suffix));
    return zip.find(rel ? rel.target : dir + fallback);
  };
  return { sheets, sharedStrings: byType('/sharedStrings', 'sharedStrings.xml'), styles: byType('/styles', 'styles.xml'), date1904 };
}

/** Relationship targets resolved to part names: relative to the source part's folder, or absolute (`/xl/…`). */
function relationships(xml: string, dir: string): { id: string; type: string; target: string }[] {
  const out: { id: string; type: string; target: string }[] = [];
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?Relationship\s([^>]*)>/g)) {
    const a = attributes(m[1]);
    if (a.TargetMode === 'External') continue;
    const target = decodeXml(a.Target ?? '');
    const joined = target.startsWith('/') ? target.slice(1) : dir + target;
    const parts: string[] = [];
    for (const p of joined.split('/')) {
      if (p === '..') parts.pop();
      else if (p !== '.' && p !== '') parts.push(p);
    }
    out.push({ id: a.Id ?? '', type: a.Type ?? '', target: parts.join('/') });
  }
  return out;
}

async function partText(zip: ZipArchive, entry: ZipEntry): Promise<string> {
  return new TextDecoder('utf-8').decode(await zip.read(entry));
}

const attributeRe = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Attribute values as written (entities not decoded: callers decode the few that are text). */
function attributes(s: string): Record<string, string> {
  const a: Record<string, string> = {};
  attributeRe.lastIndex = 0;
  for (let m = attributeRe.exec(s); m; m = attributeRe.exec(s)) a[m[1]] = m[2] ?? m[3];
  return a;
}

// ---------------------------------------------------------------------------------------------
// Shared strings and styles

async function readSharedStrings(zip: ZipArchive, entry: ZipEntry): Promise<string[]> {
  const strings: string[] = [];
  await scanElements(zip.stream(entry), '<si', (text) => {
    let pos = 0;
    for (;;) {
      const i = text.indexOf('<si', pos);
      if (i < 0) return;
      if (!tagEnds(text, i + 3)) {
        pos = i + 3;
        continue;
      }
      const j = text.indexOf('>', i);
      if (j < 0) throw new Error(corruptPart(entry));
      if (text.charCodeAt(j - 1) === 47 /* / */) {
        strings.push('');
        pos = j + 1;
        continue;
      }
      const k = text.indexOf('</si>', j);
      if (k < 0) throw new Error(corruptPart(entry));
      strings.push(runsText(text.slice(j + 1, k)));
      pos = k + 5;
    }
  });
  return strings;
}

/** Which cell styles (cellXfs index) show a number as a date. */
async function readDateStyles(zip: ZipArchive, entry: ZipEntry): Promise<boolean[]> {
  const xml = await partText(zip, entry);
  const codes = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?numFmt\s([^>]*)>/g)) {
    const a = attributes(m[1]);
    if (a.numFmtId !== undefined) codes.set(Number(a.numFmtId), decodeXml(a.formatCode ?? ''));
  }
  const section = /<(?:[\w.-]+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?cellXfs>/.exec(xml);
  const dates: boolean[] = [];
  if (!section) return dates;
  for (const m of section[1].matchAll(/<(?:[\w.-]+:)?xf\b([^>]*)>/g)) {
    const id = Number(attributes(m[1]).numFmtId ?? 0);
    const code = codes.get(id);
    dates.push(code !== undefined ? isDateFormatCode(code) : isBuiltinDateFormat(id));
  }
  return dates;
}

/** Built-in date and time formats, including the zh-CN ones (27–36, 50–58) Excel writes without a code. */
function isBuiltinDateFormat(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/** A format code shows a date when it uses y/m/d/h/s outside quoted text, escapes and [..] sections ([Red], [$-804]). */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[[^\]]*\]/g, '');
  return /[ymdhs]/i.test(bare);
}

// ---------------------------------------------------------------------------------------------
// The sheet

interface CellContext {
  shared: string[];
  dates: boolean[];
  date1904: boolean;
}

/** Writes the chosen sheet as CSV; returns its header cells and whether a cell holds a tab, no-break or ideographic space. */
async function writeSheet(
  zip: ZipArchive,
  entry: ZipEntry,
  ctx: CellContext,
  out: string,
  headerScore: (cells: string[]) => number,
): Promise<{ header: string[]; otherBlanks: boolean }> {
  const stream = fs.createWriteStream(out);
  let otherBlanks = false;
  let header: string[] | null = null;
  let width = 0;
  let pending: string[] = [];
  let pendingBytes = 0;
  // Sheets often open with a title row (“人员信息表”) above the header: the header is the row,
  // among the first few, that names the most known columns.
  const leading: { number: number; cells: string[] }[] = [];
  const emit = (number: number, cells: string[]) => {
    while (cells.length < width) cells.push('');
    // Most rows need no quoting: test the row once rather than every cell.
    const joined = cells.join(',');
    if (!otherBlanks && otherBlank.test(joined)) otherBlanks = true;
    const line = String(number) + ',' + (needsQuote.test(joined) ? cells.map(csvCell).join(',') : joined) + '\n';
    pending.push(line);
    pendingBytes += line.length;
  };
  const settleHeader = () => {
    let best = 0;
    leading.forEach((r, i) => {
      if (headerScore(r.cells) > headerScore(leading[best].cells)) best = i;
    });
    header = leading[best].cells;
    width = header.length;
    pending.push([rowColumnName, ...header].map(csvCell).join(',') + '\n');
    for (const r of leading.slice(best + 1)) emit(r.number, r.cells);
  };
  const onRow = (number: number, cells: string[]) => {
    if (header !== null) return emit(number, cells);
    leading.push({ number, cells });
    if (leading.length >= headerSearchRows) settleHeader();
  };
  const flush = async () => {
    if (pending.length === 0) return;
    const ok = stream.write(pending.join(''));
    pending = [];
    pendingBytes = 0;
    if (!ok) await once(stream, 'drain');
  };
  const rows = new RowScanner(ctx, entry, onRow);
  try {
    await scanElements(zip.stream(entry), '<row', async (text) => {
      rows.scan(text);
      if (pendingBytes > flushBytes) await flush();
    });
    if (header === null && leading.length > 0) settleHeader();
    await flush();
  } finally {
    stream.end();
    await once(stream, 'close');
  }
  return { header: header ?? [], otherBlanks };
}

/**
 * Rows and cells of sheet XML, scanned as text (`<row>`s hold only `<c>`s; text cannot contain a
 * raw `<`, so tag searches cannot hit cell content). Entirely empty rows are not reported.
 */
class RowScanner {
  private previousRow = 0;

  constructor(
    private readonly ctx: CellContext,
    private readonly entry: ZipEntry,
    private readonly onRow: (number: number, cells: string[]) => void,
  ) {}

  /** `text` holds whole rows only (and whatever surrounds sheetData). */
  scan(text: string): void {
    let pos = 0;
    for (;;) {
      const i = text.indexOf('<row', pos);
      if (i < 0) return;
      if (!tagEnds(text, i + 4)) {
        pos = i + 4;
        continue;
      }
      const j = text.indexOf('>', i);
      if (j < 0) throw new Error(corruptPart(this.entry));
      const selfClosing = text.charCodeAt(j - 1) === 47; /* / */
      const r = attributeValue(text, i + 4, j, 'r');
      const given = r === null ? NaN : parseInt(r, 10);
      const number = Number.isFinite(given) ? given : this.previousRow + 1;
      this.previousRow = number;
      if (selfClosing) {
        pos = j + 1;
        continue;
      }
      const k = text.indexOf('</row>', j);
      if (k < 0) throw new Error(corruptPart(this.entry));
      const cells = this.cells(text, j + 1, k);
      if (cells.length > 0) this.onRow(number, cells);
      pos = k + 6;
    }
  }

  /** Cell texts by column (trailing empty cells dropped; empty array when the row shows nothing). */
  private cells(text: string, start: number, end: number): string[] {
    const cells: string[] = [];
    let column = 0;
    let pos = start;
    for (;;) {
      const i = text.indexOf('<c', pos);
      if (i < 0 || i >= end) break;
      if (!tagEnds(text, i + 2)) {
        pos = i + 2;
        continue;
      }
      const j = text.indexOf('>', i);
      const selfClosing = text.charCodeAt(j - 1) === 47; /* / */
      const tag = cellTag(text, i + 2, selfClosing ? j - 1 : j);
      const refColumn = tag.r === null ? 0 : columnOf(tag.r);
      column = refColumn > 0 ? refColumn : column + 1;
      if (selfClosing) {
        pos = j + 1;
        continue;
      }
      const k = text.indexOf('</c>', j);
      if (k < 0 || k > end) throw new Error(corruptPart(this.entry));
      const value = this.value(tag.t, tag.s, text, j + 1, k);
      if (value !== '') {
        while (cells.length < column - 1) cells.push('');
        cells[column - 1] = value;
      }
      pos = k + 4;
    }
    return cells;
  }

  /** The text a cell shows; formula cells show their cached result, typed like any other value. */
  private value(type: string | null, style: string | null, text: string, start: number, end: number): string {
    if (type === 'inlineStr') {
      const is = text.indexOf('<is', start);
      if (is < 0 || is >= end) return '';
      const open = text.indexOf('>', is);
      if (text.charCodeAt(open - 1) === 47 /* / */) return '';
      const close = text.lastIndexOf('</is>', end);
      return close > open ? runsText(text.slice(open + 1, close)) : '';
    }
    const v = cellV(text, start, end);
    if (v === null) return '';
    switch (type) {
      case 's':
        return this.ctx.shared[parseInt(v, 10)] ?? '';
      case 'str':
      case 'e':
        return decodeXml(v);
      case 'b': {
        const t = v.trim();
        return t === '0' || t === 'false' ? '否' : t === '' ? '' : '是';
      }
      case 'd': {
        // ISO 8601 date-time written by some tools instead of a serial.
        const d = decodeXml(v).trim();
        return /^\d{4}-\d{2}-\d{2}/.test(d) ? d.slice(0, 10) : d;
      }
      default: {
        const n = parseFloat(v);
        if (!Number.isFinite(n)) return '';
        if (this.ctx.dates[style === null ? 0 : parseInt(style, 10)]) return serialDate(n, this.ctx.date1904);
        // Written with at most 15 digits, a fraction has no float noise to strip: String() is plainNumber's answer, sooner.
        return v.length <= 15 && !Number.isInteger(n) ? String(n) : plainNumber(n);
      }
    }
  }
}

/** `<row`, `<c`, `<si` must be whole tag names: the next character ends the name. */
function tagEnds(text: string, at: number): boolean {
  const ch = text.charCodeAt(at);
  return ch === 32 || ch === 62 || ch === 47 || ch === 9 || ch === 10 || ch === 13;
}

/** One attribute's raw value inside an open tag text[start, end), or null. */
function attributeValue(text: string, start: number, end: number, name: string): string | null {
  let pos = start;
  for (;;) {
    const at = text.indexOf(name, pos);
    if (at < 0 || at >= end) return null;
    pos = at + name.length;
    const before = text.charCodeAt(at - 1);
    if (!(before === 32 || before === 9 || before === 10 || before === 13)) continue;
    let p = pos;
    while (text.charCodeAt(p) === 32) p++;
    if (text.charCodeAt(p) !== 61 /* = */) continue;
    p++;
    while (text.charCodeAt(p) === 32) p++;
    const quote = text[p];
    if (quote !== '"' && quote !== "'") continue;
    const close = text.indexOf(quote, p + 1);
    if (close < 0 || close > end) return null;
    return text.slice(p + 1, close);
  }
}

const tag: { r: string | null; s: string | null; t: string | null } = { r: null, s: null, t: null };

/** The r, s and t attributes of a `<c>` open tag text[start, end), in one pass (the hot path of a sheet). */
function cellTag(text: string, start: number, end: number): typeof tag {
  tag.r = tag.s = tag.t = null;
  let p = start;
  while (p < end) {
    const ch = text.charCodeAt(p);
    if (ch === 32 || ch === 9 || ch === 10 || ch === 13) {
      p++;
      continue;
    }
    const eq = text.indexOf('=', p);
    if (eq < 0 || eq >= end) break;
    // Names compared by character: slicing each one out is most of this function's garbage.
    let nameEnd = eq;
    while (nameEnd > p && text.charCodeAt(nameEnd - 1) === 32) nameEnd--;
    const name = nameEnd - p === 1 ? text.charCodeAt(p) : 0;
    let q = eq + 1;
    while (text.charCodeAt(q) === 32) q++;
    const quote = text[q];
    if (quote !== '"' && quote !== "'") break;
    const close = text.indexOf(quote, q + 1);
    if (close < 0 || close > end) break;
    if (name === 114 /* r */) tag.r = text.slice(q + 1, close);
    else if (name === 115 /* s */) tag.s = text.slice(q + 1, close);
    else if (name === 116 /* t */) tag.t = text.slice(q + 1, close);
    p = close + 1;
  }
  return tag;
}

/** 1-based column of a reference such as `AB12`; 0 when it has no column letters. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & ~32; // upper case
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return col;
}

/** Raw text of a cell's `<v>` in text[start, end) (its content), or null when it has none. */
function cellV(text: string, start: number, end: number): string | null {
  // Nearly every cell is exactly `<v>…</v>`.
  if (text.startsWith('<v>', start) && text.startsWith('</v>', end - 4)) {
    const inner = text.slice(start + 3, end - 4);
    if (!inner.includes('<')) return inner;
  }
  let pos = start;
  for (;;) {
    const i = text.indexOf('<v', pos);
    if (i < 0 || i >= end) return null;
    if (!tagEnds(text, i + 2)) {
      pos = i + 2;
      continue;
    }
    const j = text.indexOf('>', i);
    if (text.charCodeAt(j - 1) === 47 /* / */) return '';
    const k = text.indexOf('</v>', j);
    if (k < 0 || k > end) return null;
    return text.slice(j + 1, k);
  }
}

/**
 * The text of a string item (`<si>` or `<is>`): its `<t>`, or its rich-text runs' `<t>`s joined.
 * Phonetic runs (`<rPh>`, furigana-style readings) are not part of what the cell shows.
 */
function runsText(xml: string): string {
  if (xml.startsWith('<t>') && xml.endsWith('</t>') && xml.indexOf('<', 3) === xml.length - 4) return decodeXml(xml.slice(3, -4));
  if (xml.includes('<rPh')) xml = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let out = '';
  let pos = 0;
  for (;;) {
    const i = xml.indexOf('<t', pos);
    if (i < 0) return out;
    if (!tagEnds(xml, i + 2)) {
      pos = i + 2;
      continue;
    }
    const j = xml.indexOf('>', i);
    if (j < 0) return out;
    if (xml.charCodeAt(j - 1) === 47 /* / */) {
      pos = j + 1;
      continue;
    }
    const k = xml.indexOf('</t>', j);
    if (k < 0) return out;
    out += decodeXml(xml.slice(j + 1, k));
    pos = k + 4;
  }
}

const entityRe = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));|_x([0-9a-fA-F]{4})_/g;
const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * XML text → string: entities, CDATA, line-end normalisation (as an XML parser does), and the
 * `_xHHHH_` escapes Excel writes for control characters (`_x005F_` escapes a literal underscore).
 */
function decodeXml(s: string): string {
  if (s.includes('<![CDATA[')) {
    return s
      .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
      .map((part) => (part.startsWith('<![CDATA[') ? part.slice(9, -3) : decodeXml(part)))
      .join('');
  }
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
  if (!s.includes('&') && !s.includes('_x')) return s;
  return s.replace(entityRe, (m, hex?: string, dec?: string, name?: string, esc?: string) => {
    if (name) return named[name];
    const code = parseInt(hex ?? dec ?? esc!, hex || esc ? 16 : 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

/**
 * Calls `each` with successive stretches of the part's text that end just before an occurrence of
 * `open` (so every element starting with `open` lies wholly inside one stretch), then with the rest.
 * UTF-8 is decoded across chunk boundaries; a byte-order mark stays in front of the first tag, where no scan looks.
 */
async function scanElements(chunks: AsyncIterable<Buffer>, open: string, each: (text: string) => void | Promise<void>): Promise<void> {
  // StringDecoder keeps a character split across chunks whole, at twice TextDecoder's speed here.
  const decoder = new StringDecoder('utf8');
  let carry = '';
  // Writers built on the Open XML SDK prefix every element (`<x:row>`): drop the root element's
  // prefix so the scanners see plain names. The carry is searched again in case a tag was split.
  let prefix: RegExp | null | undefined;
  for await (const chunk of chunks) {
    let text = carry + decoder.write(chunk);
    if (prefix === undefined) {
      const root = /<(?:([\w.-]+):)?(?:worksheet|sst)[\s>]/.exec(text);
      if (root) prefix = root[1] ? new RegExp(`<(/?)${root[1].replaceAll('.', '\\.')}:`, 'g') : null;
    }
    if (prefix) text = text.replace(prefix, '<$1');
    const cut = text.lastIndexOf(open);
    if (cut <= 0) {
      carry = text;
      continue;
    }
    await each(text.slice(0, cut));
    carry = text.slice(cut);
  }
  const rest = carry + decoder.end();
  await each(prefix ? rest.replace(prefix, '<$1') : rest);
}

function corruptPart(entry: ZipEntry): string {
  return fill(xlsxMessages.corruptEntry, { entry: entry.name, detail: 'XML' });
}

/** A date serial as the UTC date exceljs gave (days from 1899-12-30, time of day dropped). */
function serialDate(serial: number, date1904: boolean): string {
  const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86400000);
  const day = Math.floor(ms / 86400000);
  // Four-digit years by civil-calendar arithmetic (toISOString is slow); the rest as toISOString writes them.
  if (day >= -719162 && day <= 2932896) return isoDay(day);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}


/** Numbers as people type them: no exponent, no float noise (0.1+0.2 style) from Excel's binary storage. */
function plainNumber(n: number): string {
  // Above 2^53 String() rounds to the shortest round-trip digits; an id number wants the exact value.
  if (Number.isSafeInteger(n)) return String(n);
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n);
  return String(Number(n.toPrecision(15)));
}

const needsQuote = /[",\r\n]/;

const otherBlank = /[\t\u00a0\u3000]/;

function csvCell(s: string): string {
  return needsQuote.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s;
}
