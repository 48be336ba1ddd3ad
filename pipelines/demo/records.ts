// Everything recorded about a person besides their postings: loans, ranks, appraisals, training,
// awards and sanctions, cases. Derived from the simulated career so that the files agree.
import type { Rng } from './rng.ts';
import type { Person, Posting } from './simulate.ts';
import type { Unit } from './org.ts';
import { addMonths, addYears, day, firstOfMonth, ymd } from './dates.ts';
import { enforcementRanks, generalRanks, inServiceCourses, specialCourses, provincialCourses, awardTitles } from './vocab.ts';

const Y = 365.25;

export interface RecordContext {
  rng: Rng;
  asOf: number;
  historyStart: number;
  scale: 'small' | 'city' | 'national';
  /** Where people are lent to: the district bureau and the city bureau. */
  loanUnits: (p: Person) => Unit[];
}

export const leaderClasses = new Set(['head', 'ohead', 'deputy', 'odeputy', 'chief', 'vice']);

/** Split postings at squad renames, and add loans (借调) and a few secondments (挂职). */
export function finishPostings(p: Person, ctx: RecordContext) {
  const rng = ctx.rng;
  const out: Posting[] = [];
  for (const x of p.postings) {
    const r = x.unit.rename;
    if (!r) out.push(x);
    else if (x.start >= r.day) out.push({ ...x, unit: r.to });
    else if (x.end === null || x.end >= r.day) {
      out.push({ ...x, end: r.day - 1 });
      out.push({ ...x, unit: r.to, start: r.day });
    } else out.push(x);
  }
  const loans: Posting[] = [];
  if (p.category !== '协管员') {
    for (const x of out) {
      if (x.type !== '任职' || x.unit.kind !== 'squad') continue;
      const end = x.end ?? ctx.asOf;
      const years = (end - x.start) / Y;
      if (years < 1.5 || !rng.chance(Math.min(0.2, 0.012 * years))) continue;
      const start = x.start + rng.int(90, Math.floor(end - x.start - 60));
      const len = rng.chance(0.6) ? rng.int(30, 170) : rng.int(181, 720);
      let lend: number | null = start + len;
      if (lend >= end) lend = x.end === null ? (rng.chance(0.7) ? null : ctx.asOf - rng.int(0, 20)) : x.end;
      if (lend !== null && lend <= start) continue;
      const target = rng.pick(ctx.loanUnits(p));
      loans.push({ unit: target, position: rng.pick(['借调工作人员', '综合协调', '专项工作组成员']), cls: 'member', level: null, start, end: lend, type: '借调' });
    }
    if (rng.chance(0.004) && p.cur && p.status === '在职') {
      const start = Math.max(p.cur.start + 30, ctx.asOf - rng.int(60, 500));
      if (start < ctx.asOf) loans.push({ unit: rng.pick(ctx.loanUnits(p)), position: '挂职锻炼', cls: 'member', level: null, start, end: start + 365 > ctx.asOf ? null : start + 365, type: '挂职' });
    }
  }
  p.postings = out.concat(loans).sort((a, b) => a.start - b.start);
}

/** The home (任职) posting on a day. */
export function homeOn(p: Person, d: number): Posting | null {
  for (const x of p.postings) if (x.type === '任职' && x.start <= d && (x.end === null || x.end >= d)) return x;
  return null;
}

export interface RankRow {
  rank: string;
  date: number;
  change: string | null;
}

export function ranksOf(p: Person, ctx: RecordContext): RankRow[] {
  if (p.category === '协管员') return [];
  const rng = ctx.rng;
  const ladder = p.category === '行政执法类公务员' ? enforcementRanks : generalRanks;
  const until = Math.min(ctx.asOf, p.statusDate ?? ctx.asOf);
  let idx = p.eduLevel === 'master' || p.eduLevel === 'phd' ? 1 : 0;
  let change: string | null = '初任定级';
  let d = firstOfMonth(addYears(p.join, 1));
  if (p.channel === '军转安置') {
    idx = rng.int(2, 4);
    d = firstOfMonth(p.join + rng.int(30, 200));
  } else if (p.channel === '调任' || p.channel === '转任' || p.channel === '遴选') {
    idx = Math.min(6, rng.int(2, 3) + Math.floor((p.join - p.birth) / Y / 12));
    change = '转任';
    d = p.join;
  }
  // How far a career goes depends on the highest post held.
  let top = 0;
  const rankOfCls: Record<string, number> = { aux: 0, member: rng.chance(0.3) ? 4 : 5, legal: 5, omember: 5, deputy: 6, odeputy: 6, head: 7, ohead: 7, vice: 8, chief: 9 };
  for (const x of p.postings) if (x.type === '任职') top = Math.max(top, rankOfCls[x.cls] ?? 5);
  const rows: RankRow[] = [];
  if (d > until) return rows;
  rows.push({ rank: ladder[idx], date: d, change: rng.chance(0.85) ? change : null });
  while (idx < Math.min(top, ladder.length - 1)) {
    const years = rng.weighted([[2, 30], [3, 35], [4, 20], [5, 10], [rng.int(6, 8), 5]]) + (idx >= 6 ? 1 : 0);
    d = firstOfMonth(addMonths(d, years * 12 + rng.int(0, 5)));
    if (d > until) break;
    idx++;
    rows.push({ rank: ladder[idx], date: d, change: rng.chance(0.9) ? '晋升' : null });
  }
  return rows;
}

