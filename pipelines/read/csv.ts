// Prepares a CSV source file for DuckDB: whatever its encoding, DuckDB gets a UTF-8 file whose
// first line is the header. GB18030 is transcoded by streaming (DuckDB has no such decoder here);
// a file with blank lines gets an explicit row-number column so row numbers stay those of Excel.
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import { scanCsv, type CsvEncoding } from './encoding.ts';

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
}

export const rowColumnName = '_row';

export async function prepareCsv(file: string, tmpDir: string): Promise<PreparedFile> {
  const scan = await scanCsv(file);
  let current = file;
  if (scan.encoding === 'gb18030') {
    const out = tmpPath(tmpDir, file, 'utf8.csv');
    await pipeline(fs.createReadStream(file, { highWaterMark: 1 << 20 }), iconv.decodeStream('gb18030'), iconv.encodeStream('utf8'), fs.createWriteStream(out));
    current = out;
  }
  let rowColumn = false;
  if (scan.blankLines) {
    const out = tmpPath(tmpDir, file, 'rows.csv');
    await pipeline(fs.createReadStream(current, { highWaterMark: 1 << 20 }), new RowNumberer(), fs.createWriteStream(out));
    current = out;
    rowColumn = true;
  }
  const { cells, delimiter } = await readHeader(current);
  return { path: current, encoding: scan.encoding, sheet: null, header: rowColumn ? cells.slice(1) : cells, delimiter, rowColumn };
}

let tmpCounter = 0;
export function tmpPath(tmpDir: string, file: string, suffix: string): string {
  return path.join(tmpDir, `${++tmpCounter}-${path.basename(file).replace(/[^\w.-]/g, '_')}.${suffix}`);
}

/** Prefixes every record with its Excel row number (header = row 1); quoted line breaks stay inside their record. */
class RowNumberer extends Transform {
  private row = 1;
  private atLineStart = true;
  private inQuote = false;
  private bomChecked = false;

  _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let buf = chunk;
    if (!this.bomChecked) {
      this.bomChecked = true;
      if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    const parts: Buffer[] = [];
    let from = 0;
    for (let i = 0; i < buf.length; i++) {
      if (this.atLineStart) {
        parts.push(buf.subarray(from, i), Buffer.from(this.row === 1 ? `${rowColumnName},` : `${this.row},`));
        from = i;
        this.atLineStart = false;
      }
      const b = buf[i];
      if (b === 0x22) this.inQuote = !this.inQuote;
      else if (b === 0x0a && !this.inQuote) {
        this.row++;
        this.atLineStart = true;
      }
    }
    parts.push(buf.subarray(from));
    done(null, Buffer.concat(parts));
  }
}

/** The first record of a UTF-8 CSV and its delimiter (comma unless tabs or semicolons clearly win). */
export async function readHeader(file: string): Promise<{ cells: string[]; delimiter: string }> {
  const fd = await fs.promises.open(file, 'r');
  let text: string;
  try {
    const buf = Buffer.alloc(1 << 20);
    const { bytesRead } = await fd.read(buf, 0, buf.length, 0);
    text = buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fd.close();
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', '\t', ';', '|'].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  const delimiter = counts.reduce((a, b) => (b.n > a.n ? b : a), counts[0]).d;
  return { cells: parseRecord(text, delimiter), delimiter };
}

function parseRecord(text: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let inQuote = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuote) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else inQuote = false;
      } else cell += ch;
    } else if (ch === '"') inQuote = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') break;
    else cell += ch;
  }
  cells.push(cell);
  return cells;
}
