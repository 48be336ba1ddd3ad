// Profile documents: every person's snapshot sections (the rows a profile shows) as JSON texts in one
// deflated document, written once per snapshot beside it (`<run_id>.profiles` and its index) and read
// by offset.
// A profile read by table lookups costs a dozen DuckDB scans (~15 ms of server time at national
// scale); by document, one positioned file read and a JSON.parse. The file is built in the
// background when a snapshot opens, by a DuckDB of its own at one thread so that serving keeps the
// other core; until it is ready, and for a snapshot without a run id, profiles are read from the
// tables (queries.ts), which give the same answer (asserted by test/api/profile-documents.test.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Snapshot, Row } from '../warehouse.ts';
import { hiddenColumns } from '../lists.ts';

/** Sections of a profile: the snapshot table each comes from and its row order. */
export const sections: [name: string, table: string, order: string[]][] = [
  ['staff', 'staff', []],
  ['postings', 'posting_history', ['start_date']],
  ['ranks', 'rank_history', ['effective_date']],
  ['appraisals', 'appraisal_history', ['year']],
  ['training', 'training_records', ['start_date']],
  ['awards', 'award_records', ['date']],
  ['scores', 'profile_scores', []],
  ['candidates', 'talent_pool_candidates', ['pool']],
  ['due', 'rotation_due', ['due_date']],
  ['spells', 'rotation_spells', ['spell_start']],
  ['promotion', 'promotion_eligibility', []],
  ['compliance', 'training_compliance', ['requirement_id', 'period']],
  ['loans', 'long_loans', ['start_date']],
];

/** Text columns holding JSON: clients get them as structures, as they get the JSON-typed ones. */
export const jsonTextColumns = ['components', 'criteria', 'reasons', 'detail', 'source_files', 'row_counts'];

/** Value types whose JSON form from DuckDB's `to_json` is the one the table reads give. */
const nativeJson = /^(VARCHAR|BOOLEAN|TINYINT|SMALLINT|INTEGER|FLOAT|DOUBLE|DATE|JSON|(VARCHAR|BOOLEAN|INTEGER|DOUBLE|DATE)\[\])$/;

export type Sections = Record<string, Row[]>;

const bySnapshot = new WeakMap<Snapshot, ProfileDocuments>();

const readyListeners: ((docs: ProfileDocuments, ms: number) => void)[] = [];

/** Calls `fn` whenever a snapshot's documents become ready (the server logs it). */
export function onDocumentsReady(fn: (docs: ProfileDocuments, ms: number) => void): void {
  readyListeners.push(fn);
}

/** Warehouse hook: starts preparing the documents of each snapshot as it opens. */
export function startDocuments(snap: Snapshot): void {
  const docs = ProfileDocuments.for(snap);
  if (!docs) return;
  bySnapshot.set(snap, docs);
  const t0 = performance.now();
  void docs.done.then(() => {
    if (docs.state === 'ready') for (const fn of readyListeners) fn(docs, performance.now() - t0);
  });
}

export function documentsOf(snap: Snapshot): ProfileDocuments | undefined {
  return bySnapshot.get(snap);
}

/** The index file: which person's document is where in the data file, and the columns of each section. */
interface IndexFile {
  format: 3;
  run_id: string;
  sections: string[];
  columns: Record<string, string[]>;
  ids: string[];
  /** Bytes of each document; they follow one another, in this order, from the file's start. */
  lengths: number[];
}

export class ProfileDocuments {
  private entries = new Map<string, number>();
  private offsets: number[] = [];
  private lengths: number[] = [];
  /** Each section's columns, as the documents were built with (a changed schema means rebuild). */
  private columns: Record<string, string[]>;
  private fd?: number;
  private closed = false;
  state: 'building' | 'ready' | 'failed' = 'building';
  error?: string;
  /** Resolves when the documents are ready or failed (never rejects). */
  readonly done: Promise<void>;

  private constructor(
    /** `<run_id>.profiles`: the documents, each deflated on its own. */
    readonly file: string,
    snap: Snapshot,
  ) {
    this.columns = sectionColumns(snap);
    this.done = this.prepare(snap).catch((e) => {
      this.state = 'failed';
      this.error = (e as Error).message;
      if (!this.closed) console.error(`profile documents of ${path.basename(snap.file)} unavailable, profiles are read from the tables:`, this.error);
    });
  }

