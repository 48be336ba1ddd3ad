// GB18030 → UTF-8 for the copies DuckDB reads (it has no GB18030 decoder here). The platform decoder
// (ICU) makes a JavaScript string of the whole text and Buffer.from encodes it again: ~5.5 ns a byte,
// a second and a half of a national refresh. Almost every byte of an office's file is ASCII or a
// two-byte GBK character, which a table turns into UTF-8 bytes directly at half that cost; at the
// first sequence the table does not hold (four-byte GB18030, a broken byte) the rest of the file goes
// through the platform decoder, so the output is always the platform decoder's.

/** UTF-8 of each two-byte GBK character, indexed by lead << 8 | trail: length << 24 | bytes; -1 if none. */
let table: Int32Array | undefined;

function gbkTable(): Int32Array {
  if (table) return table;
  const t = new Int32Array(1 << 16).fill(-1);
  // Every lead/trail pair decoded in one call, each followed by a line break to split them apart.
  const pairs: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) pairs.push(lead, trail, 0x0a);
  const chars = new TextDecoder('gb18030').decode(Buffer.from(pairs)).split('\n');
  let k = 0;
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const c = chars[k++];
      // one BMP character (not the replacement character): 2 or 3 UTF-8 bytes
      if (c.length !== 1 || c === '\ufffd') continue;
      const b = Buffer.from(c, 'utf8');
      t[(lead << 8) | trail] = (b.length << 24) | (b[0] << 16) | (b[1] << 8) | (b[2] ?? 0);
    }
  }
  table = t;
  return t;
}

/**
 * Transcodes `src` from its start while it holds ASCII and two-byte GBK characters only. `used` is
 * where it stopped: src.length, a lead byte cut off at the end of src, or the first other sequence.
 */
export function gbkToUtf8(src: Buffer): { out: Buffer; used: number } {
  const t = gbkTable();
  const out = Buffer.allocUnsafe(src.length + (src.length >> 1) + 4);
  const n = src.length;
  let o = 0;
  let i = 0;
  while (i < n) {
    const b = src[i];
    if (b < 0x80) {
      out[o++] = b;
      i++;
      continue;
    }
    if (i + 1 >= n) break;
    const v = t[(b << 8) | src[i + 1]];
    if (v < 0) break;
    out[o++] = (v >> 16) & 0xff;
    out[o++] = (v >> 8) & 0xff;
    if (v >>> 24 === 3) out[o++] = v & 0xff;
    i += 2;
  }
  return { out: out.subarray(0, o), used: i };
}

/** Streams GB18030 bytes as UTF-8 bytes, exactly as `new TextDecoder('gb18030')` decodes them. */
export async function* decodeGb18030(src: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  let decoder: TextDecoder | undefined;
  let carry: Buffer | undefined;
  const decoded = (bytes: Buffer, stream = true) => Buffer.from(decoder!.decode(bytes, { stream }), 'utf8');
  // (an empty chunk would be written for nothing)
  const some = (b: Buffer) => b.length > 0;
  for await (const chunk of src) {
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    carry = undefined;
    if (decoder) {
      const out = decoded(buf);
      if (some(out)) yield out;
      continue;
    }
    const { out, used } = gbkToUtf8(buf);
    if (some(out)) yield out;
    if (used === buf.length) continue;
    if (used === buf.length - 1 && buf[used] >= 0x81 && buf[used] <= 0xfe) {
      // a lead byte whose trail comes with the next chunk
      carry = Buffer.from(buf.subarray(used));
      continue;
    }
    decoder = new TextDecoder('gb18030');
    const rest = decoded(buf.subarray(used));
    if (some(rest)) yield rest;
  }
  if (carry) decoder = new TextDecoder('gb18030');
  if (decoder) {
    const end = decoded(carry ?? Buffer.alloc(0), false);
    if (some(end)) yield end;
  }
}
