// Prepares a CSV source file for DuckDB: whatever its encoding, DuckDB gets a UTF-8 file whose
// first line is the header. GB18030 is transcoded by streaming (DuckDB has no such decoder here);
// a file with blank lines gets an explicit row-number column so row numbers stay those of Excel.
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseCsvRecords } from './csv-text.ts';
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
  let text = decodeText(await readStart(file), gb);
  // RowNumberer drops the byte-order mark before numbering rows.
  if (rowColumn) text = text.replace(/^\uFEFF/, '');
  if (rowColumn) text = `${rowColumnName},${text}`;
  const { cells, delimiter } = headerOf(text);
  const header = rowColumn ? cells.slice(1) : cells;
  const otherBlanks = scan.otherBlanks;
  if (!gb && !rowColumn) return { prepared: { path: file, encoding: scan.encoding, sheet: null, header, delimiter, rowColumn, otherBlanks } };
  const out = tmpPath(tmpDir, file, rowColumn ? 'rows.csv' : 'utf8.csv');
  return {
    prepared: { path: out, encoding: scan.encoding, sheet: null, header, delimiter, rowColumn, otherBlanks },
    convert: async (signal) => {
      const read = fs.createReadStream(file, { highWaterMark: 1 << 20 });
      const write = fs.createWriteStream(out);
      if (gb && rowColumn) await pipeline(read, decodeGb18030, new RowNumberer(), write, { signal });
      else if (gb) await pipeline(read, decodeGb18030, write, { signal });
      else await pipeline(read, new RowNumberer(), write, { signal });
    },
  };
}

export async function prepareCsv(file: string, tmpDir: string): Promise<PreparedFile> {
  const plan = await planCsv(file, tmpDir);
  await plan.convert?.();
  return plan.prepared;
}

/**
 * GB18030 → UTF-8 with the platform decoder (ICU, about 3× iconv-lite's speed); `stream: true`
 * keeps a character split across read chunks whole. A byte-order mark is kept, as iconv-lite kept
 * it: the header reader and the row numberer drop it.
 */
async function* decodeGb18030(src: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  const decoder = new TextDecoder('gb18030');
  for await (const chunk of src) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield Buffer.from(rest, 'utf8');
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
  return headerOf((await readStart(file)).toString('utf8'));
}

function headerOf(source: string): { cells: string[]; delimiter: string } {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', '\t', ';', '|'].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  const delimiter = counts.reduce((a, b) => (b.n > a.n ? b : a), counts[0]).d;
  return { cells: parseCsvRecords(text, { delimiter, maxRecords: 1 })[0] ?? [''], delimiter };
}
