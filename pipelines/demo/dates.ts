// Dates of the demo data as whole days since 1970-01-01 (UTC): no time zone can shift them.
import { ymd } from '../civil-date.ts';

export { ymd, type Ymd } from '../civil-date.ts';

const MS = 86_400_000;

export function day(y: number, m: number, d: number): number {
  return Math.round(Date.UTC(y, m - 1, d) / MS);
}

export function parseDay(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return day(y, m, d);
}

export function yearOf(n: number): number {
  return ymd(n).y;
}

/** The same calendar day `years` later (29 Feb rolls to 1 Mar). */
export function addYears(n: number, years: number): number {
  const { y, m, d } = ymd(n);
  return day(y + years, m, d);
}

export function addMonths(n: number, months: number): number {
  const { y, m, d } = ymd(n);
  return day(y, m + months, Math.min(d, 28));
}

export function firstOfMonth(n: number): number {
  const { y, m } = ymd(n);
  return day(y, m, 1);
}

/** Whole years from a to b (anniversaries passed). */
export function yearsBetween(a: number, b: number): number {
  const A = ymd(a);
  const B = ymd(b);
  let years = B.y - A.y;
  if (B.m < A.m || (B.m === A.m && B.d < A.d)) years--;
  return years;
}

export function toDate(n: number): Date {
  return new Date(n * MS);
}

/** Excel's serial number of a day (1900 system). */
export function excelSerial(n: number): number {
  return n + 25569;
}

const p2 = (x: number) => String(x).padStart(2, '0');

/** Spellings of data-contract.md; the `month*` ones drop the day and are used only for the 1st of a month. */
export type DateStyle = 'iso' | 'slash' | 'dot' | 'cn' | 'compact' | 'monthDot' | 'monthCn' | 'monthCompact';
export const dayStyles: DateStyle[] = ['iso', 'slash', 'dot', 'cn', 'compact'];
export const monthStyles: DateStyle[] = ['monthDot', 'monthCn', 'monthCompact'];

export function formatDay(n: number, style: DateStyle): string {
  const { y, m, d } = ymd(n);
  switch (style) {
    case 'iso':
      return `${y}-${p2(m)}-${p2(d)}`;
    case 'slash':
      return `${y}/${m}/${d}`;
    case 'dot':
      return `${y}.${p2(m)}.${p2(d)}`;
    case 'cn':
      return `${y}年${m}月${d}日`;
    case 'compact':
      return `${y}${p2(m)}${p2(d)}`;
    case 'monthDot':
      return `${y}.${p2(m)}`;
    case 'monthCn':
      return `${y}年${m}月`;
    case 'monthCompact':
      return `${y}${p2(m)}`;
  }
}

export function iso(n: number): string {
  return formatDay(n, 'iso');
}
