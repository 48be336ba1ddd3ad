// generateDemo: a folder of source files exactly as data-contract.md describes, for a seed and a scale.
// Groups (the city-level units, then each district) are simulated and written one after another,
// so memory stays at one group's people even at national scale.
import fs from 'node:fs';
import path from 'node:path';
import type { EntityName } from '../sources/types.ts';
import { sourceByEntity } from '../sources/index.ts';
import { todayInShanghai } from '../config.ts';
import { Rng } from './rng.ts';
import { addYears, parseDay, toDate, ymd, day } from './dates.ts';
import { buildOrg, type Group, type Org, type Scale, type Unit } from './org.ts';
import { GroupSim, type Person, type SimContext } from './simulate.ts';
import { FileSink, type Cell, type FileSpec } from './sinks.ts';
import { appraisalYears, awardsOf, casesOf, finishPostings, homeOn, ranksOf, trainingOf, type RecordContext } from './records.ts';
import { idCheckChar } from './people.ts';

export interface DemoOptions {
  scale: Scale;
  seed?: number;
  out: string;
  /** YYYY-MM-DD; default today in Asia/Shanghai. */
  asOf?: string;
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface DemoSummary {
  scale: Scale;
  seed: number;
  asOf: string;
  out: string;
  files: { file: string; entity: EntityName; rows: number; bytes: number }[];
  rows: Record<EntityName, number>;
  /** Rows written wrong on purpose, so that the data-quality report has something to show. */
  deliberateBadRows: Record<string, number>;
  ms: number;
}

type Router = (g: number, year?: number, monthly?: boolean) => FileSink;

const entities: EntityName[] = ['units', 'staff', 'postings', 'ranks', 'appraisals', 'training', 'awards', 'cases', 'recruitment_plans'];

function filePlan(scale: Scale, org: Org, asOf: number): { specs: FileSpec[]; route: Record<EntityName, (g: number, year?: number, monthly?: boolean) => string> } {
  const specs: FileSpec[] = [];
  const G = org.groups.length;
  const a = ymd(asOf);
  const y0 = a.y - 20;
  const add = (s: FileSpec) => (specs.push(s), s.file);
  const national = scale === 'national';
  const units = add(national ? { file: '机构.csv', entity: 'units', format: 'csv', encoding: 'utf-8', dates: 'iso' } : { file: '机构.xlsx', entity: 'units', format: 'xlsx', dates: 'excel', sheet: '机构' });
  const remark = { header: '备注', values: ['', '', '', '', '在编', '借调中', '见人事档案', '待核实'] };
  const staffFiles = national
    ? [
        add({ file: '人员_第一批.csv', entity: 'staff', format: 'csv', encoding: 'utf-8', dates: 'iso' }),
        add({ file: 'staff_batch2.csv', entity: 'staff', format: 'csv', encoding: 'utf-8-bom', dates: 'slash', extra: remark }),
        add({ file: '人员_第三批.csv', entity: 'staff', format: 'csv', encoding: 'gbk', dates: 'mixed', monthOnly: ['birth_date'], headers: { birth_date: '出生年月' } }),
      ]
    : scale === 'small'
      ? [
          add({ file: '人员信息.xlsx', entity: 'staff', format: 'xlsx', dates: 'excel', sheet: '人员', extra: remark }),
          add({ file: `staff_${org.groups[2].label}.csv`, entity: 'staff', format: 'csv', encoding: 'gbk', dates: 'mixed', monthOnly: ['birth_date'], headers: { birth_date: '出生年月' } }),
        ]
      : [
          add({ file: '人员信息_1.xlsx', entity: 'staff', format: 'xlsx', dates: 'excel', sheet: '人员', extra: remark }),
          add({ file: 'staff_2.csv', entity: 'staff', format: 'csv', encoding: 'utf-8-bom', dates: 'iso' }),
          add({ file: '人员信息_3.csv', entity: 'staff', format: 'csv', encoding: 'gbk', dates: 'mixed', monthOnly: ['birth_date'], headers: { birth_date: '出生年月' } }),
        ];
  const staffOf = (g: number) => (national ? staffFiles[g % 3] : scale === 'small' ? staffFiles[g < 2 ? 0 : 1] : staffFiles[Math.min(2, Math.floor(g / 6))]);
  const encs = ['utf-8-bom', 'gbk', 'utf-8'] as const;
  const styles = ['iso', 'mixed', 'dot', 'cn', 'slash', 'compact'] as const;
  const postingFiles: string[] = [];
  if (national) {
    for (let k = 0; k * 5 < G; k++) postingFiles.push(add({ file: `postings_${String(k + 1).padStart(2, '0')}.csv`, entity: 'postings', format: 'csv', encoding: encs[k % 3], dates: styles[k % styles.length] }));
  } else {
    org.groups.forEach((g, i) => {
      const label = g.district ?? '市局';
      if (i === 2) postingFiles.push(add({ file: `postings_${label}.xlsx`, entity: 'postings', format: 'xlsx', dates: 'excel', sheet: '任职', omit: ['leadership_level'] }));
      else postingFiles.push(add({ file: `任职经历_${label}.csv`, entity: 'postings', format: 'csv', encoding: encs[i % 3], dates: styles[i % styles.length], extra: i === 1 ? { header: '任免文号', values: ['沪城管人〔2019〕12号', '沪城管人〔2021〕7号', '', ''] } : undefined }));
    });
  }
  const ranks = add({ file: '职级.csv', entity: 'ranks', format: 'csv', encoding: 'gbk', dates: 'mixed' });
  const splitYear = a.y - 6;
  const appraisal =
    scale === 'small'
      ? [add({ file: '考核结果.csv', entity: 'appraisals', format: 'csv', encoding: 'gbk', dates: 'iso' })]
      : scale === 'city'
        ? [add({ file: `考核结果_${y0}-${splitYear}.csv`, entity: 'appraisals', format: 'csv', encoding: 'utf-8', dates: 'iso' }), add({ file: '考核结果_近五年.xlsx', entity: 'appraisals', format: 'xlsx', dates: 'excel', sheet: '考核' })]
        : [add({ file: `appraisals_${y0}-${splitYear}.csv`, entity: 'appraisals', format: 'csv', encoding: 'utf-8', dates: 'iso' }), add({ file: '考核结果_近年.csv', entity: 'appraisals', format: 'csv', encoding: 'gbk', dates: 'iso' })];
  const training = national
    ? [0, 1, 2].map((k) => add({ file: `培训记录_${k + 1}.csv`, entity: 'training', format: 'csv', encoding: encs[k], dates: styles[k] }))
    : [scale === 'small' ? add({ file: '培训记录.xlsx', entity: 'training', format: 'xlsx', dates: 'excel', sheet: '培训' }) : add({ file: '培训记录.csv', entity: 'training', format: 'csv', encoding: 'utf-8-bom', dates: 'mixed' })];
  const awards = add(national ? { file: '奖惩信息.csv', entity: 'awards', format: 'csv', encoding: 'gbk', dates: 'cn' } : { file: '奖惩信息.xlsx', entity: 'awards', format: 'xlsx', dates: 'excel', sheet: '奖惩' });
  const casesYearly = add({ file: '办案数量_年度.csv', entity: 'cases', format: 'csv', encoding: 'utf-8', dates: 'iso' });
  const casesMonthly = national ? casesYearly : add({ file: 'cases_monthly.csv', entity: 'cases', format: 'csv', encoding: 'gbk', dates: 'iso' });
  const plans = add({ file: '招录计划.xlsx', entity: 'recruitment_plans', format: 'xlsx', dates: 'excel', sheet: '招录计划' });
  return {
    specs,
    route: {
      units: () => units,
      staff: (g) => staffOf(g),
      postings: (g) => postingFiles[national ? Math.floor(g / 5) : g],
      ranks: () => ranks,
      appraisals: (_g, year) => (appraisal.length > 1 && (year ?? 0) > splitYear ? appraisal[1] : appraisal[0]),
      training: (g) => training[training.length > 1 ? g % training.length : 0],
      awards: () => awards,
      cases: (_g, _y, monthly) => (monthly ? casesMonthly : casesYearly),
      recruitment_plans: () => plans,
    },
  };
}

export async function generateDemo(opts: DemoOptions): Promise<DemoSummary> {
  const t0 = performance.now();
  const seed = opts.seed ?? 1;
  const asOfText = opts.asOf ?? todayInShanghai();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOfText)) throw new Error(`--as-of 日期格式应为 YYYY-MM-DD：${asOfText}`);
  const asOf = parseDay(asOfText);
  const H = addYears(asOf, -20);
  const root = new Rng(seed);
  const orgRng = root.fork(1);
  const simRng = root.fork(2);
  const recRng = root.fork(3);
  const fmtRng = root.fork(4);
  const org = buildOrg(opts.scale, orgRng, asOf, H);
  const out = path.resolve(opts.out);
  fs.mkdirSync(out, { recursive: true });
  // A previous run's files would be read as more data, so they go; but never someone else's files:
  // a folder with source files and without our marker is refused.
  const marker = path.join(out, '.duiwu-demo');
  const existing = fs.readdirSync(out).filter((f) => /\.(csv|xlsx)$/i.test(f));
  if (existing.length && !fs.existsSync(marker)) throw new Error(`输出目录 ${out} 中已有非演示数据的文件（${existing.slice(0, 3).join('、')}…），请换一个空目录`);
  for (const f of existing) fs.rmSync(path.join(out, f));
  fs.writeFileSync(marker, `duiwu demo data: scale=${opts.scale} seed=${seed} as_of=${asOfText}\n`);

  const plan = filePlan(opts.scale, org, asOf);
  const sinks = new Map<string, FileSink>();
  for (const s of plan.specs) sinks.set(s.file, new FileSink(out, s, fmtRng.fork(sinks.size + 1), sourceByEntity[s.entity].columns.map((c) => c.name)));
  const routers = Object.fromEntries(entities.map((e) => [e, ((g: number, y?: number, m?: boolean) => sinks.get(plan.route[e](g, y, m))!) as Router])) as Record<EntityName, Router>;
  const cols = Object.fromEntries(entities.map((e) => [e, sourceByEntity[e].columns.map((c) => c.name)])) as Record<EntityName, string[]>;
  const emit = (e: EntityName, g: number, rec: Record<string, Cell>, year?: number, monthly?: boolean) => {
    const names = cols[e];
    const row: Cell[] = new Array(names.length);
    for (let i = 0; i < names.length; i++) row[i] = rec[names[i]] ?? null;
    routers[e](g, year, monthly).row(row);
  };
  const bad: Record<string, number> = {};
  const emitBad = (e: EntityName, g: number, rec: Record<string, Cell>, why: string, year?: number, monthly?: boolean) => {
    emit(e, g, rec, year, monthly);
    bad[`${e}:${why}`] = (bad[`${e}:${why}`] ?? 0) + 1;
  };

  // Units.
  for (const u of org.units) {
    emit('units', u.group, {
      unit_id: u.id,
      unit_name: u.name,
      unit_type: u.type,
      parent_id: u.parentId,
      district: u.district,
      street: u.street,
      valid_from: u.validFrom,
      valid_to: u.validTo,
      replaced_by: u.replacedBy,
    });
  }

  let seq = 0;
  const ctx: SimContext = {
    rng: simRng,
    org,
    asOf,
    historyStart: H,
    usedIds: new Set(),
    nextSeq: () => ++seq,
    idWidth: opts.scale === 'national' ? 7 : 6,
    allSquads: org.units.filter((u) => u.kind === 'squad' && !u.successorOf),
  };
  const rctx: RecordContext = {
    rng: recRng,
    asOf,
    historyStart: H,
    scale: opts.scale,
    loanUnits: (p) => [org.groups[p.group].bureau, org.root],
  };
  const nBad = opts.scale === 'national' ? 8 : 1;
  const planRows: { year: number; district: string | null; recruits: number }[] = [];
  let done = 0;
  for (const group of org.groups) {
    const sim = new GroupSim(ctx, group);
    sim.initialise();
    sim.run();
    for (const p of sim.people) finishPostings(p, rctx);
    writeGroup(group, sim.people, rctx, emit, group.index === 1 ? { emitBad, asOf, n: nBad } : null);
    // An empty district means the whole city in the contract: the bureau's own units plan as 市本级.
    for (let y = ymd(H).y + 1; y <= ymd(asOf).y; y++) planRows.push({ year: y, district: group.district ?? '市本级', recruits: sim.recruitsByYear.get(y) ?? 0 });
    opts.onProgress?.(++done, org.groups.length, group.label);
  }

  // Recruitment plans: what each district asked for; usually a little more than it got.
  const pr = recRng.fork(9);
  for (const r of planRows) {
    if (r.recruits === 0 && pr.chance(0.6)) continue;
    const t = Math.max(0, Math.min(1, (r.year - 2006) / 20));
    const total = Math.max(r.recruits, Math.round(r.recruits * pr.float(0.95, 1.3)) + pr.int(0, 2));
    const detail = r.year >= 2012 || pr.chance(0.3);
    emit('recruitment_plans', 0, {
      year: r.year,
      district: r.district,
      planned_total: total,
      planned_law: detail ? Math.round(total * Math.max(0, 0.18 + 0.2 * t + pr.float(-0.05, 0.08))) : null,
      planned_it: detail ? Math.round(total * Math.max(0, 0.05 + 0.08 * t + pr.float(-0.03, 0.05))) : null,
    });
  }

  const files: DemoSummary['files'] = [];
  const rows = Object.fromEntries(entities.map((e) => [e, 0])) as Record<EntityName, number>;
  for (const s of sinks.values()) {
    await s.close(toDate(asOf));
    files.push({ file: s.spec.file, entity: s.spec.entity, rows: s.rows, bytes: fs.statSync(s.path).size });
    rows[s.spec.entity] += s.rows;
  }
  return { scale: opts.scale, seed, asOf: asOfText, out, files, rows, deliberateBadRows: bad, ms: Math.round(performance.now() - t0) };
}