/** Years whose annual appraisal is known at as_of: results come out in January. */
export function appraisalYears(p: Person, ctx: RecordContext): number[] {
  if (p.category === '协管员') return [];
  const a = ymd(ctx.asOf);
  const last = a.m >= 2 ? a.y - 1 : a.y - 2;
  const first = Math.max(ymd(p.join).y, ymd(ctx.historyStart).y);
  const leftYear = p.statusDate !== null ? ymd(p.statusDate).y - 1 : last;
  const ys: number[] = [];
  for (let y = first; y <= Math.min(last, leftYear); y++) ys.push(y);
  return ys;
}

export interface TrainingRow {
  course: string;
  category: string;
  level: string | null;
  start: number;
  end: number | null;
  hours: number;
  days: number | null;
  result: string | null;
}

const courseIds = new Map<string, number>();
function courseId(course: string): number {
  let id = courseIds.get(course);
  if (id === undefined) courseIds.set(course, (id = courseIds.size));
  return id;
}

export function trainingOf(p: Person, ctx: RecordContext): TrainingRow[] {
  if (p.category === '协管员') return [];
  const rng = ctx.rng;
  const rows: TrainingRow[] = [];
  const until = Math.min(ctx.asOf, p.statusDate ?? ctx.asOf);
  const H = ctx.historyStart;
  const seen = new Set<number>();
  const add = (course: string, category: string, level: string | null, start: number, days: number, hours: number) => {
    // (person, course, start) is the key of a training record: the same course twice a day is one record.
    const c = courseId(course);
    while (seen.has(start * 256 + c)) start++;
    if (start > until) return;
    seen.add(start * 256 + c);
    const end = start + Math.max(0, Math.ceil(days) - 1);
    rows.push({ course, category, level, start, end: end > ctx.asOf ? null : rng.chance(0.9) ? end : null, hours, days: rng.chance(0.8) ? days : null, result: rng.chance(0.97) ? (rng.chance(0.85) ? '合格' : null) : '不合格' });
  };
  // 初任培训 for recruits: most within the first year; some late, short or missing.
  if (p.channel === '公务员招录' && p.join >= H) {
    const r = rng.next();
    if (r < 0.86) add('新录用公务员初任培训班', '初任培训', '市级', p.join + rng.int(20, 300), rng.int(12, 18), rng.int(90, 130));
    else if (r < 0.9) add('新录用公务员初任培训班', '初任培训', '市级', p.join + rng.int(380, 520), rng.int(12, 15), rng.int(90, 110));
    else if (r < 0.94) add('新录用公务员初任培训（线上）', '初任培训', '区级', p.join + rng.int(30, 200), rng.int(5, 8), rng.int(40, 64));
  }
  // 任职培训 after taking a leadership post.
  let prevPos = '';
  for (const x of p.postings) {
    if (x.type !== '任职') continue;
    const took = leaderClasses.has(x.cls) && x.position !== prevPos;
    prevPos = x.position;
    if (!took || x.start < H) continue;
    const r = rng.next();
    const senior = x.cls === 'chief' || x.cls === 'vice';
    const name = senior ? '处级领导干部任职培训班' : '科级领导干部任职培训班';
    if (r < 0.8) add(name, '任职培训', senior ? '省级' : '市级', x.start + rng.int(15, 320), rng.int(15, 21), rng.int(100, 140));
    else if (r < 0.88) add(name, '任职培训', '市级', x.start + rng.int(380, 600), rng.int(15, 18), rng.int(100, 120));
  }
  // In-service hours every year; about one person-year in six falls short.
  const y0 = Math.max(ymd(p.join).y, ymd(H).y);
  const y1 = ymd(until).y;
  const perYear = ctx.scale === 'national' ? 1 : 0;
  const steady = rng.chance(0.85);
  for (let y = y0; y <= y1; y++) {
    const ys = Math.max(day(y, 1, 1), p.join);
    const ye = Math.min(day(y, 12, 31), until);
    if (ye - ys < 20) continue;
    const share = (ye - ys + 1) / 366;
    const short = rng.chance(steady ? 0.08 : 0.45);
    let total = Math.round((short ? rng.int(24, 84) : rng.int(92, 150)) * share);
    const k = perYear || rng.weighted([[1, 30], [2, 45], [3, 25]]);
    for (let i = 0; i < k && total > 0; i++) {
      const h = i === k - 1 ? total : Math.max(4, Math.round(total / (k - i) + rng.int(-6, 6)));
      total -= h;
      if (h <= 0) break;
      add(rng.pick(inServiceCourses), '在职培训', rng.weighted([['局内', 45], ['区级', 35], ['市级', 20]]), rng.int(ys, ye), Math.max(1, Math.round(h / 8)), h);
    }
    if (rng.chance(ctx.scale === 'national' ? 0.1 : 0.25)) add(rng.pick(specialCourses), '专门业务培训', rng.pick(['市级', '区级', '部级']), rng.int(ys, ye), rng.int(2, 5), rng.int(16, 40));
  }
  // Bureau leaders: a provincial course every few years (some miss the three-year mark).
  const leaderSince = p.postings.find((x) => x.type === '任职' && (x.cls === 'chief' || x.cls === 'vice'))?.start;
  if (leaderSince !== undefined) {
    let d = Math.max(leaderSince, H) + rng.int(100, 700);
    while (d <= until) {
      add(rng.pick(provincialCourses), '专门业务培训', rng.chance(0.85) ? '省级' : '部级', d, rng.int(5, 10), rng.int(40, 80));
      d += rng.int(Math.round(1.8 * Y), Math.round(3.6 * Y));
    }
  }
  return rows.sort((a, b) => a.start - b.start);
}

