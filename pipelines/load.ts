// Reads every source file of the input folder into typed `src_<entity>` tables, `rejects` and
// `warnings`. Files are only decoded in Node (encoding, XLSX); parsing, typing and every check of
// data-contract.md run in DuckDB as SQL generated from `pipelines/sources/`, because a national
// refresh holds ~10^7 rows and must stay close to DuckDB's own CSV speed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Db } from './db.ts';
import { ident, lit } from './db.ts';
import { refreshSettings } from './config.ts';
import { laneConnections, runInLanes } from './lanes.ts';
import type { ColumnDef, EntityName, SourceDef } from './sources/types.ts';
import { sources, detectEntity } from './sources/index.ts';
import { planCsv, type PreparedFile } from './read/csv.ts';
import { prepareXlsx } from './read/xlsx.ts';
import { mapHeaders, columnLabel, type HeaderMapping } from './read/headers.ts';
import { readerMacros, cleanCell, typedExpr, datePartsExpr, idDigitsExpr, columnChecks, sqlType, rangeText } from './read/sql.ts';
import { PipelineError, pipelineMessages, rejectMessages, warningMessages, fill } from './messages.ts';

export interface FileReport {
  file: string;
  entity: EntityName;
  sheet: string | null;
  encoding: 'utf-8' | 'utf-8-bom' | 'gb18030' | 'xlsx';
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  ignoredColumns: string[];
}

export interface LoadOptions {
  runId: string;
  /** Key of the id-number HMAC; created on first use. */
  secretKeyFile: string;
  maxRejectRatio: number;
  onProgress?: (done: number, total: number, label?: string) => void;
  onValidate?: (done: number, total: number, label?: string) => void;
  /** Entities checked side by side on this many connections (default refreshSettings.lanes). */
  lanes?: number;
}

export interface LoadResult {
  files: FileReport[];
  /** Optional entities with no file: their src_ table exists, empty. */
  missingEntities: EntityName[];
  /** Files in the folder that are not recognised as any entity (also listed in `warnings`). */
  ignoredFiles: string[];
}

/** Columns of the `rejects` and `warnings` tables (data-contract.md). */
const reportColumns = `run_id varchar, file varchar, sheet varchar, row_number integer, column_name varchar, value varchar, code varchar, message varchar`;

/** An entity's own rejects or warnings while it is checked (scratch: appended to the run's at the end). */
const reportTable = (report: 'rejects' | 'warnings', def: SourceDef) => `tmp_${report}_${def.entity}`;

interface LoadedFile {
  fileno: number;
  name: string;
  def: SourceDef;
  prepared: PreparedFile;
  mapping: HeaderMapping;
  /** src_<entity>_file<n>: the file's rows, typed and checked (fileTable). */
  table: string;
  report: FileReport;
  /** Writes `prepared.path` when the file needs a UTF-8 copy. */
  convert?: (signal: AbortSignal) => Promise<void>;
  /** Settles once `prepared.path` is written (copies are written while earlier entities are checked). */
  ready: Promise<void>;
}

