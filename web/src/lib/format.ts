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

const quarterEnds: Record<string, string> = { 一季度: '03-31', 二季度: '06-30', 三季度: '09-30', 四季度: '12-31' };

/** An appraisal's period as the day it ends and a label: 2025 年度 (12-31), 2025 年一季度 (03-31). */
export function appraisalPeriod(year: unknown, period: unknown): { date: string; label: string } {
  const p = period === null || period === undefined || period === '' ? '年度' : String(period);
  const end = quarterEnds[p];
  return end ? { date: `${year}-${end}`, label: `${year} 年${p}` } : { date: `${year}-12-31`, label: `${year} 年度` };
}
