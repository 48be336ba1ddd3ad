// Prepares a CSV source file for DuckDB: whatever its encoding, DuckDB gets a UTF-8 file whose
// first line is the header. GB18030 is transcoded by streaming (DuckDB has no such decoder here);
// a file with blank lines gets an explicit row-number column so row numbers stay those of Excel.
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseCsvRecords } from './csv-text.ts';
import { scanCsv, type CsvEncoding } from './encoding.ts';
import { decodeGb18030 } from './gb18030.ts';

export interface PreparedFile {
  /** UTF-8 CSV DuckDB reads (the original file when no conversion was needed). */
  path: string;
  encoding: CsvEncoding | 'xlsx';
  sheet: string | null;
  /** Header cells as written by the user (without the row-number column). */
  header: string[];
  delimiter: string;
  /** The first column holds the Excel row number. */
  rowColumn: boolean;
  /** Cells may start or end with a tab, a no-break space or an ideographic space (EncodingScan.otherBlanks). */
  otherBlanks: boolean;
}

export const rowColumnName = '_row';

/** A CSV source file whose header is known and whose UTF-8 copy (if it needs one) is still to be written. */
export interface PlannedCsv {
  prepared: PreparedFile;
  /** Writes `prepared.path` when the original cannot be read as is; absent otherwise. */
  convert?: (signal?: AbortSignal) => Promise<void>;
}

/**
 * Scans a CSV file and reads its header from the original bytes, without writing anything: the
 * UTF-8 copy (transcoding, row numbers) is left to `convert`, so a caller can write it while DuckDB
 * is busy with other files. The header is what the first line of that copy will hold.
 */
export async function planCsv(file: string, tmpDir: string): Promise<PlannedCsv> {
  const scan = await scanCsv(file);
  const gb = scan.encoding === 'gb18030';
  const rowColumn = scan.blankLines;
  // The header as the user wrote it; the row-number column goes before it in the file's own delimiter.
  const { cells: header, delimiter } = headerOf(decodeText(await readStart(file), gb));
  const otherBlanks = scan.otherBlanks;
  if (!gb && !rowColumn) return { prepared: { path: file, encoding: scan.encoding, sheet: null, header, delimiter, rowColumn, otherBlanks } };
  const out = tmpPath(tmpDir, file, rowColumn ? 'rows.csv' : 'utf8.csv');
  return {
    prepared: { path: out, encoding: scan.encoding, sheet: null, header, delimiter, rowColumn, otherBlanks },
    convert: async (signal) => {
      const read = fs.createReadStream(file, { highWaterMark: 1 << 20 });
      const write = fs.createWriteStream(out);
      if (gb && rowColumn) await pipeline(read, decodeGb18030, new RowNumberer(delimiter), write, { signal });
      else if (gb) await pipeline(read, decodeGb18030, write, { signal });
      else await pipeline(read, new RowNumberer(delimiter), write, { signal });
    },
  };
}

export async function prepareCsv(file: string, tmpDir: string): Promise<PreparedFile> {
  const plan = await planCsv(file, tmpDir);
  await plan.convert?.();
  return plan.prepared;
}

const headerWindow = 1 << 20;

async function readStart(file: string): Promise<Buffer> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(headerWindow);
    const { bytesRead } = await fd.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fd.close();
  }
}

function decodeText(buf: Buffer, gb: boolean): string {
  return gb ? new TextDecoder('gb18030').decode(buf) : buf.toString('utf8');
}

let tmpCounter = 0;
export function tmpPath(tmpDir: string, file: string, suffix: string): string {
  return path.join(tmpDir, `${++tmpCounter}-${path.basename(file).replace(/[^\w.-]/g, '_')}.${suffix}`);
}

/**
 * Prefixes every record with its Excel row number (header = row 1) and the file's delimiter; quoted
 * line breaks stay inside their record. Line breaks and quotes are found with Buffer.indexOf (native),
 * so the JavaScript work is per record, not per byte.
 */
export class RowNumberer extends Transform {
  private row = 1;
  private atLineStart = true;
  private inQuote = false;
  private bomChecked = false;

  constructor(private readonly delimiter = ',') {
    super();
  }

  _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let buf = chunk;
    if (!this.bomChecked) {
      this.bomChecked = true;
      if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    const len = buf.length;
    let out = Buffer.allocUnsafe(len + 64 + (len >> 2));
    let pos = 0;
    // room for n more bytes and a row number (records shorter than their prefixes outgrow the estimate)
    const room = (n: number) => {
      if (pos + n + 16 <= out.length) return;
      const bigger = Buffer.allocUnsafe(2 * out.length + n + 16);
      out.copy(bigger, 0, 0, pos);
      out = bigger;
    };
    const copy = (from: number, to: number) => {
      room(to - from);
      buf.copy(out, pos, from, to);
      pos += to - from;
    };
    // the next quote at or after i (len when none), looked up once per quote rather than once per record
    let quote = -1;
    let i = 0;
    while (i < len) {
      if (this.atLineStart) {
        room(0);
        pos += this.row === 1 ? out.write(`${rowColumnName}${this.delimiter}`, pos, 'utf8') : writeRowNumber(out, pos, this.row, this.delimiter.charCodeAt(0));
        this.atLineStart = false;
      }
      if (quote < i) {
        quote = buf.indexOf(0x22, i);
        if (quote === -1) quote = len;
      }
      if (this.inQuote) {
        // up to the closing quote (a doubled quote closes and reopens: the same state after it)
        const end = quote < len ? quote + 1 : len;
        copy(i, end);
        i = end;
        if (quote < len) this.inQuote = false;
        continue;
      }
      let nl = buf.indexOf(0x0a, i);
      if (nl === -1) nl = len;
      if (quote < nl) {
        copy(i, quote + 1);
        i = quote + 1;
        this.inQuote = true;
        continue;
      }
      const end = nl < len ? nl + 1 : len;
      copy(i, end);
      i = end;
      if (nl < len) {
        this.row++;
        this.atLineStart = true;
      }
    }
    done(null, out.subarray(0, pos));
  }
}

/** The row number in ASCII digits and the (one-byte) delimiter at `pos`; returns the bytes written. */
function writeRowNumber(out: Buffer, pos: number, row: number, delimiter: number): number {
  let digits = 1;
  for (let r = row; r >= 10; r = Math.floor(r / 10)) digits++;
  for (let k = digits - 1, r = row; k >= 0; k--, r = Math.floor(r / 10)) out[pos + k] = 0x30 + (r % 10);
  out[pos + digits] = delimiter;
  return digits + 1;
}

/** The first record of a UTF-8 CSV and its delimiter (comma unless tabs or semicolons clearly win). */
export async function readHeader(file: string): Promise<{ cells: string[]; delimiter: string }> {
  return headerOf((await readStart(file)).toString('utf8'));
}

function headerOf(source: string): { cells: string[]; delimiter: string } {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', '\t', ';', '|'].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  const delimiter = counts.reduce((a, b) => (b.n > a.n ? b : a), counts[0]).d;
  return { cells: parseCsvRecords(text, { delimiter, maxRecords: 1 })[0] ?? [''], delimiter };
}