export interface AwardRow {
  date: number;
  kind: string;
  title: string | null;
}

export function awardsOf(p: Person, ctx: RecordContext): AwardRow[] {
  const rng = ctx.rng;
  const rows: AwardRow[] = [];
  const until = Math.min(ctx.asOf, p.statusDate ?? ctx.asOf);
  const aux = p.category === '协管员';
  const q = p.quality;
  for (let y = Math.max(ymd(p.join).y, ymd(ctx.historyStart).y); y <= ymd(until).y; y++) {
    const ys = Math.max(day(y, 1, 1), p.join);
    const ye = Math.min(day(y, 12, 31), until);
    if (ye < ys) continue;
    const kinds: [string, number][] = aux
      ? [['通报表扬', 0.03]]
      : [['嘉奖', 0.06 + 0.03 * q], ['通报表扬', 0.035], ['三等功', 0.01 + 0.006 * q], ['二等功', 0.0015], ['一等功', 0.0002], ['荣誉称号', 0.004], ['警告', 0.003 - 0.002 * q], ['记过', 0.001], ['记大过', 0.0003], ['降级', 0.0001]];
    for (const [kind, pr] of kinds) {
      if (!rng.chance(pr)) continue;
      const titles = awardTitles[kind];
      rows.push({ date: rng.int(ys, ye), kind, title: titles && rng.chance(0.8) ? rng.pick(titles) : null });
    }
  }
  return rows.sort((a, b) => a.date - b.date);
}

export interface CaseRow {
  year: number;
  month: number | null;
  handled: number;
  lead: number | null;
}

const yearlyRate: Record<string, number> = { member: 90, legal: 25, deputy: 60, head: 30 };

/** Enforcement cases of squad staff: yearly totals for older years, monthly for the recent ones. */
export function casesOf(p: Person, ctx: RecordContext): CaseRow[] {
  if (p.category === '协管员') return [];
  const rng = ctx.rng;
  const a = ymd(ctx.asOf);
  const rows: CaseRow[] = [];
  const rate = Math.exp(0.35 * p.quality);
  const yearly = ctx.scale === 'national' ? [a.y - 3, a.y - 1] : [a.y - 8, a.y - 3];
  const until = p.statusDate ?? ctx.asOf;
  for (let y = yearly[0]; y <= yearly[1]; y++) {
    let n = 0;
    let months = 0;
    for (let m = 1; m <= 12; m++) {
      const d = day(y, m, 15);
      if (d > until || d < p.join) continue;
      const h = homeOn(p, d);
      const base = h && h.unit.kind === 'squad' ? yearlyRate[h.cls] : undefined;
      if (base === undefined) continue;
      months++;
      n += (base / 12) * rate;
    }
    if (!months) continue;
    const handled = Math.max(0, Math.round(n * rng.float(0.75, 1.25)));
    rows.push({ year: y, month: null, handled, lead: rng.chance(0.85) ? Math.round(handled * rng.float(0.35, 0.65)) : null });
  }
  if (ctx.scale === 'national') return rows;
  for (let y = a.y - 2; y <= a.y; y++) {
    for (let m = 1; m <= 12; m++) {
      if (day(y, m + 1, 1) > ctx.asOf) break;
      const d = day(y, m, 15);
      if (d > until || d < p.join) continue;
      const h = homeOn(p, d);
      const base = h && h.unit.kind === 'squad' ? yearlyRate[h.cls] : undefined;
      if (base === undefined) continue;
      const handled = Math.max(0, Math.round((base / 12) * rate * rng.float(0.4, 1.6)));
      rows.push({ year: y, month: m, handled, lead: Math.round(handled * rng.float(0.3, 0.7)) });
    }
  }
  return rows;
}
