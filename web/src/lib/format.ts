// One place for how numbers and dates look: dates always 2025-06-30, numbers with thousands separators.
import { t } from './i18n.ts';

const intFmt = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
const decFmt = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function fmtInt(v: unknown): string {
  const n = toNum(v);
  return n === null ? '—' : intFmt.format(n);
}

export function fmtDec(v: unknown, digits = 1): string {
  const n = toNum(v);
  if (n === null) return '—';
  return digits === 1 ? decFmt.format(n) : new Intl.NumberFormat('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

/** A share 0–1 shown as a percentage with one decimal. */
export function fmtPct(v: unknown): string {
  const n = toNum(v);
  return n === null ? '—' : `${decFmt.format(n * 100)}%`;
}

/** Dates as YYYY-MM-DD whatever the API sent (ISO date, ISO timestamp or Date). */
export function fmtDate(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (v instanceof Date) return shanghaiDate(v);
  const s = String(v);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : shanghaiDate(d);
}

/** Timestamps as YYYY-MM-DD HH:mm in China time. */
export function fmtDateTime(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  const d = v instanceof Date ? v : new Date(String(v));
  if (Number.isNaN(d.getTime())) return String(v);
  const s = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(d);
  return s;
}

function shanghaiDate(d: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short' }).format(d);
}

export function toNum(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Today in China, YYYY-MM-DD (the as_of default users expect). */
export function todayShanghai(): string {
  return shanghaiDate(new Date());
}

/** A training period as people say it: a year stays a year; a rolling window (`rolling_5y`) reads 截至统计日的近5年. */
export function fmtPeriod(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  const rolling = /^rolling_(\d+)y$/.exec(s);
  return rolling ? t.training.rollingPeriod.replace('{n}', rolling[1]) : s;
}
