// Just enough of the ZIP format to read an XLSX: the central directory (the only reliable source
// of sizes — entries written with data descriptors carry zeros in their local headers), stored and
// deflated entries, Zip64. Entries are read from the file by offset, so a caller can stream one
// sheet without touching the others.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { fill, xlsxMessages } from '../messages.ts';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const eocdSig = 0x06054b50;
const zip64LocatorSig = 0x07064b50;
const zip64EocdSig = 0x06064b50;
const centralSig = 0x02014b50;
const localSig = 0x04034b50;
const eocdLength = 22;
const maxComment = 0xffff;
const cp437High =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

export class ZipArchive {
  private constructor(
    readonly file: string,
    private readonly fh: fs.promises.FileHandle,
    private readonly fileSize: number,
    readonly entries: Map<string, ZipEntry>,
  ) {}

  static async open(file: string): Promise<ZipArchive> {
    const fh = await fs.promises.open(file, 'r');
    try {
      const { size } = await fh.stat();
      const entries = await readCentralDirectory(fh, size);
      return new ZipArchive(file, fh, size, entries);
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.fh.close();
  }

  /** Part names are case-insensitive in OPC; writers almost always match the case of the references. */
  find(name: string): ZipEntry | undefined {
    const exact = this.entries.get(name);
    if (exact) return exact;
    const lower = name.toLowerCase();
    for (const [n, e] of this.entries) if (n.toLowerCase() === lower) return e;
    return undefined;
  }

  /** The whole uncompressed entry (small parts: workbook, relationships, styles). */
  async read(entry: ZipEntry): Promise<Buffer> {
    const start = await this.dataStart(entry);
    const raw = Buffer.alloc(entry.compressedSize);
    if (entry.compressedSize > 0) await readFully(this.fh, raw, start);
    let out: Buffer;
    try {
      out = entry.method === 0 ? raw : zlib.inflateRawSync(raw);
    } catch (e) {
      throw new Error(fillEntry(xlsxMessages.corruptEntry, entry, (e as Error).message));
    }
    if (out.length !== entry.size) throw new Error(fillEntry(xlsxMessages.corruptEntry, entry, `${out.length} ≠ ${entry.size} bytes`));
    return out;
  }

  /** The uncompressed entry in chunks, never whole (a national sheet is hundreds of MB of XML). */
  async *stream(entry: ZipEntry): AsyncGenerator<Buffer> {
    const start = await this.dataStart(entry);
    if (entry.compressedSize === 0) {
      if (entry.size !== 0) throw new Error(fillEntry(xlsxMessages.corruptEntry, entry, 'no data'));
      return;
    }
    const source = fs.createReadStream(this.file, { start, end: start + entry.compressedSize - 1, highWaterMark: 1 << 20 });
    let total = 0;
    if (entry.method === 0) {
      for await (const chunk of source) {
        total += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    } else {
      const inflate = zlib.createInflateRaw({ chunkSize: 1 << 20 });
      source.on('error', (e) => inflate.destroy(e));
      source.pipe(inflate);
      try {
        for await (const chunk of inflate) {
          total += (chunk as Buffer).length;
          yield chunk as Buffer;
        }
      } catch (e) {
        throw new Error(fillEntry(xlsxMessages.corruptEntry, entry, (e as Error).message));
      } finally {
        source.destroy();
        inflate.destroy();
      }
    }
    if (total !== entry.size) throw new Error(fillEntry(xlsxMessages.corruptEntry, entry, `${total} ≠ ${entry.size} bytes`));
  }

  private async dataStart(entry: ZipEntry): Promise<number> {
    if (entry.flags & 1) throw new Error(fillEntry(xlsxMessages.encryptedEntry, entry));
    if (entry.method !== 0 && entry.method !== 8) throw new Error(fillEntry(xlsxMessages.unsupportedMethod, entry, String(entry.method)));
    const head = Buffer.alloc(30);
    if (entry.localOffset + 30 > this.fileSize) throw new Error(fillEntry(xlsxMessages.corruptEntry, entry, 'local header outside the file'));
    await readFully(this.fh, head, entry.localOffset);
    if (head.readUInt32LE(0) !== localSig) throw new Error(fillEntry(xlsxMessages.corruptEntry, entry, 'bad local header'));
    const start = entry.localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
    if (start + entry.compressedSize > this.fileSize) throw new Error(fillEntry(xlsxMessages.corruptEntry, entry, 'data beyond the end of the file'));
    return start;
  }
}

function fillEntry(template: string, entry: ZipEntry, detail = ''): string {
  return fill(template, { entry: entry.name, detail });
}

async function readFully(fh: fs.promises.FileHandle, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await fh.read(buf, done, buf.length - done, position + done);
    if (bytesRead === 0) throw new Error(xlsxMessages.truncated);
    done += bytesRead;
  }
}

async function readCentralDirectory(fh: fs.promises.FileHandle, fileSize: number): Promise<Map<string, ZipEntry>> {
  const head = Buffer.alloc(Math.min(8, fileSize));
  await readFully(fh, head, 0);
  // Legacy .xls and password-protected workbooks are OLE2 compound files, not zips.
  if (head.length === 8 && head.readUInt32LE(0) === 0xe011cfd0 && head.readUInt32LE(4) === 0xe11ab1a1) throw new Error(xlsxMessages.ole2);
  if (fileSize < eocdLength) throw new Error(xlsxMessages.notZip);

  const tailLength = Math.min(fileSize, maxComment + eocdLength);
  const tailStart = fileSize - tailLength;
  const tail = Buffer.alloc(tailLength);
  await readFully(fh, tail, tailStart);
  let at = -1;
  for (let i = tailLength - eocdLength; i >= 0; i--) {
    // The comment length must reach exactly to the end of the file, or these four bytes are data.
    if (tail.readUInt32LE(i) === eocdSig && i + eocdLength + tail.readUInt16LE(i + 20) === tailLength) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new Error(xlsxMessages.notZip);

  let count = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locatorAt = at - 20;
    if (locatorAt < 0 || tail.readUInt32LE(locatorAt) !== zip64LocatorSig) {
      if (count === 0xffff && cdSize !== 0xffffffff && cdOffset !== 0xffffffff) count = -1; // exactly 65535 entries, no Zip64 record
      else throw new Error(fill(xlsxMessages.corruptZip, { detail: 'Zip64 locator missing' }));
    } else {
      const recordOffset = Number(tail.readBigUInt64LE(locatorAt + 8));
      const rec = Buffer.alloc(56);
      if (recordOffset + 56 > fileSize) throw new Error(fill(xlsxMessages.corruptZip, { detail: 'Zip64 record outside the file' }));
      await readFully(fh, rec, recordOffset);
      if (rec.readUInt32LE(0) !== zip64EocdSig) throw new Error(fill(xlsxMessages.corruptZip, { detail: 'bad Zip64 record' }));
      count = Number(rec.readBigUInt64LE(32));
      cdSize = Number(rec.readBigUInt64LE(40));
      cdOffset = Number(rec.readBigUInt64LE(48));
    }
  }
  if (cdOffset + cdSize > fileSize) throw new Error(fill(xlsxMessages.corruptZip, { detail: 'central directory outside the file' }));

  const cd = Buffer.alloc(cdSize);
  await readFully(fh, cd, cdOffset);
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  let parsed = 0;
  const utf8 = new TextDecoder('utf-8');
  while (p + 46 <= cd.length && cd.readUInt32LE(p) === centralSig) {
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    let compressedSize = cd.readUInt32LE(p + 20);
    let size = cd.readUInt32LE(p + 24);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    let localOffset = cd.readUInt32LE(p + 42);
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLength);
    // Some Windows zippers write `xl\worksheets\sheet1.xml`; part names use forward slashes.
    const name = (flags & 0x800 ? utf8.decode(nameBytes) : cp437(nameBytes)).replaceAll('\\', '/');
    // Zip64 extended information: the 64-bit values follow in this order, only for fields set to all ones.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff && q + 8 <= e + 4 + len) (size = Number(cd.readBigUInt64LE(q))), (q += 8);
        if (compressedSize === 0xffffffff && q + 8 <= e + 4 + len) (compressedSize = Number(cd.readBigUInt64LE(q))), (q += 8);
        if (localOffset === 0xffffffff && q + 8 <= e + 4 + len) localOffset = Number(cd.readBigUInt64LE(q));
      }
      e += 4 + len;
    }
    entries.set(name, { name, method, flags, compressedSize, size, localOffset });
    parsed++;
    p = extraEnd + commentLength;
  }
  if (count >= 0 && parsed !== count) throw new Error(fill(xlsxMessages.corruptZip, { detail: `${parsed} of ${count} entries readable` }));
  return entries;
}

function cp437(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b < 0x80 ? String.fromCharCode(b) : cp437High[b - 0x80];
  return s;
}
