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

export async function scanCsv(file: string): Promise<EncodingScan> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(chunkSize + 4);
    let carry = 0;
    let first = true;
    let bom = false;
    let utf8 = true;
    let blankLines = false;
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
        for (let i = carry === 0 ? start : carry; i < end; i++) {
          const b = buf[i];
          if (b === 0x0a) state = state === 0 ? 1 : 2;
          else if (b === 0x0d) continue;
          else if (state === 2) {
            blankLines = true;
            break;
          } else state = 0;
        }
      }
      if (utf8) {
        const tail = incompleteTail(buf, end);
        if (!isUtf8(buf.subarray(start, end - tail))) utf8 = false;
        buf.copy(buf, 0, end - tail, end);
        carry = tail;
      } else carry = 0;
      if (!utf8 && blankLines) break;
    }
    return { encoding: utf8 ? (bom ? 'utf-8-bom' : 'utf-8') : 'gb18030', blankLines };
  } finally {
    await fd.close();
  }
}