  /** Starts preparing the documents of a snapshot; undefined when the snapshot has no run id to name them by. */
  static for(snap: Snapshot): ProfileDocuments | undefined {
    if (!snap.runId || !snap.has('staff', 'staff_id')) return undefined;
    const docs = new ProfileDocuments(path.join(path.dirname(snap.file), `${snap.runId}.profiles`), snap);
    snap.onClose(() => docs.close());
    return docs;
  }

  /** `<run_id>.profiles.index.json`, written last: its presence means the documents are complete. */
  get indexFile(): string {
    return `${this.file}.index.json`;
  }

  /**
   * A person's sections as JSON texts (arrays of row objects), or undefined when not ready or not a
   * person of this snapshot. A document is `<bytes of each section, comma-separated>\n<sections…>`.
   */
  raw(staffId: string): Record<string, string> | undefined {
    if (this.state !== 'ready' || this.fd === undefined) return undefined;
    const i = this.entries.get(staffId);
    if (i === undefined) return undefined;
    const buf = Buffer.allocUnsafe(this.lengths[i]);
    fs.readSync(this.fd, buf, 0, buf.length, this.offsets[i]);
    const doc = zlib.inflateRawSync(buf);
    const nl = doc.indexOf(10);
    const sizes = doc.toString('latin1', 0, nl).split(',').map(Number);
    const out: Record<string, string> = {};
    let at = nl + 1;
    sections.forEach(([name], k) => {
      out[name] = doc.toString('utf8', at, at + sizes[k]);
      at += sizes[k];
    });
    return out;
  }

  /** A person's sections as rows (what the table lookups give). */
  get(staffId: string): Sections | undefined {
    const raw = this.raw(staffId);
    return raw && Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, JSON.parse(v) as Row[]]));
  }

  get size(): number {
    return this.entries.size;
  }

  close(): void {
    this.closed = true;
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private async prepare(snap: Snapshot): Promise<void> {
    let index = this.readIndex(snap);
    // None yet, or one of an older build of this code (other columns or sections): build them.
    if (!index) {
      await build(snap, this.file, this.indexFile, this.describe(snap), () => this.closed);
      if (this.closed) return;
      index = this.readIndex(snap);
      if (!index) throw new Error(`${path.basename(this.indexFile)} was written but does not describe this snapshot`);
    }
    let offset = 0;
    index.ids.forEach((id, i) => {
      this.entries.set(id, i);
      this.offsets.push(offset);
      offset += index.lengths[i];
    });
    this.lengths = index.lengths;
    this.fd = fs.openSync(this.file, 'r');
    this.state = 'ready';
  }

  /** What an index of this snapshot's documents says besides where they are. */
  private describe(snap: Snapshot): Omit<IndexFile, 'ids' | 'lengths'> {
    return { format: 3, run_id: snap.runId, sections: sections.map((x) => x[0]), columns: this.columns };
  }

  /** The index on disk when it describes this snapshot as this code builds it, else undefined. */
  private readIndex(snap: Snapshot): IndexFile | undefined {
    if (!fs.existsSync(this.indexFile) || !fs.existsSync(this.file)) return undefined;
    const index = JSON.parse(fs.readFileSync(this.indexFile, 'utf8')) as IndexFile;
    const { ids: _ids, lengths: _lengths, ...about } = index;
    return JSON.stringify(about) === JSON.stringify(this.describe(snap)) ? index : undefined;
  }
}

/** Columns of each section present in the snapshot, as the table reads give them (hidden ones left out). */
function sectionColumns(snap: Snapshot): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, table] of sections) out[name] = snap.has(table, 'staff_id') ? snap.columns.get(table)!.filter((c) => !hiddenColumns.includes(c)) : [];
  return out;
}

/** People per pass of the build: bounds its memory (a national snapshot has ~5 × 10^5 people). */
const peoplePerPass = 25_000;

/**
 * Writes the documents of every person of the snapshot, then the index (all or nothing: both go
 * through temporary names). People are taken in staff_id ranges: the person tables are stored in
 * staff_id order, so each pass reads only its row groups and holds only its people's rows. Each
 * document is deflated on its own (national, 5 × 10^5 people: 1.1 GB on disk instead of ~4 GB).
 */