export async function loadSources(db: Db, inputDir: string, opts: LoadOptions): Promise<LoadResult> {
  if (!fs.existsSync(inputDir)) throw new PipelineError('no_input', fill(pipelineMessages.noInputDir, { dir: inputDir }));
  const names = fs
    .readdirSync(inputDir, { withFileTypes: true })
    .filter((d) => (d.isFile() || (d.isSymbolicLink() && fs.statSync(path.join(inputDir, d.name), { throwIfNoEntry: false })?.isFile())) && !d.name.startsWith('.') && !d.name.startsWith('~$'))
    .map((d) => d.name)
    .sort();
  const byEntity = new Map<EntityName, string[]>();
  const ignoredFiles: string[] = [];
  for (const n of names) {
    const e = detectEntity(n);
    if (e) byEntity.set(e, [...(byEntity.get(e) ?? []), n]);
    else ignoredFiles.push(n);
  }
  if (byEntity.size === 0) throw new PipelineError('no_files', fill(pipelineMessages.noFiles, { dir: inputDir }));
  for (const def of sources) {
    if (def.required && !byEntity.has(def.entity)) {
      throw new PipelineError('missing_entity', fill(pipelineMessages.missingEntity, { entity: def.entity, label: def.label }), { entity: def.entity });
    }
  }

  for (const m of readerMacros) await db.run(m);
  await db.run(`create or replace table rejects (${reportColumns})`);
  await db.run(`create or replace table warnings (${reportColumns})`);
  for (const f of ignoredFiles) await addWarning(db, 'warnings', opts.runId, { file: f, code: 'unrecognised_file' });

  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duiwu-read-'));
  const files: LoadedFile[] = [];
  const abort = new AbortController();
  // Reading (scans, headers, XLSX) and checking overlap: an entity is checked in DuckDB as soon as its
  // own files are read, while Node reads the next entities' files and writes UTF-8 copies, keeping
  // both cores busy. A reading error (a missing column, an unreadable file) still wins over a check's.
  const total = [...byEntity.values()].reduce((n, l) => n + l.length, 0);
  // Validation progress is held back while files are still being read, so that the stages report in order.
  let reading = true;
  let heldValidation: [number, number, string | undefined] | undefined;
  const onValidate = (done: number, all: number, label?: string) => {
    if (reading) heldValidation = [done, all, label];
    else opts.onValidate?.(done, all, label);
  };
  let readCount = 0;
  let copies: Promise<void> = Promise.resolve();
  const readEntity = async (def: SourceDef): Promise<LoadedFile[]> => {
    const own: LoadedFile[] = [];
    for (const name of byEntity.get(def.entity) ?? []) {
      if (abort.signal.aborted) throw abort.signal.reason;
      const f = await readFile(def, inputDir, name, files.length + 1, tmpDir);
      files.push(f);
      own.push(f);
      const convert = f.convert;
      if (convert) {
        // UTF-8 copies are written one after another, each as soon as the previous one is done.
        f.ready = copies.then(() => convert(abort.signal)).catch((e) => {
          throw unreadable(f.name, e);
        });
        f.ready.catch(() => {});
        copies = f.ready.catch(() => {});
      }
      opts.onProgress?.(++readCount, total, name);
    }
    return own;
  };
  // One entity's files after another's: a reading error rejects its entity and every later one.
  opts.onProgress?.(0, total);
  const entityFiles = new Map<SourceDef, Promise<LoadedFile[]>>();
  let chain: Promise<unknown> = Promise.resolve();
  for (const def of sources) {
    const own = chain.then(() => readEntity(def));
    // awaited below, but not after an earlier failure: such a rejection must not end the process
    own.catch(() => {});
    entityFiles.set(def, own);
    chain = own;
  }
  const read = chain.finally(() => {
    reading = false;
    if (heldValidation) opts.onValidate?.(...heldValidation);
  });
  read.catch(() => {});
  try {
    let validated = 0;
    onValidate(0, sources.length);
    // Entities are checked side by side, each after the entities it refers to (unknown_staff needs
    // src_staff). Each writes its rejects and warnings to tables of its own, appended in entity order
    // at the end, so that the reports read the same whichever lane was quicker.
    const { conns, close } = await laneConnections(db, opts.lanes ?? refreshSettings.lanes);
    try {
      await runInLanes(
        conns,
        sources.map((def) => ({
          name: def.entity,
          after: referencedEntities(def),
          run: async (conn) => {
            await conn.run(`create or replace table ${ident(reportTable('rejects', def))} (${reportColumns}); create or replace table ${ident(reportTable('warnings', def))} (${reportColumns})`);
            const own = await entityFiles.get(def)!;
            for (const f of own) {
              for (const col of f.mapping.ignored) await addWarning(conn, reportTable('warnings', def), opts.runId, { file: f.name, sheet: f.prepared.sheet, column: col, code: 'ignored_column' });
            }
            if (own.length === 0) await createEmptySource(conn, def);
            else await validateEntity(conn, def, own, opts);
            onValidate(++validated, sources.length, def.entity);
          },
        })),
      );
    } catch (e) {
      abort.abort(e);
      await read; // a reading error is the one reported
      throw e;
    } finally {
      close();
      // also after a failure: a failed run keeps its rejects (refresh.ts)
      const written = new Set((await db.all<{ t: string }>(`select table_name t from duckdb_tables() where database_name = current_database()`)).map((r) => r.t));
      for (const def of sources) {
        for (const report of ['rejects', 'warnings'] as const) {
          const own = reportTable(report, def);
          if (written.has(own)) await db.run(`insert into ${report} select * from ${ident(own)}; drop table ${ident(own)}`);
        }
      }
    }
    await read;
    return { files: files.map((f) => f.report), missingEntities: sources.filter((d) => !byEntity.has(d.entity)).map((d) => d.entity), ignoredFiles };
  } finally {
    abort.abort();
    await read.catch(() => {});
    await Promise.allSettled(files.map((f) => f.ready));
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

/** The other entities an entity's references point at: checked before it (unknown_staff needs src_staff). */
function referencedEntities(def: SourceDef): EntityName[] {
  return [...new Set(def.columns.flatMap((c) => (c.ref && c.ref.entity !== def.entity ? [c.ref.entity] : [])))];
}

/** Scans one file and checks its header, touching no database (it runs beside the checks of earlier entities). */
async function readFile(def: SourceDef, dir: string, name: string, fileno: number, tmpDir: string): Promise<LoadedFile> {
  const full = path.join(dir, name);
  let prepared: PreparedFile;
  let convert: LoadedFile['convert'];
  try {
    if (name.toLowerCase().endsWith('.xlsx')) {
      prepared = await prepareXlsx(full, tmpDir, [def.entity, ...def.prefixes], (cells) => mapHeaders(def, cells).columns.size);
    } else {
      ({ prepared, convert } = await planCsv(full, tmpDir));
    }
  } catch (e) {
    throw unreadable(name, e);
  }
  const mapping = mapHeaders(def, prepared.header);
  if (mapping.missing.length > 0) {
    const col = def.columns.find((c) => c.name === mapping.missing[0])!;
    throw new PipelineError(
      'missing_column',
      fill(pipelineMessages.missingColumn, { file: name, column: `${col.aliases[0] ?? col.name}（${col.name}）`, aliases: [col.name, ...col.aliases].join(' / ') }),
      { file: name, column: col.name, missing: mapping.missing },
    );
  }
  return {
    fileno,
    name,
    def,
    prepared,
    mapping,
    table: fileTable(def.entity, fileno),
    report: { file: name, entity: def.entity, sheet: prepared.sheet, encoding: prepared.encoding, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, ignoredColumns: mapping.ignored },
    convert,
    ready: Promise.resolve(),
  };
}

function unreadable(name: string, e: unknown): PipelineError {
  return new PipelineError('unreadable_file', fill(pipelineMessages.unreadableFile, { file: name, reason: (e as Error).message }), { file: name });
}

/**
 * Drops `src_<entity>`, a table or a view, with the file tables under it (once its last reader has run,
 * or before it is written again).
 */
export async function dropSource(db: Db, table: string): Promise<void> {
  const found = await db.all<{ name: string; view: boolean }>(
    `select table_name as name, false as view from duckdb_tables() where database_name = current_database() and schema_name = 'main' and (table_name = $1 or starts_with(table_name, $1 || '_file'))
     union all select view_name, true from duckdb_views() where database_name = current_database() and schema_name = 'main' and view_name = $1`,
    [table],
  );
  for (const t of found.sort((a, b) => Number(b.view) - Number(a.view))) await db.run(`drop ${t.view ? 'view' : 'table'} ${ident(t.name)}`);
}

/**
 * A file's checked rows: one table per file, named after the entity's src_ table (which is a view over
 * them, or a copy for an entity with id numbers). Rows are written in file order, so that a row's
 * `rowid` is its record's place in the file and gives its Excel row number (fileRows).
 */
const fileTable = (entity: EntityName, fileno: number) => `src_${entity}_file${fileno}`;

/** DuckDB's parallel CSV reader over a prepared file: every cell as text, columns c0…cN. */
function readCsvExpr(f: LoadedFile, parallel: boolean): string {
  const width = f.prepared.header.length + (f.prepared.rowColumn ? 1 : 0);
  const columns = '{' + Array.from({ length: Math.max(width, 1) }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ') + '}';
  return `read_csv(${lit(f.prepared.path)}, header = false, skip = 1, columns = ${columns},
       delim = ${lit(f.prepared.delimiter)}, quote = '"', escape = '"', strict_mode = false, null_padding = true, auto_detect = false${parallel ? '' : ', parallel = false'})`;
}

/**
 * Reads a file and checks its rows in one pass into its file table. DuckDB's CSV reader has no line
 * number, so the rows are written in insertion order (the connection's default, set again here) and the
 * row number comes from `rowid` afterwards: cheaper than a raw copy of the file to number its rows first.
 */
async function checkFile(db: Db, def: SourceDef, f: LoadedFile): Promise<void> {
  await db.run(`set session preserve_insertion_order = true`);
  const create = (parallel: boolean) => db.run(`create or replace table ${ident(f.table)} as ${checkQuery(def, f, parallel)}`);
  try {
    await create(true);
  } catch (e) {
    // DuckDB's parallel scanner refuses null padding once it meets a line break inside quotes.
    if (!/parallel/i.test((e as Error).message)) throw wrapReadError(f.name, e);
    try {
      await create(false);
    } catch (e2) {
      throw wrapReadError(f.name, e2);
    }
  }
}

/**
 * The checked rows of an entity's files with their place: `_fileno`, `_file`, `_sheet`, `_row` (the
 * explicit row-number column, else the record's position with the header as row 1) and `_rid`, the
 * rowid that updates find a row by.
 */
function fileRows(def: SourceDef, files: LoadedFile[], checkColumns = [...reportedCheckColumns, '_code', ...(def.key?.length ? ['_key'] : [])]): string {
  const cols = [...def.columns.map((c) => ident(c.name)), ...checkColumns].join(', ');
  const selects = files.map(
    (f) => `select ${f.fileno} as _fileno, ${lit(f.name)} as _file, ${f.prepared.sheet === null ? 'cast(null as varchar)' : lit(f.prepared.sheet)} as _sheet,
      ${f.prepared.rowColumn ? '_row' : 'cast(rowid + 2 as integer)'} as _row, rowid as _rid, ${cols} from ${ident(f.table)}`,
  );
  return `(${selects.join('\n union all\n')})`;
}

/** The check columns only rejects and duplicate keys read: dropped from the file tables once they are written. */
const reportedCheckColumns = ['_column', '_value'];

/**
 * Rows with no cell at all (Excel's trailing rows, blank lines) are not data, but stay in their file
 * table so that rowids keep counting records: they carry this code, which no count or report shows.
 */
const blankCode = 'blank';

function wrapReadError(name: string, e: unknown): PipelineError {
  const reason = ((e as Error).message ?? String(e)).split('\n')[0];
  return new PipelineError('unreadable_file', fill(pipelineMessages.unreadableFile, { file: name, reason }), { file: name });
}

async function addWarning(
  db: Db,
  table: string,
  runId: string,
  w: { file: string; sheet?: string | null; row?: number | null; column?: string | null; value?: string | null; code: string },
): Promise<void> {
  const message = fill(warningMessages[w.code] ?? w.code, { file: w.file, row: w.row ?? '', column: w.column ?? '', value: w.value ?? '' });
  await db.run(`insert into ${ident(table)} values ($1, $2, $3, $4, $5, $6, $7, $8)`, [runId, w.file, w.sheet ?? null, w.row ?? null, w.column ?? null, w.value ?? null, w.code, message]);
}

function srcColumnsDdl(def: SourceDef): string {
  const cols = ['_file VARCHAR', '_sheet VARCHAR', '_row INTEGER'];
  for (const c of def.columns) {
    cols.push(`${ident(c.name)} ${sqlType[c.type]}`);
    if (c.type === 'id_number') cols.push(`${ident(hashColumn(c))} VARCHAR`);
  }
  return cols.join(', ');
}

async function createEmptySource(db: Db, def: SourceDef): Promise<void> {
  await dropSource(db, `src_${def.entity}`);
  await db.run(`create or replace table ${ident(`src_${def.entity}`)} (${srcColumnsDdl(def)})`);
}

/** id_number → id_hash: the keyed hash stored beside the masked number. */
const hashColumn = (c: ColumnDef) => c.name.replace(/_number$/, '') + '_hash';
const keyName = (def: SourceDef) => (def.key ?? []).join('+');
/** unknown_staff, unknown_unit: the reject code of a reference to a missing (or rejected) row. */
const refCode = (c: ColumnDef) => `unknown_${c.ref!.entity.replace(/s$/, '')}`;

/**
 * The query producing, for every row of a file, its typed columns and its first failing column check
 * (`_column`, `_code`, `_value`; NULL when the row passes them), straight from DuckDB's CSV reader. One
 * streaming pass: duplicate keys and unknown references are marked afterwards (markDuplicates,
 * markUnknownRefs), on the few rows they concern. Exported for profiling.
 */
export function checkQuery(def: SourceDef, f: LoadedFile, parallel = true): string {
  const v = (c: ColumnDef) => ident(`v_${c.name}`);
  const shift = f.prepared.rowColumn ? 1 : 0;
  const cells = def.columns.map((c) => {
    const i = f.mapping.columns.get(c.name);
    return `${i === undefined ? 'cast(null as varchar)' : cleanCell(ident(`c${i + shift}`), f.prepared.otherBlanks)} as ${v(c)}`;
  });
  const all = f.prepared.header.map((_, i) => ident(`c${i + shift}`));
  const blank = all.length ? `coalesce(${all.join(', ')}) is null` : 'true';
  const parts = (c: ColumnDef) => ident(`p_${c.name}`);
  const dateCols = def.columns.filter((c) => c.type === 'date');
  const idCols = def.columns.filter((c) => c.type === 'id_number');
  const typed = def.columns.map((c) => `${typedExpr(c, v(c), c.type === 'date' ? parts(c) : undefined)} as ${ident(c.name)}`);
  const whens = [`when _blank then ${lit(':' + blankCode)}`];
  for (const c of def.columns) {
    for (const [cond, code] of columnChecks(c, v(c), ident(c.name), parts(c))) whens.push(`when ${cond} then ${lit(c.name + ':')} || ${code}`);
  }
  for (const chk of def.checks ?? []) whens.push(`when ${chk.bad} then ${lit(`${chk.column}:${chk.code}`)}`);
  // The cell as written, for a failed check (only these rows carry it).
  const rawValueCases = def.columns.map((c) => `when ${lit(c.name)} then ${c.type === 'id_number' ? `duiwu_mask_id(${v(c)})` : v(c)}`);
  return `
    with r as (select ${f.prepared.rowColumn ? 'try_cast(c0 as integer) as _row, ' : ''}${cells.join(', ')}, ${blank} as _blank from ${readCsvExpr(f, parallel)}),
    p as (select *${dateCols.map((c) => `, ${datePartsExpr(v(c))} as ${parts(c)}`).join('')}${idCols.map((c) => `, ${idDigitsExpr(v(c))} as ${parts(c)}`).join('')} from r),
    t as (select *, ${typed.join(', ')} from p),
    f as (select *, case ${whens.join('\n ')} end as _fail from t)
    select ${f.prepared.rowColumn ? '_row, ' : ''}${def.columns.map((c) => ident(c.name)).join(', ')},
      case when _fail is not null then nullif(split_part(_fail, ':', 1), '') end as _column,
      case when _fail is not null then split_part(_fail, ':', 2) end as _code,
      case when _fail is not null then (case split_part(_fail, ':', 1) ${rawValueCases.join(' ')} end) end as _value${keyHashColumn(def)}
    from f`;
}

/** The typed value of a column (or of the key's columns) as a reject shows it. */
function typedValue(def: SourceDef, column: string, alias = ''): string {
  const c = def.columns.find((x) => x.name === column);
  if (c) return c.type === 'id_number' ? `duiwu_mask_id(${alias}${ident(c.name)})` : `cast(${alias}${ident(c.name)} as varchar)`;
  const key = def.key ?? [];
  return key.length > 1 ? `concat_ws('/', ${key.map((k) => `cast(${alias}${ident(k)} as varchar)`).join(', ')})` : typedValue(def, key[0], alias);
}

/**
 * `, hash(key) as _key` for an entity with a key: hashed while the check query has the row at hand,
 * so that finding repeated keys (markDuplicates) sorts one number instead of rereading and hashing
 * the key columns of millions of rows. Dropped with the other check columns.
 */
function keyHashColumn(def: SourceDef): string {
  return def.key?.length ? `, hash(${def.key.map(ident).join(', ')}) as _key` : '';
}

/**
 * Rows passing every column check whose key repeats one seen earlier (file order) become
 * `duplicate_key` rejects. The (rare) repeated key hashes are found by sorting them and comparing
 * neighbours (on millions of distinct keys, half the time of a hash aggregate), then only those
 * candidate rows are ranked; lookups are `in (subquery)` so DuckDB builds its hash table on the small side.
 */
async function markDuplicates(db: Db, def: SourceDef, files: LoadedFile[]): Promise<void> {
  const key = (def.key ?? []).map(ident);
  if (key.length === 0) return;
  // the rows' relation written out twice, not as one CTE (which DuckDB would materialise: a copy of every row)
  const rows = fileRows(def, files);
  await db.run(`create or replace temp table tmp_dup as
    with dh as (select _key as h from (select _key, lag(_key) over (order by _key) as prev from ${rows} where _code is null) where _key = prev),
    dc as (select ${key.join(', ')}, _fileno, _rid from ${rows} where _code is null and _key in (select h from dh))
    select _fileno, _rid from (select _fileno, _rid, row_number() over (partition by ${key.join(', ')} order by _fileno, _rid) as n from dc) where n > 1`);
  await markRows(db, files, 'tmp_dup', lit(keyName(def)), `'duplicate_key'`, typedValue(def, keyName(def), 'x.'));
  await db.run(`drop table tmp_dup`);
}

/**
 * Sets `_column`, `_code` and `_value` on the rows of `marks` (`_fileno`, `_rid`, and whatever the
 * expressions read as `m.`), in each file table that has any.
 */
async function markRows(db: Db, files: LoadedFile[], marks: string, column: string, code: string, value: string): Promise<void> {
  const marked = await db.all<{ fileno: number }>(`select distinct _fileno::int as fileno from ${marks}`);
  for (const { fileno } of marked) {
    const f = files.find((x) => x.fileno === fileno)!;
    await db.run(`update ${ident(f.table)} x set _column = ${column}, _code = ${code}, _value = ${value}
      from ${marks} m where m._fileno = ${fileno} and x.rowid = m._rid`);
  }
}

/**
 * References to a row that does not exist (or was rejected) become \`unknown_<entity>\` rejects, the
 * first failing reference column of a row in definition order. Targets are read before any row is
 * marked, so a reference within the entity sees every row that passed the checks and is no duplicate.
 */
async function markUnknownRefs(db: Db, def: SourceDef, files: LoadedFile[]): Promise<void> {
  const refCols = def.columns.filter((c) => c.ref);
  if (refCols.length === 0) return;
  const rows = fileRows(def, files);
  const whens = refCols.map((c) => {
    // Key columns are required, so the target never holds NULL and `not in` means "not found".
    const target = c.ref!.entity === def.entity ? `select ${ident(c.ref!.column)} from ${rows} where _code is null` : `select ${ident(c.ref!.column)} from ${ident(`src_${c.ref!.entity}`)}`;
    return `when ${ident(c.name)} is not null and ${ident(c.name)} not in (${target}) then ${lit(c.name)}`;
  });
  await db.run(`create or replace temp table tmp_ref as
    select * from (select _fileno, _rid, case ${whens.join(' ')} end as _column from ${rows} where _code is null) where _column is not null`);
  const codes = refCols.map((c) => `when ${lit(c.name)} then ${lit(refCode(c))}`).join(' ');
  const values = refCols.map((c) => `when ${lit(c.name)} then ${typedValue(def, c.name, 'x.')}`).join(' ');
  await markRows(db, files, 'tmp_ref', 'm._column', `case m._column ${codes} end`, `case m._column ${values} end`);
  await db.run(`drop table tmp_ref`);
}

async function validateEntity(db: Db, def: SourceDef, files: LoadedFile[], opts: LoadOptions): Promise<void> {
  const src = `src_${def.entity}`;
  await dropSource(db, src);
  for (const f of files) {
    await f.ready;
    await checkFile(db, def, f);
  }
  await markDuplicates(db, def, files);
  await markUnknownRefs(db, def, files);

  const rows = fileRows(def, files);
  await insertRejects(db, def, files, rows, opts.runId);
  const idCol = def.columns.find((c) => c.type === 'id_number');
  if (idCol) await insertIdWarnings(db, def, files, rows, idCol.name, opts.runId);

  const counts = await db.all<{ fileno: number; total: number; rejected: number }>(
    `select _fileno::int as fileno, count(*) filter (where _code is distinct from ${lit(blankCode)})::int as total,
      count(*) filter (where _code <> ${lit(blankCode)})::int as rejected from ${rows} group by all`,
  );
  for (const f of files) {
    const c = counts.find((x) => x.fileno === f.fileno);
    f.report.rowsRead = c?.total ?? 0;
    f.report.rowsRejected = c?.rejected ?? 0;
    f.report.rowsLoaded = f.report.rowsRead - f.report.rowsRejected;
  }

  if (idCol) {
    // The id number is masked and hashed on the way out; the file tables (full numbers) are dropped.
    const outCols = ['_file', '_sheet', '_row'];
    for (const c of def.columns) {
      if (c.type === 'id_number') outCols.push(`duiwu_mask_id(${ident(c.name)}) as ${ident(c.name)}`, `${idHashExpr(ident(c.name))} as ${ident(hashColumn(c))}`);
      else outCols.push(ident(c.name));
    }
    await db.run(`create or replace table ${ident(src)} as select ${outCols.join(', ')} from ${rows} where _code is null`, idHashParams(secretKey(opts.secretKeyFile)));
    for (const f of files) await db.run(`drop table ${ident(f.table)}`);
  } else {
    // Millions of event rows: src_ is a view over the file tables rather than a copy of them, which
    // keep `_code` for the view to leave rejected rows out (a fifth of their memory went to the others).
    for (const f of files) for (const col of [...reportedCheckColumns, '_key']) await db.run(`alter table ${ident(f.table)} drop column if exists ${col}`);
    const cols = ['_file', '_sheet', '_row', ...def.columns.map((c) => ident(c.name))];
    await db.run(`create or replace view ${ident(src)} as select ${cols.join(', ')} from ${fileRows(def, files, ['_code'])} where _code is null`);
  }

  const total = files.reduce((n, f) => n + f.report.rowsRead, 0);
  const rejected = files.reduce((n, f) => n + f.report.rowsRejected, 0);
  if (total > 0 && rejected / total > opts.maxRejectRatio) {
    throw new PipelineError(
      'too_many_rejects',
      fill(pipelineMessages.tooManyRejects, { entity: `${def.label}（${def.entity}）`, total, rejected, ratio: percent(rejected / total), limit: percent(opts.maxRejectRatio) }),
      { entity: def.entity, total, rejected, files: files.map((f) => f.report) },
    );
  }
}

function percent(x: number): string {
  return `${(Math.round(x * 1000) / 10).toString()}%`;
}

/**
 * `id_hash` of an id-number expression: HMAC-SHA256 (RFC 2104) with the secret key, as hex, computed by
 * DuckDB on its threads: sha256(key ⊕ opad ‖ sha256(key ⊕ ipad ‖ number)). The two padded keys are
 * bound as parameters `$1` (ipad) and `$2` (opad), from idHashParams: they are never written to a table
 * or into the query text. (Hashing 500,000 numbers one by one in Node took a second of the single lane
 * every other entity waits on.)
 */
export function idHashExpr(expr: string): string {
  return `sha256(unhex($2) || unhex(sha256(unhex($1) || encode(${expr}))))`;
}

/** The parameters of idHashExpr for a key: the key padded to SHA-256's block, xor ipad and xor opad, in hex. */
export function idHashParams(key: Buffer): [string, string] {
  const block = Buffer.alloc(64);
  (key.length > 64 ? crypto.createHash('sha256').update(key).digest() : key).copy(block);
  return [Buffer.from(block.map((b) => b ^ 0x36)).toString('hex'), Buffer.from(block.map((b) => b ^ 0x5c)).toString('hex')];
}

export function secretKey(file: string): Buffer {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (e) {
      // Another process created it first: use theirs.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
}

async function insertRejects(db: Db, def: SourceDef, files: LoadedFile[], rows: string, runId: string): Promise<void> {
  const tplRows: string[] = [];
  const targets = [...new Set([...def.columns.map((c) => c.name), ...(def.key?.length ? [keyName(def)] : [])])];
  for (const col of targets) {
    const c = def.columns.find((x) => x.name === col);
    for (const [code, tpl] of Object.entries(rejectMessages)) {
      const filled = fill(tpl, { allowed: (c?.values ?? []).join('、'), range: c ? rangeText(c) : '' });
      tplRows.push(`(${lit(code)}, ${lit(col)}, ${lit(filled)})`);
    }
  }
  const labelRows: string[] = [];
  for (const f of files) {
    for (const col of targets) {
      const label = col === keyName(def) ? (def.key ?? []).map((k) => columnLabel(def, k, f.mapping)).join('+') : columnLabel(def, col, f.mapping);
      labelRows.push(`(${f.fileno}, ${lit(col)}, ${lit(label)})`);
    }
  }
  await db.run(`
    insert into ${ident(reportTable('rejects', def))}
    select ${lit(runId)}, x._file, x._sheet, x._row, x._column, x._value, x._code,
      replace(replace(replace(replace(coalesce(m.tpl, x._code), '{file}', x._file), '{row}', cast(x._row as varchar)),
        '{column}', coalesce(l.label, x._column)), '{value}', coalesce(x._value, ''))
    from ${rows} x
    left join (values ${tplRows.join(', ')}) m(code, col, tpl) on m.code = x._code and m.col = x._column
    left join (values ${labelRows.join(', ')}) l(fileno, col, label) on l.fileno = x._fileno and l.col = x._column
    where x._code <> ${lit(blankCode)}
    order by x._fileno, x._row`);
}

/** Id numbers that pass the checksum but disagree with the gender or birth month given beside them. */
async function insertIdWarnings(db: Db, def: SourceDef, files: LoadedFile[], rows: string, column: string, runId: string): Promise<void> {
  const id = ident(column);
  const labels = files.map((f) => `when ${f.fileno} then ${lit(columnLabel(def, column, f.mapping))}`).join(' ');
  const msg = (code: string) =>
    `replace(replace(replace(replace(${lit(warningMessages[code])}, '{file}', _file), '{row}', cast(_row as varchar)), '{column}', case _fileno ${labels} end), '{value}', duiwu_mask_id(${id}))`;
  await db.run(`
    insert into ${ident(reportTable('warnings', def))}
    select ${lit(runId)}, _file, _sheet, _row, ${lit(column)}, duiwu_mask_id(${id}), 'id_gender_mismatch', ${msg('id_gender_mismatch')}
    from ${rows}
    where _code is null and ${id} is not null and gender is not null
      and (cast(substr(${id}, 17, 1) as integer) % 2 = 1) <> (gender = '男')
    union all
    select ${lit(runId)}, _file, _sheet, _row, ${lit(column)}, duiwu_mask_id(${id}), 'id_birth_mismatch', ${msg('id_birth_mismatch')}
    from ${rows}
    where _code is null and ${id} is not null and birth_date is not null
      and substr(${id}, 7, 6) <> strftime(birth_date, '%Y%m')`);
}
