// Encoding detection without configuration: a file is UTF-8 when every byte of it decodes as
// UTF-8 (with or without BOM); anything else from a Chinese office is GB18030 (a superset of GBK).
// The same pass notes blank lines between records, which DuckDB's CSV reader skips without
// counting: such files need explicit row numbers so rejects point at the row the user sees.
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

export interface EncodingScan {
  encoding: CsvEncoding;
  /** A blank line followed by more data somewhere in the file. */
  blankLines: boolean;
  /**
   * The file's data (after its first line, the header: agencies pad header names with ideographic
   * spaces, 工　号, which the header mapping handles) may hold a tab, a no-break space or an ideographic
   * space (in UTF-8 or GB18030 bytes). When it cannot, its cells need testing for plain spaces only
   * before trimming, which is most of what checking a cell costs (sql.ts cleanCell).
   */
  otherBlanks: boolean;
}

// Tab; U+00A0 and U+3000 in UTF-8; U+3000 and U+00A0 in GB18030. A GB18030 pair can also match
// across two characters: a false alarm only costs the full test.
const otherBlankBytes = [Buffer.from([0x09]), Buffer.from([0xc2, 0xa0]), Buffer.from([0xe3, 0x80, 0x80]), Buffer.from([0xa1, 0xa1]), Buffer.from([0x81, 0x30, 0x84, 0x32])];

function holdsOtherBlank(buf: Buffer): boolean {
  return otherBlankBytes.some((b) => buf.includes(b));
}

const chunkSize = 4 << 20;

/** Bytes at the end of `buf` that start a multi-byte sequence not yet complete. */
function incompleteTail(buf: Buffer, end: number): number {
  for (let back = 1; back <= 3 && back <= end; back++) {
    const b = buf[end - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

const lf = Buffer.from('\n\n');
const lfcr = Buffer.from('\n\r');

/**
 * Steps the line-ending state over `buf[from, end)`; `found` once a blank line is followed by data.
 * Inside a line only the (rare) spots where a line break is followed by another break or a carriage
 * return can start a blank line: those are found with Buffer.indexOf (native), the rest is skipped.
 */
function findBlankLine(buf: Buffer, from: number, end: number, state: number): { found: boolean; state: number } {
  let i = from;
  for (;;) {
    // Byte by byte while a line break was just seen (a few bytes: up to the next ordinary byte).
    while (state !== 0 && i < end) {
      const b = buf[i++];
      if (b === 0x0a) state = 2;
      else if (b === 0x0d) continue;
      else if (state === 2) return { found: true, state };
      else state = 0;
    }
    if (i >= end) return { found: false, state };
    const view = buf.subarray(0, end);
    const a = view.indexOf(lf, i);
    const c = view.indexOf(lfcr, i);
    const next = a === -1 ? c : c === -1 ? a : Math.min(a, c);
    if (next === -1) {
      // No candidate left in this chunk: only a trailing line break (and carriage returns) carries over.
      let j = end - 1;
      while (j >= i && buf[j] === 0x0d) j--;
      return { found: false, state: j >= i && buf[j] === 0x0a ? 1 : 0 };
    }
    state = 1;
    i = next + 1;
  }
}

export async function scanCsv(file: string): Promise<EncodingScan> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(chunkSize + 4);
    let carry = 0;
    let first = true;
    let bom = false;
    let utf8 = true;
    let blankLines = false;
    let otherBlanks = false;
    // The last bytes of the previous chunk: a blank's bytes may straddle two reads.
    let lastBytes = Buffer.alloc(0);
    let atHeader = true;
    // Line-ending state across chunks: 0 = inside a line, 1 = just after a newline, 2 = after a blank line.
    let state = 0;
    for (;;) {
      const { bytesRead } = await fd.read(buf, carry, chunkSize, null);
      const end = carry + bytesRead;
      if (bytesRead === 0) {
        if (carry > 0) utf8 = false;
        break;
      }
      let start = 0;
      if (first) {
        first = false;
        if (end >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
          bom = true;
          start = 3;
        }
      }
      if (!blankLines) {
        const from = carry === 0 ? start : carry;
        const r = findBlankLine(buf, from, end, state);
        blankLines = r.found;
        state = r.state;
      }
      if (!otherBlanks) {
        let from = carry === 0 ? start : 0;
        if (atHeader) {
          // the data starts after the first line break (a header longer than a read is scanned whole)
          const lineEnd = buf.subarray(0, end).indexOf(0x0a, from);
          if (lineEnd !== -1) from = lineEnd + 1;
          atHeader = false;
        }
        otherBlanks = holdsOtherBlank(buf.subarray(from, end)) || holdsOtherBlank(Buffer.concat([lastBytes, buf.subarray(0, Math.min(end, 3))]));
        lastBytes = Buffer.from(buf.subarray(Math.max(0, end - 3), end));
      }
      if (utf8) {
        const tail = incompleteTail(buf, end);
        if (!isUtf8(buf.subarray(start, end - tail))) utf8 = false;
        buf.copy(buf, 0, end - tail, end);
        carry = tail;
      } else carry = 0;
      if (!utf8 && blankLines && otherBlanks) break;
    }
    return { encoding: utf8 ? (bom ? 'utf-8-bom' : 'utf-8') : 'gb18030', blankLines, otherBlanks };
  } finally {
    await fd.close();
  }
}
