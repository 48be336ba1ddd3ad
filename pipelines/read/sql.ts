// SQL pieces the loader generates from the source definitions: cell clean-up, typing and the
// checks of data-contract.md, so that millions of rows are validated by DuckDB, not row by row in JS.
import type { ColumnDef } from '../sources/types.ts';
import { lit } from '../db.ts';

// GB 11643-1999 weights of digits 1–17 (rules.md §8): the number's own format, not a policy parameter.
const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** Macros every validation query uses; created once per run database. */
export const readerMacros = [
  // Any contract spelling followed by a time of day, as year / month / day text.
  String.raw`create or replace macro duiwu_date_ymd(t) as regexp_extract(
     regexp_replace(t, '[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$', ''),
     '^(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?|月)?|(\d{2})(\d{2})?)$', ['y', 'm', 'd', 'm2', 'd2'])`,
  String.raw`create or replace macro duiwu_date_of(p) as try_cast(
     p.y || '-' || coalesce(nullif(p.m, ''), nullif(p.m2, '')) || '-' || coalesce(nullif(p.d, ''), nullif(p.d2, ''), '1') as date)`,
  // Dates without a time, tried from the most common spelling down, each behind a cheap full-match
  // test: ISO and slash dates, then (after 2019.03.01 / 2019年3月1日 → 2019-03-01) dotted and Chinese
  // dates, month-only dates (the 1st), 8- and 6-digit forms and Excel serial day numbers, which count
  // from 1899-12-30 (Excel's 1900 leap-year bug included).
  String.raw`create or replace macro duiwu_date_other(n, s) as case
     when regexp_full_match(n, '\d{4}-\d{1,2}-\d{1,2}') then try_cast(n as date)
     when regexp_full_match(n, '\d{4}-\d{1,2}-?') then try_cast(rtrim(n, '-') || '-1' as date)
     when regexp_full_match(s, '\d{8}') then try_cast(substr(s, 1, 4) || '-' || substr(s, 5, 2) || '-' || substr(s, 7, 2) as date)
     when regexp_full_match(s, '\d{6}') then try_cast(substr(s, 1, 4) || '-' || substr(s, 5, 2) || '-1' as date)
     when regexp_full_match(s, '\d{5}(\.\d+)?') then date '1899-12-30' + cast(floor(cast(s as double)) as integer)
     end`,
  // Each spelling behind a cheap test, most common first. Zero-padded ones by byte length and a glob
  // (every digit in place: the cast itself ignores trailing junk, as in 2019-03-1x): 2019-03-01,
  // 2019.03.01, 2019/03/01, 2019年03月01日 (by strptime: a third of three replaces), 20190301, 201903
  // and Excel serial numbers; a glob costs a fraction of a regular expression, and a national refresh
  // types ~10^7 dates. Unpadded spellings (2019.3.1, 2019年3月1日, 2019.03 / 2019年3月 as the 1st) each
  // have a full-match test behind a contains test, so most cells meet one regular expression at most.
  // All convert exactly as duiwu_date_other converts them, without its translate and cascade of tests
  // (a test compares every spelling); anything else still goes through it.
  String.raw`create or replace macro duiwu_date_plain(s) as case
     when strlen(s) = 10 and s glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' then try_cast(s as date)
     when strlen(s) = 10 and s glob '[0-9][0-9][0-9][0-9].[0-9][0-9].[0-9][0-9]' then try_cast(replace(s, '.', '-') as date)
     when strlen(s) = 10 and s glob '[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]' then try_cast(s as date)
     when strlen(s) = 17 and s glob '[0-9][0-9][0-9][0-9]年[0-9][0-9]月[0-9][0-9]日' then try_strptime(s, '%Y年%m月%d日')::date
     when strlen(s) = 8 and s glob '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' then try_cast(substr(s, 1, 4) || '-' || substr(s, 5, 2) || '-' || substr(s, 7, 2) as date)
     when contains(s, '.') and regexp_full_match(s, '\d{4}\.\d{1,2}\.\d{1,2}') then try_cast(replace(s, '.', '-') as date)
     when contains(s, '.') and regexp_full_match(s, '\d{4}\.\d{1,2}') then try_cast(replace(s, '.', '-') || '-1' as date)
     when (contains(s, '-') or contains(s, '/')) and regexp_full_match(s, '\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}') then try_cast(s as date)
     when contains(s, '年') and regexp_full_match(s, '\d{4}年\d{1,2}月\d{1,2}日') then try_cast(replace(replace(replace(s, '年', '-'), '月', '-'), '日', '') as date)
     when contains(s, '年') and regexp_full_match(s, '\d{4}年\d{1,2}月') then try_cast(replace(replace(s, '年', '-'), '月', '-1') as date)
     when strlen(s) = 6 and s glob '[0-9][0-9][0-9][0-9][0-9][0-9]' then try_cast(substr(s, 1, 4) || '-' || substr(s, 5, 2) || '-1' as date)
     when strlen(s) = 5 and s glob '[0-9][0-9][0-9][0-9][0-9]' then date '1899-12-30' + cast(s as integer)
     else duiwu_date_other(translate(s, '.年月日', '---'), s) end`,
  // `parts` = duiwu_date_ymd(s) for values carrying a time (2019-03-01 00:00:00), computed once by the caller.
  String.raw`create or replace macro duiwu_date_with(s, parts) as case
     when s is null then null
     else coalesce(duiwu_date_plain(s), duiwu_date_of(parts)) end`,
  `create or replace macro duiwu_date(s) as duiwu_date_with(s, case when contains(s, ':') then duiwu_date_ymd(s) end)`,
  // `n` = the first 17 characters as a number (idDigitsExpr), computed once by the caller: the digits
  // are taken from it arithmetically for the check character of Σ(digit × weight) mod 11.
  String.raw`create or replace macro duiwu_id_problem_n(x, n) as case
     when n is null or not regexp_full_match(x, '\d{17}[0-9X]') then 'bad_id_format'
     when try_cast(substr(x, 7, 4) || '-' || substr(x, 11, 2) || '-' || substr(x, 13, 2) as date) is null then 'bad_id_birth'
     when substr('10X98765432', cast((${idWeights.map((w, i) => `(n // ${10n ** BigInt(16 - i)} % 10) * ${w}`).join(' + ')}) % 11 as integer) + 1, 1) <> right(x, 1)
       then 'bad_id_checksum'
     end`,
  String.raw`create or replace macro duiwu_id_problem(x) as duiwu_id_problem_n(x, case when regexp_full_match(x, '\d{17}[0-9X]') then cast(left(x, 17) as bigint) end)`,
  // The full number never leaves the work database: first 6 and last 4 characters only.
  String.raw`create or replace macro duiwu_mask_id(s) as case
     when s is null then null
     when length(s) >= 10 then left(s, 6) || repeat('*', length(s) - 10) || right(s, 4)
     else repeat('*', length(s)) end`,
];

const blanks = [' ', '\t', '\r', '\n', '\u00a0', '\u3000'];
const trimChars = lit(blanks.join(''));

/**
 * A raw cell as text: trimmed, empty → NULL. Trimming a character set costs more than reading
 * the file, so it only runs on the few cells that start or end with a blank; and testing for every
 * kind of blank costs most of the check itself, so files without tabs, no-break or ideographic
 * spaces (`otherBlanks` false: PreparedFile) are tested for plain spaces only. Byte tests, no lists
 * (DuckDB turns `in (…)` into a join per column): `c < '!'` is a first byte of at most 0x20 (strings
 * compare bytewise), i.e. a leading space, tab or line break.
 */
export function cleanCell(col: string, otherBlanks = true): string {
  const tests = [`${col} < '!'`, `ends_with(${col}, ' ')`];
  // Line breaks cannot end an unquoted cell; the other blanks can.
  if (otherBlanks) tests.push(...['\u00a0', '\u3000'].map((b) => `starts_with(${col}, ${lit(b)})`), ...['\t', '\u00a0', '\u3000'].map((b) => `ends_with(${col}, ${lit(b)})`));
  return `(case when ${col} = '' then null when ${tests.join(' or ')} then nullif(trim(${col}, ${trimChars}), '') else ${col} end)`;
}

const trueWords = ['是', 'y', 'yes', 'true', '1', '√', '有'];
const falseWords = ['否', 'n', 'no', 'false', '0', '×', '无'];

/**
 * The date parts of a cell that carries a time of day, else NULL. The regular expression is costly and
 * a macro argument is re-evaluated at each use, so the loader computes this in its own step.
 */
export function datePartsExpr(v: string): string {
  return `(case when contains(${v}, ':') then duiwu_date_ymd(${v}) end)`;
}

/** The first 17 characters of an id number as a BIGINT when they are digits, else NULL. */
export function idDigitsExpr(v: string): string {
  return `(case when regexp_full_match(${v}, '\\d{17}[0-9Xx]') then cast(left(${v}, 17) as bigint) end)`;
}

/** SQL giving the typed value of column `c` from its cleaned text `v` (dates: with `parts` from datePartsExpr). */
export function typedExpr(c: ColumnDef, v: string, parts?: string): string {
  switch (c.type) {
    case 'text':
      return v;
    case 'id_number':
      return `upper(${v})`;
    case 'enum': {
      // A simple CASE repeats its operand per branch: keep the operand a plain column.
      const syn = Object.entries(c.synonyms ?? {});
      const mapped = syn.length ? `case ${v} ${syn.map(([k, val]) => `when ${lit(k)} then ${lit(val)}`).join(' ')} else ${v} end` : v;
      return c.default ? `coalesce(${mapped}, ${lit(c.default)})` : mapped;
    }
    case 'date':
      return parts ? `duiwu_date_with(${v}, ${parts})` : `duiwu_date(${v})`;
    case 'integer':
      return `(case when try_cast(${v} as double) = trunc(try_cast(${v} as double)) and abs(try_cast(${v} as double)) < 2147483647 then cast(try_cast(${v} as double) as integer) end)`;
    case 'number':
      return `try_cast(${v} as double)`;
    case 'boolean':
      return `(case when list_contains([${trueWords.map(lit).join(', ')}], lower(${v})) then true when list_contains([${falseWords.map(lit).join(', ')}], lower(${v})) then false end)`;
  }
}

export const sqlType: Record<ColumnDef['type'], string> = {
  text: 'VARCHAR',
  enum: 'VARCHAR',
  id_number: 'VARCHAR',
  date: 'DATE',
  integer: 'INTEGER',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
};

/**
 * The per-column checks, in order, as `[condition, code as SQL]` pairs: `v` is the cleaned text,
 * `t` the typed value, `aux` (id numbers) the idDigitsExpr column. Conditional requirements refer to other typed columns by name.
 */
export function columnChecks(c: ColumnDef, v: string, t: string, aux?: string): [string, string][] {
  const out: [string, string][] = [];
  if (c.required === true) out.push([`${v} is null`, lit('required')]);
  else if (c.required && typeof c.required === 'object') out.push([`${v} is null and (${c.required.when})`, lit('required')]);
  switch (c.type) {
    case 'enum':
      out.push([`${v} is not null and not list_contains([${(c.values ?? []).map(lit).join(', ')}], ${t})`, lit('bad_enum')]);
      break;
    case 'date':
      out.push([`${v} is not null and ${t} is null`, lit('bad_date')]);
      break;
    case 'integer':
      out.push([`${v} is not null and ${t} is null`, lit('bad_integer')]);
      break;
    case 'number':
      out.push([`${v} is not null and ${t} is null`, lit('bad_number')]);
      break;
    case 'boolean':
      out.push([`${v} is not null and ${t} is null`, lit('bad_boolean')]);
      break;
    case 'id_number':
      out.push([`${v} is not null and duiwu_id_problem_n(${t}, ${aux}) is not null`, `duiwu_id_problem_n(${t}, ${aux})`]);
      break;
    default:
      break;
  }
  const range: string[] = [];
  if (c.min !== undefined) range.push(`${t} ${c.exclusiveMin ? '<=' : '<'} ${c.min}`);
  if (c.max !== undefined) range.push(`${t} > ${c.max}`);
  if (range.length) out.push([range.join(' or '), lit('out_of_range')]);
  return out;
}

/** How the allowed range of a column reads in a message. */
export function rangeText(c: ColumnDef): string {
  const lo = c.min === undefined ? '' : c.exclusiveMin ? `大于 ${c.min}` : `不小于 ${c.min}`;
  const hi = c.max === undefined ? '' : `不大于 ${c.max}`;
  return [lo, hi].filter(Boolean).join('，');
}