async function build(snap: Snapshot, file: string, indexFile: string, about: Omit<IndexFile, 'ids' | 'lengths'>, cancelled: () => boolean): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  const spill = fs.mkdtempSync(path.join(os.tmpdir(), 'duiwu-docs-'));
  const instance = await DuckDBInstance.create(':memory:', {
    threads: '1',
    memory_limit: '2GB',
    temp_directory: spill,
    preserve_insertion_order: 'false',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const conn = await instance.connect();
  let out: number | undefined = fs.openSync(tmp, 'w');
  const index: IndexFile = { ...about, ids: [], lengths: [] };
  try {
    await conn.run(`attach ${text(snap.file)} as wh (read_only)`);
    const bounds = (
      (await conn.runAndReadAll(
        `select staff_id from (select staff_id, row_number() over (order by staff_id) as n from (select distinct staff_id from wh.staff)) where n % ${peoplePerPass} = 1 order by staff_id`,
      )).getRowObjectsJson() as { staff_id: string }[]
    ).map((r) => r.staff_id);
    for (let i = 0; i < bounds.length && !cancelled(); i++) {
      const where = `staff_id >= ${text(bounds[i])}` + (i + 1 < bounds.length ? ` and staff_id < ${text(bounds[i + 1])}` : '');
      const result = await conn.stream(documentQuery(snap, where));
      for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        const cols = chunk.getColumns() as string[][];
        for (let r = 0; r < chunk.rowCount; r++) {
          const texts = sections.map((_, k) => Buffer.from(cols[k + 1][r], 'utf8'));
          const doc = Buffer.concat([Buffer.from(texts.map((t) => t.length).join(',') + '\n', 'latin1'), ...texts]);
          const packed = zlib.deflateRawSync(doc, { level: 1 });
          fs.writeSync(out, packed);
          index.ids.push(cols[0][r]);
          index.lengths.push(packed.length);
        }
      }
    }
    fs.closeSync(out);
    out = undefined;
    if (cancelled()) return;
    fs.renameSync(tmp, file);
    fs.writeFileSync(`${indexFile}.${process.pid}.tmp`, JSON.stringify(index));
    fs.renameSync(`${indexFile}.${process.pid}.tmp`, indexFile);
  } finally {
    if (out !== undefined) fs.closeSync(out);
    conn.closeSync();
    instance.closeSync();
    for (const f of [tmp, `${indexFile}.${process.pid}.tmp`]) fs.rmSync(f, { force: true });
    fs.rmSync(spill, { recursive: true, force: true });
  }
}

/** One row per person of `staff` matching `where` (on staff_id): staff_id, then each section's rows as JSON text. */
export function documentQuery(snap: Snapshot, where = 'true'): string {
  const ctes: string[] = [];
  const fields: string[] = [];
  sections.forEach(([, table, order], i) => {
    if (!snap.has(table, 'staff_id')) {
      fields.push(`'[]' as s${i}`);
      return;
    }
    const types = snap.types.get(table)!;
    const cols = snap.columns.get(table)!.filter((c) => !hiddenColumns.includes(c));
    const struct = cols.map((c) => `${q(c)} := ${value(c, types.get(c)!)}`).join(', ');
    // Sorting each person's list afterwards is ~10× faster than an ordered aggregate (list(… order by …)).
    const keys = [...order.filter((o) => cols.includes(o)), 'rowid'].map((c, k) => `k${k} := ${c === 'rowid' ? 'rowid' : q(c)}`);
    ctes.push(
      `s${i} as (select staff_id, to_json(list_transform(list_sort(list(struct_pack(${keys.join(', ')}, v := struct_pack(${struct})))), x -> x.v))::varchar as j
         from wh.${q(table)} where ${where} group by staff_id)`,
    );
    fields.push(`coalesce(s${i}.j, '[]') as s${i}`);
  });
  const joins = sections.map(([, table], i) => (snap.has(table, 'staff_id') ? `left join s${i} on s${i}.staff_id = p.staff_id` : '')).join(' ');
  return `with ${ctes.join(',\n')}
    select p.staff_id, ${fields.join(', ')}
    from (select distinct staff_id from wh.staff where ${where}) p ${joins}`;
}

/** A column as the table reads hand it to the client (Snapshot.all + parseJson). */
function value(column: string, type: string): string {
  const c = q(column);
  if (jsonTextColumns.includes(column) && type === 'VARCHAR') {
    return `case when left(${c}, 1) in ('[', '{') and json_valid(${c}) then ${c}::json else to_json(${c}) end`;
  }
  if (nativeJson.test(type)) return c;
  // BIGINT, DECIMAL, timestamps…: the table reads give these as text.
  return `cast(${c} as varchar)`;
}

const q = (name: string) => '"' + name.replaceAll('"', '""') + '"';
const text = (value: string) => "'" + value.replaceAll("'", "''") + "'";