type Emit = (e: EntityName, g: number, rec: Record<string, Cell>, year?: number, monthly?: boolean) => void;
interface BadSpec {
  emitBad: (e: EntityName, g: number, rec: Record<string, Cell>, why: string, year?: number, monthly?: boolean) => void;
  asOf: number;
  n: number;
}

const principalClasses = new Set(['head', 'ohead', 'chief']);

function writeGroup(group: Group, people: Person[], ctx: RecordContext, emit: Emit, bad: BadSpec | null) {
  const rng = ctx.rng;
  const g = group.index;
  // Appraisal grades: at most a fifth of a unit's people are 优秀 in a year (the quota), drawn in random order.
  const grades = new Map<Person, Map<number, string>>();
  const members = new Map<string, number>();
  const unitYear = (p: Person, y: number) => homeOn(p, Math.min(day(y, 12, 31), p.statusDate ?? Infinity))?.unit.id ?? 'none';
  const years = new Map<Person, number[]>();
  for (const p of people) {
    const ys = appraisalYears(p, ctx);
    years.set(p, ys);
    for (const y of ys) {
      const k = unitYear(p, y) + ':' + y;
      members.set(k, (members.get(k) ?? 0) + 1);
    }
  }
  const excellent = new Map<string, number>();
  for (const p of rng.shuffle(people.slice())) {
    const m = new Map<number, string>();
    const ys = years.get(p)!;
    for (const y of ys) {
      const k = unitYear(p, y) + ':' + y;
      let grade = '称职';
      if (y === ymd(p.join).y && ymd(p.join).m >= 10) grade = '不定等次';
      else {
        const r = rng.next();
        const pEx = Math.min(0.4, Math.max(0.02, 0.14 + 0.08 * p.quality));
        const pLow = p.quality < -1.2 ? 0.05 : 0.012;
        if (r < 0.002) grade = '不称职';
        else if (r < 0.002 + pLow) grade = '基本称职';
        else if (rng.chance(pEx) && (excellent.get(k) ?? 0) < Math.floor(0.2 * members.get(k)!)) {
          grade = '优秀';
          excellent.set(k, (excellent.get(k) ?? 0) + 1);
        }
      }
      m.set(y, grade);
    }
    grades.set(p, m);
  }

  // Two people whose 身份证号 gender digit contradicts 性别 (valid checksum): a warning, not a reject.
  const mismatched = new Set<Person>();
  if (bad) {
    for (const p of people.filter((x) => x.category !== '协管员').slice(3, 5)) {
      const first = p.idNumber.slice(0, 16) + String((Number(p.idNumber[16]) + 1) % 10);
      p.idNumber = first + idCheckChar(first);
      mismatched.add(p);
    }
  }
  const asOfY = ymd(ctx.asOf).y;
  for (const p of people) {
    emit('staff', g, {
      staff_id: p.id,
      name: p.name,
      gender: p.gender,
      birth_date: p.birth,
      id_number: mismatched.has(p) || rng.chance(0.97) ? p.idNumber : null,
      political_status: rng.chance(0.05) ? null : p.political === '中共党员' && rng.chance(0.1) ? '党员' : p.political,
      education: p.education,
      degree: p.degree,
      major: p.majorText,
      major_code: p.majorCode,
      work_start_date: rng.chance(0.9) ? p.workStart : null,
      join_date: p.join,
      category: p.category,
      recruitment_channel: p.channel === '公务员招录' && rng.chance(0.08) ? '考录' : p.channel,
      status: p.status,
      status_date: p.statusDate,
      legal_qualification: p.legalQual === null ? null : p.legalQual ? '是' : '否',
    });
    for (const x of p.postings) {
      const principal = principalClasses.has(x.cls) && x.type === '任职';
      emit('postings', g, {
        staff_id: p.id,
        unit_id: x.unit.id,
        position: x.position,
        start_date: x.start,
        end_date: x.end,
        is_principal: principal ? (rng.chance(0.55) ? '是' : null) : x.cls === 'aux' || rng.chance(0.7) ? null : '否',
        posting_type: x.type === '任职' ? (rng.chance(0.3) ? '任职' : null) : x.type,
        leadership_level: x.level === null || rng.chance(0.2) ? null : x.level,
      });
    }
    for (const r of ranksOf(p, ctx)) emit('ranks', g, { staff_id: p.id, rank: r.rank, effective_date: r.date, change_type: r.change });
    const gm = grades.get(p)!;
    for (const [y, grade] of gm) {
      const score = y >= asOfY - 3 ? scoreOf(rng, grade) : null;
      emit('appraisals', g, { staff_id: p.id, year: y, grade, period: rng.chance(0.3) ? '年度' : null, score }, y);
    }
    // One district also keeps quarterly scores (平时考核) for the last appraised year.
    const lastY = [...gm.keys()].pop();
    if (g === 1 && lastY !== undefined && lastY === asOfY - 1) {
      ['一季度', '二季度', '三季度', '四季度'].forEach((q) => {
        const grade = gm.get(lastY) === '优秀' && rng.chance(0.6) ? '优秀' : '称职';
        emit('appraisals', g, { staff_id: p.id, year: lastY, grade, period: q, score: scoreOf(rng, grade) }, lastY);
      });
    }
    for (const t of trainingOf(p, ctx)) emit('training', g, { staff_id: p.id, course: t.course, category: t.category, organizer_level: t.level, start_date: t.start, end_date: t.end, hours: t.hours, days: t.days, result: t.result });
    for (const a of awardsOf(p, ctx)) emit('awards', g, { staff_id: p.id, date: a.date, kind: a.kind, title: a.title });
    for (const c of casesOf(p, ctx)) emit('cases', g, { staff_id: p.id, year: c.year, month: c.month, cases_handled: c.handled, cases_lead: c.lead }, c.year, c.month !== null);
  }
  if (bad) writeBadRows(group, people, bad);
}

