// Profile documents: every person's snapshot sections (the rows a profile shows) as one JSON line,
// written once per snapshot beside it (`<run_id>.profiles.jsonl`) and read back by byte offset.
// A profile read by table lookups costs a dozen DuckDB scans (~15 ms of server time at national
// scale); by document, one positioned file read and a JSON.parse. The file is built in the
// background when a snapshot opens, by a DuckDB of its own at one thread so that serving keeps the
// other core; until it is ready, and for a snapshot without a run id, profiles are read from the
// tables (queries.ts), which give the same answer (asserted by test/api/profile-documents.test.ts).
import fs from 'node:fs';
import path from 'node:path';
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

/** Warehouse hook: starts preparing the documents of each snapshot as it opens. */
export function startDocuments(snap: Snapshot): void {
  const docs = ProfileDocuments.for(snap);
  if (docs) bySnapshot.set(snap, docs);
}

export function documentsOf(snap: Snapshot): ProfileDocuments | undefined {
  return bySnapshot.get(snap);
}

export class ProfileDocuments {
  private entries = new Map<string, number>();
  private offsets: number[] = [];
  private lengths: number[] = [];
  private fd?: number;
  private closed = false;
  state: 'building' | 'ready' | 'failed' = 'building';
  error?: string;
  /** Resolves when the documents are ready or failed (never rejects). */
  readonly done: Promise<void>;

  private constructor(
    readonly file: string,
    snap: Snapshot,
  ) {
    this.done = this.prepare(snap).catch((e) => {
      this.state = 'failed';
      this.error = (e as Error).message;
      if (!this.closed) console.error(`profile documents of ${path.basename(snap.file)} unavailable, profiles are read from the tables:`, this.error);
    });
  }

  /** Starts preparing the documents of a snapshot; undefined when the snapshot has no run id to name them by. */
  static for(snap: Snapshot): ProfileDocuments | undefined {
    if (!snap.runId || !snap.has('staff', 'staff_id')) return undefined;
    const file = path.join(path.dirname(snap.file), `${snap.runId}.profiles.jsonl`);
    const docs = new ProfileDocuments(file, snap);
    snap.onClose(() => docs.close());
    return docs;
  }

  /** A person's sections, or undefined when not ready or not a person of this snapshot. */
  get(staffId: string): Sections | undefined {
    if (this.state !== 'ready' || this.fd === undefined) return undefined;
    const i = this.entries.get(staffId);
    if (i === undefined) return undefined;
    const buf = Buffer.allocUnsafe(this.lengths[i]);
    fs.readSync(this.fd, buf, 0, buf.length, this.offsets[i]);
    return JSON.parse(buf.toString('utf8')) as Sections;
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
    if (!fs.existsSync(this.file)) await build(snap, this.file);
    if (this.closed) return;
    const fd = fs.openSync(this.file, 'r');
    try {
      this.index(fd);
    } catch (e) {
      fs.closeSync(fd);
      throw e;
    }
    if (this.closed) {
      fs.closeSync(fd);
      return;
    }
    this.fd = fd;
    this.state = 'ready';
  }

  /** One pass over the lines `{"staff_id":"…","doc":{…}}`: where each person's document starts and ends. */
  private index(fd: number): void {
    const head = Buffer.from('{"staff_id":');
    const docKey = Buffer.from(',"doc":');
    const chunk = Buffer.allocUnsafe(1 << 24);
    let carry = Buffer.alloc(0);
    let base = 0; // file offset of carry[0]
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, base + carry.length);
      const buf = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
        if (nl > start) {
          if (buf.compare(head, 0, head.length, start, start + head.length) !== 0) throw new Error(`unexpected line at byte ${base + start}`);
          const idEnd = buf.indexOf(docKey, start + head.length);
          if (idEnd === -1 || idEnd > nl) throw new Error(`unexpected line at byte ${base + start}`);
          const id = JSON.parse(buf.toString('utf8', start + head.length, idEnd)) as string | null;
          const docStart = idEnd + docKey.length;
          if (id !== null) {
            this.entries.set(id, this.offsets.length);
            this.offsets.push(base + docStart);
            this.lengths.push(nl - 1 - docStart); // without the closing brace of the line
          }
        }
        start = nl + 1;
      }
      if (n === 0) {
        if (start < buf.length) throw new Error('the last line is incomplete');
        return;
      }
      carry = Buffer.from(buf.subarray(start));
      base += start;
    }
  }
}

/** Writes the documents of every person of the snapshot to `file` (through a temporary name: all or nothing). */
async function build(snap: Snapshot, file: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  const instance = await DuckDBInstance.create(':memory:', {
    threads: '1',
    memory_limit: '2GB',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const conn = await instance.connect();
  try {
    await conn.run(`attach '${snap.file.replaceAll("'", "''")}' as wh (read_only)`);
    await conn.run(`copy (${documentQuery(snap)}) to '${tmp.replaceAll("'", "''")}' (format json)`);
    fs.renameSync(tmp, file);
  } finally {
    conn.closeSync();
    instance.closeSync();
    fs.rmSync(tmp, { force: true });
  }
}

/** One row per person of `staff`: staff_id and the JSON object of every section's rows. */
export function documentQuery(snap: Snapshot): string {
  const ctes: string[] = [];
  const fields: string[] = [];
  sections.forEach(([name, table, order], i) => {
    if (!snap.has(table, 'staff_id')) {
      fields.push(`'${name}', '[]'::json`);
      return;
    }
    const types = snap.types.get(table)!;
    const cols = snap.columns.get(table)!.filter((c) => !hiddenColumns.includes(c));
    const struct = cols.map((c) => `${q(c)} := ${value(c, types.get(c)!)}`).join(', ');
    const by = [...order.filter((o) => cols.includes(o)).map(q), 'rowid'].join(', ');
    ctes.push(`s${i} as (select staff_id, to_json(list(struct_pack(${struct}) order by ${by})) as j from wh.${q(table)} group by staff_id)`);
    fields.push(`'${name}', coalesce(s${i}.j, '[]'::json)`);
  });
  const joins = sections.map(([, table], i) => (snap.has(table, 'staff_id') ? `left join s${i} on s${i}.staff_id = p.staff_id` : '')).join(' ');
  return `with ${ctes.join(',\n')}
    select p.staff_id, json_object(${fields.join(', ')}) as doc
    from (select distinct staff_id from wh.staff) p ${joins}`;
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