function scoreOf(rng: { float(a: number, b: number): number }, grade: string): number {
  const [lo, hi] = grade === '优秀' ? [92, 99] : grade === '称职' ? [78, 92] : grade === '基本称职' ? [62, 75] : grade === '不称职' ? [40, 59] : [70, 85];
  return Math.round(rng.float(lo, hi) * 10) / 10;
}

/** A handful of rows that break the contract on purpose, each kind once (or a few times at national scale). */
function writeBadRows(group: Group, people: Person[], b: BadSpec) {
  const g = group.index;
  const real = people.filter((p) => p.category !== '协管员' && p.postings.length > 0);
  const a = ymd(b.asOf);
  const squad = group.units.find((u: Unit) => u.kind === 'squad')!;
  for (let i = 0; i < b.n; i++) {
    const p = real[(i * 7) % real.length];
    const ghost = (suffix: string) => ({
      staff_id: `ZF9${String(i).padStart(2, '0')}${suffix}`,
      name: p.name.slice(0, 1) + '某某',
      gender: '男',
      birth_date: p.birth,
      education: '大学本科',
      join_date: p.join,
      category: '行政执法类公务员',
      status: '在职',
    });
    // 身份证号 with a wrong check character.
    const wrong = p.idNumber.slice(0, 17) + (idCheckChar(p.idNumber.slice(0, 17)) === '0' ? '1' : '0');
    b.emitBad('staff', g, { ...ghost('01'), id_number: wrong }, 'bad_checksum');
    b.emitBad('staff', g, { ...ghost('02'), category: '临时聘用人员' }, 'unknown_enum');
    b.emitBad('staff', g, { ...ghost('03'), birth_date: `${a.y - 30}-02-30` }, 'bad_date');
    b.emitBad('staff', g, { ...ghost('04'), status: '退休' }, 'missing_status_date');
    b.emitBad('postings', g, { staff_id: `ZF9${String(i).padStart(2, '0')}99`, unit_id: squad.id, position: '队员', start_date: day(a.y - 3, 3, 1) }, 'unknown_staff_id');
    b.emitBad('postings', g, { staff_id: p.id, unit_id: squad.id, position: '队员', start_date: `${a.y - 4}-13-01` }, 'bad_date');
    b.emitBad('postings', g, { staff_id: p.id, unit_id: squad.id, position: '队员', start_date: day(a.y - 2, 6, 1), end_date: day(a.y - 2, 3, 1) }, 'end_before_start');
    b.emitBad('postings', g, { staff_id: p.id, unit_id: 'CG999999Z999', position: '队员', start_date: day(a.y - 5, 5, 1), end_date: day(a.y - 5, 8, 31) }, 'unknown_unit_id');
    b.emitBad('ranks', g, { staff_id: p.id, rank: '科级干部', effective_date: day(a.y - 10, 1, 1) }, 'unknown_enum');
    b.emitBad('appraisals', g, { staff_id: p.id, year: a.y, grade: '良好' }, 'unknown_enum', a.y);
    b.emitBad('training', g, { staff_id: p.id, course: '执法业务培训', category: '在职培训', start_date: day(a.y - 1, 5, 10), hours: 0 }, 'bad_number');
    b.emitBad('awards', g, { staff_id: p.id, date: day(a.y - 2, 9, 1), kind: '表彰' }, 'unknown_enum');
    b.emitBad('cases', g, { staff_id: p.id, year: a.y - 15, month: 13, cases_handled: 4 }, 'bad_month', a.y - 15, false);
  }
}
