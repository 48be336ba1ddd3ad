// Twenty years of careers, simulated group by group (a district bureau with its squads and offices).
// Slots are filled at the start; each year people leave, rotate when their tenure passes a personal
// threshold (so some stay beyond the policy limits and some approach them), vacancies are filled by
// movers, promotions and recruits. The result is internally consistent postings: one 中队长 per squad.
import type { Rng } from './rng.ts';
import type { Cls, Group, Org, SlotDef, Unit } from './org.ts';
import { addYears, day, ymd } from './dates.ts';
import { birthFor, idCheckChar, makeIdentity, regionFor, startAge, type EduLevel, type Identity } from './people.ts';

export type PostingType = '任职' | '借调' | '挂职';

export interface Posting {
  unit: Unit;
  position: string;
  cls: Cls;
  level: string | null;
  start: number;
  end: number | null;
  type: PostingType;
}

export type Status = '在职' | '退休' | '调出' | '辞职' | '辞退' | '死亡';

export interface Person extends Identity {
  seq: number;
  id: string;
  group: number;
  category: string;
  channel: string | null;
  workStart: number;
  join: number;
  postings: Posting[];
  cur: Posting | null;
  unitSince: number;
  posSince: number;
  thresholdDays: number;
  status: Status;
  statusDate: number | null;
  /** Moved to another district: still followed for leaving, no longer rotated here. */
  frozen: boolean;
  /** Persistent performance factor (appraisals, cases, awards). */
  quality: number;
  poolIdx: number;
}

interface Vacancy {
  unit: Unit;
  slot: SlotDef;
  day: number;
}

const order: Cls[] = ['chief', 'vice', 'ohead', 'head', 'odeputy', 'deputy', 'legal', 'member', 'omember', 'aux'];

export interface SimContext {
  rng: Rng;
  org: Org;
  asOf: number;
  historyStart: number;
  usedIds: Set<string>;
  /** Every original squad of the organisation (targets of moves to another district). */
  allSquads: Unit[];
  nextSeq: () => number;
  idWidth: number;
}

const Y = 365.25;

/** Years a person stays before asking to move: [from, to, weight] bands, some beyond the policy limits on purpose. */
const bands: Partial<Record<Cls, [number, number, number][]>> = {
  head: [[2, 4, 30], [4, 5, 28], [5, 6.5, 27], [6.5, 9, 15]],
  ohead: [[4, 8, 45], [8, 10, 30], [10, 13, 25]],
  member: [[3, 6, 28], [6, 9, 34], [9, 10.2, 16], [10.2, 15, 22]],
};
bands.legal = bands.member;
bands.deputy = bands.member;

function thresholdYears(rng: Rng, cls: Cls): number {
  const b = bands[cls];
  if (b) {
    let r = rng.next() * 100;
    for (const [lo, hi, w] of b) {
      r -= w;
      if (r < 0) return rng.float(lo, hi);
    }
    return rng.float(b[b.length - 1][0], b[b.length - 1][1]);
  }
  switch (cls) {
    case 'omember':
    case 'odeputy':
      return rng.float(4, 12);
    default:
      return 99;
  }
}

export class GroupSim {
  readonly people: Person[] = [];
  private active: Person[] = [];
  private pools = new Map<Cls, Person[]>();
  private vacancies: Vacancy[] = [];
  readonly recruitsByYear = new Map<number, number>();
  private squads: Unit[];
  private offices: Unit[];

  constructor(
    private ctx: SimContext,
    readonly group: Group,
  ) {
    for (const c of order) this.pools.set(c, []);
    this.squads = group.units.filter((u) => u.kind === 'squad' && !u.successorOf);
    this.offices = group.units.filter((u) => u.kind === 'office');
  }

  private get rng() {
    return this.ctx.rng;
  }

  private poolAdd(p: Person) {
    if (!p.cur || p.frozen) return;
    const pool = this.pools.get(p.cur.cls)!;
    p.poolIdx = pool.length;
    pool.push(p);
  }

  private poolRemove(p: Person) {
    if (!p.cur || p.poolIdx < 0) return;
    const pool = this.pools.get(p.cur.cls)!;
    const last = pool.pop()!;
    if (last !== p) {
      pool[p.poolIdx] = last;
      last.poolIdx = p.poolIdx;
    }
    p.poolIdx = -1;
  }

  private newPerson(cls: Cls, unit: Unit, joinDay: number, initial: boolean, external = false): Person {
    const rng = this.rng;
    const aux = cls === 'aux';
    const inOffice = unit.kind === 'office' || unit.kind === 'city';
    const channel = aux
      ? rng.chance(0.6) ? '其他' : null
      : external
        ? rng.weighted([['调任', 40], ['转任', 45], ['遴选', 15]])
        : initial
          ? rng.weighted([['公务员招录', 55], ['军转安置', 25], ['调任', 8], ['转任', 7], ['其他', 5]])
          : rng.weighted([['公务员招录', 78], ['军转安置', 9], ['转任', 6], ['调任', 3], ['遴选', inOffice ? 4 : 1], ['其他', 2]]);
    const joinYear = ymd(joinDay).y;
    // Age at entry: graduates straight from school, veterans and transfers later in life.
    const birthOf = (level: EduLevel) => {
      let ageAtJoin: number;
      if (aux) ageAtJoin = rng.int(22, 45);
      else if (channel === '公务员招录') ageAtJoin = Math.max(22, startAge(level) + rng.int(0, 4));
      else if (channel === '军转安置') ageAtJoin = rng.int(32, 42);
      else if (external) ageAtJoin = rng.int(38, 48);
      else ageAtJoin = rng.int(26, 42);
      return birthFor(rng, joinDay, ageAtJoin);
    };
    const id = makeIdentity(rng, { cls, joinYear, birth: birthOf, region: regionFor(rng, this.group.code), aux }, this.ctx.usedIds);
    const birth = id.birth;
    const tmp = id;
    const category = aux
      ? '协管员'
      : inOffice
        ? rng.weighted([['综合管理类公务员', 55], ['行政执法类公务员', 30], ['参公事业', 15]])
        : rng.weighted([['行政执法类公务员', 90], ['参公事业', 10]]);
    const workStart =
      channel === '军转安置' ? addYears(birth, 18) + rng.int(0, 300)
      : channel === '公务员招录' ? (rng.chance(0.8) ? joinDay : joinDay - rng.int(365, 1100))
      : aux ? joinDay - (rng.chance(0.5) ? rng.int(0, 3000) : 0)
      : addYears(birth, startAge(tmp.eduLevel)) + rng.int(0, 200);
    const seq = this.ctx.nextSeq();
    // Every field spelled out (no spread): V8 then keeps one fast object shape for all people.
    const p: Person = {
      name: id.name,
      gender: id.gender,
      birth: id.birth,
      idNumber: id.idNumber,
      political: id.political,
      eduLevel: id.eduLevel,
      education: id.education,
      degree: id.degree,
      major: id.major,
      majorText: id.majorText,
      majorCode: id.majorCode,
      legalQual: id.legalQual,
      seq,
      id: (aux ? 'XG' : 'ZF') + String(seq).padStart(this.ctx.idWidth, '0'),
      group: this.group.index,
      category,
      channel,
      workStart: Math.min(workStart, joinDay),
      join: joinDay,
      postings: [],
      cur: null,
      unitSince: joinDay,
      posSince: joinDay,
      thresholdDays: 0,
      status: '在职',
      statusDate: null,
      frozen: false,
      quality: rng.normal(0, 1),
      poolIdx: -1,
    };
    this.people.push(p);
    this.active.push(p);
    if (!initial && channel === '公务员招录') this.recruitsByYear.set(joinYear, (this.recruitsByYear.get(joinYear) ?? 0) + 1);
    return p;
  }

  /** Start a posting; the current one ends the day before (or a little earlier: real records have gaps). */
  private place(p: Person, unit: Unit, slot: SlotDef, start: number, sameLineage = false) {
    const rng = this.rng;
    const prev = p.cur;
    if (prev) {
      const gap = rng.weighted([[0, 85], [rng.int(3, 25), 12], [rng.int(35, 70), 3]]);
      prev.end = Math.max(prev.start, start - 1 - gap);
      this.poolRemove(p);
    }
    const post: Posting = { unit, position: slot.position, cls: slot.cls, level: slot.level, start, end: null, type: '任职' };
    p.postings.push(post);
    const newUnit = !prev || (prev.unit !== unit && !sameLineage);
    if (newUnit) p.unitSince = start;
    if (newUnit || prev!.position !== slot.position) p.posSince = start;
    p.cur = post;
    p.thresholdDays = Math.round(thresholdYears(rng, slot.cls) * Y);
    this.poolAdd(p);
  }

  /** Fill every slot at the start of the history with people already in service. */
  initialise() {
    const rng = this.rng;
    const H = this.ctx.historyStart;
    for (const u of this.group.units) {
      if (u.successorOf) continue;
      for (const slot of u.slots) {
        for (let k = 0; k < slot.count; k++) {
          const cls = slot.cls;
          const age =
            cls === 'chief' ? rng.int(45, 55)
            : cls === 'vice' || cls === 'ohead' ? rng.int(38, 54)
            : cls === 'head' ? rng.int(33, 53)
            : cls === 'deputy' || cls === 'odeputy' ? rng.int(30, 52)
            : rng.int(23, 57);
          const serviceMax = Math.max(0, age - 23);
          const service = cls === 'aux' ? rng.float(0, Math.min(8, serviceMax)) : rng.float(Math.min(1, serviceMax), serviceMax);
          const join = day(ymd(H - Math.round(service * Y)).y, rng.pick([3, 7, 8, 9, 10]), 1);
          const p = this.newPerson(cls, u, Math.min(join, H - 30), true);
          // Re-derive the birth so that the age at H is what the slot asks for.
          p.birth = birthFor(rng, H, age);
          p.idNumber = this.reissueId(p);
          p.workStart = Math.min(p.workStart, p.join);
          if (p.workStart < addYears(p.birth, 17)) p.workStart = addYears(p.birth, 18);
          if (p.join < addYears(p.birth, 18)) p.join = addYears(p.birth, 20);
          this.initialHistory(p, u, slot);
        }
      }
    }
  }

  private reissueId(p: Person): string {
    this.ctx.usedIds.delete(p.idNumber);
    const region = p.idNumber.slice(0, 6);
    const rng = this.rng;
    const b = new Date(p.birth * 86_400_000);
    const ds = `${b.getUTCFullYear()}${String(b.getUTCMonth() + 1).padStart(2, '0')}${String(b.getUTCDate()).padStart(2, '0')}`;
    for (;;) {
      const first = region + ds + String(rng.int(0, 99)).padStart(2, '0') + (rng.int(0, 4) * 2 + (p.gender === '男' ? 1 : 0));
      const id = first + idCheckChar(first);
      if (!this.ctx.usedIds.has(id)) {
        this.ctx.usedIds.add(id);
        return id;
      }
    }
  }

  private initialHistory(p: Person, u: Unit, slot: SlotDef) {
    const rng = this.rng;
    const H = this.ctx.historyStart;
    const service = (H - p.join) / Y;
    const cls = slot.cls;
    const unitSince = cls === 'aux' ? p.join : Math.max(p.join, H - Math.round(rng.float(0, Math.min(service, cls === 'head' ? 9 : 11)) * Y));
    const posSince = cls === 'head' || cls === 'ohead' || cls === 'chief' || cls === 'vice' ? Math.max(unitSince, H - Math.round(rng.float(0.2, 6) * Y)) : unitSince;
    if (p.join < unitSince - 180) {
      // An earlier post elsewhere in the district, as a plain member of staff.
      const pool = u.kind === 'office' || u.kind === 'city' || u.kind === 'bureau' ? (this.offices.length ? this.offices : this.squads) : this.squads.length ? this.squads : this.offices;
      const other = rng.pick(pool.length ? pool : [u]);
      const plain = other.slots.find((s) => s.cls === 'member' || s.cls === 'omember') ?? slot;
      this.place(p, other, plain, p.join);
    }
    if (posSince > unitSince + 180 && (cls === 'head' || cls === 'ohead')) {
      const dep = u.slots.find((s) => s.cls === (cls === 'head' ? 'deputy' : 'odeputy'))!;
      this.place(p, u, dep, unitSince);
      this.place(p, u, slot, posSince);
    } else {
      this.place(p, u, slot, p.postings.length ? unitSince : p.join);
    }
    p.unitSince = p.postings.find((x) => x.unit === u)!.start;
    p.posSince = p.cur!.start;
  }

  private leaveDay(p: Person, ys: number, ye: number): { status: Status; day: number } | null {
    const rng = this.rng;
    const from = Math.max(ys, (p.cur?.start ?? p.join) + 1);
    if (from > ye) return null;
    const retire = addYears(p.birth, p.gender === '男' ? 60 : 55);
    if (retire <= ye) return { status: '退休', day: Math.max(from, retire) };
    const age = (ye - p.birth) / Y;
    const cls = p.cur?.cls;
    const r = rng.next();
    let status: Status | null = null;
    if (cls === 'aux') status = r < 0.05 ? '辞职' : r < 0.06 ? '调出' : null;
    else if (cls === 'chief' || cls === 'vice') status = r < 0.07 ? '调出' : null;
    else if (r < 0.011) status = '调出';
    else {
      const quit = 0.011 + (age < 35 ? 0.012 : 0.003);
      if (r < quit) status = '辞职';
      else if (r < quit + 0.0005) status = '辞退';
      else if (r < quit + 0.0011 + (age > 45 ? 0.001 : 0)) status = '死亡';
    }
    if (!status) return null;
    return { status, day: rng.int(from, ye) };
  }

  /** A random member of a pool meeting a condition (a few tries: good enough, and fast on big pools). */
  private other(pool: Person[], ok: (q: Person) => boolean): Person | null {
    for (let t = 0; t < 14 && pool.length; t++) {
      const q = this.rng.pick(pool);
      if (ok(q)) return q;
    }
    return null;
  }

  run() {
    const rng = this.rng;
    const { asOf, historyStart: H } = this.ctx;
    const y0 = ymd(H).y;
    const y1 = ymd(asOf).y;
    for (let y = y0; y <= y1; y++) {
      const ys = Math.max(day(y, 1, 1), H + 1);
      const ye = Math.min(day(y, 12, 31), asOf);
      if (ys > ye) continue;
      this.merges(ys, ye);
      const leavers: { p: Person; status: Status; day: number }[] = [];
      const movers = new Map<Cls, { p: Person; day: number }[]>();
      // Only people still in service take part; the list shrinks as they leave.
      this.active = this.active.filter((p) => p.status === '在职');
      for (const p of this.active) {
        if (!p.cur) continue;
        const l = this.leaveDay(p, ys, ye);
        if (l) {
          leavers.push({ p, ...l });
          continue;
        }
        if (p.frozen) continue;
        const cls = p.cur.cls;
        const since = cls === 'head' || cls === 'ohead' ? p.posSince : p.unitSince;
        const due = since + p.thresholdDays;
        if (due > ye) continue;
        const d = Math.max(due, ys, p.cur.start + 60) + rng.int(0, 45);
        if (d > ye) continue;
        if (!movers.has(cls)) movers.set(cls, []);
        movers.get(cls)!.push({ p, day: d });
      }
      for (const l of leavers) {
        const p = l.p;
        const cur = p.cur!;
        cur.end = l.day;
        if (!p.frozen) {
          const slot = cur.unit.slots.find((s) => s.position === cur.position);
          if (slot) this.vacancies.push({ unit: cur.unit, slot, day: l.day + 1 });
        }
        this.poolRemove(p);
        p.status = l.status;
        p.statusDate = l.day;
      }
      this.rotate(movers, ye);
      this.fill(asOf);
    }
  }

  private merges(ys: number, ye: number) {
    for (const u of this.group.units) {
      const m = u.merge;
      if (!m || m.day < ys || m.day > ye) continue;
      for (const p of this.active) {
        if (p.status !== '在职' || p.cur?.unit !== u || p.cur.start >= m.day) continue;
        const target = p.cur.cls === 'head' ? m.into.slots.find((s) => s.cls === 'deputy')! : m.into.slots.find((s) => s.position === p.cur!.position) ?? m.into.slots.find((s) => s.cls === 'member')!;
        const gapless = p.cur;
        this.place(p, m.into, target, m.day, true);
        gapless.end = m.day - 1;
      }
      this.vacancies = this.vacancies.filter((v) => v.unit !== u);
      this.squads = this.squads.filter((s) => s !== u);
    }
  }

  private rotate(movers: Map<Cls, { p: Person; day: number }[]>, ye: number) {
    const rng = this.rng;
    for (const cls of order) {
      const list = rng.shuffle(movers.get(cls) ?? []);
      const left: { p: Person; day: number }[] = [];
      // Pairwise exchanges between units: the usual way squads trade people in a rotation round.
      for (let i = 0; i < list.length; i++) {
        const a = list[i];
        let j = -1;
        for (let k = i + 1; k < list.length && k < i + 50; k++) {
          if (list[k].p.cur!.unit !== a.p.cur!.unit) {
            j = k;
            break;
          }
        }
        if (j < 0) {
          left.push(a);
          continue;
        }
        const b = list.splice(j, 1)[0];
        const d = Math.max(a.day, b.day);
        const ua = a.p.cur!.unit;
        const sa = ua.slots.find((s) => s.position === a.p.cur!.position)!;
        const ub = b.p.cur!.unit;
        const sb = ub.slots.find((s) => s.position === b.p.cur!.position)!;
        this.place(a.p, ub, sb, d);
        this.place(b.p, ua, sa, d);
      }
      for (const m of left) {
        const p = m.p;
        const cur = p.cur!;
        const vi = this.vacancies.findIndex((v) => v.slot.cls === cls && v.unit !== cur.unit);
        const oldSlot = cur.unit.slots.find((s) => s.position === cur.position)!;
        if (vi >= 0) {
          const v = this.vacancies.splice(vi, 1)[0];
          const d = Math.max(v.day, m.day);
          if (d > ye) continue;
          const oldUnit = cur.unit;
          this.place(p, v.unit, v.slot, d);
          this.vacancies.push({ unit: oldUnit, slot: oldSlot, day: d });
        } else if (cls === 'member' && rng.chance(0.08)) {
          // Transferred to another district: followed no further here.
          const all = this.ctx.allSquads;
          let target: Unit | null = null;
          for (let t = 0; t < 8 && !target; t++) {
            const s = rng.pick(all);
            if (s.group !== this.group.index && !s.merge) target = s;
          }
          if (!target) continue;
          const oldUnit = cur.unit;
          this.place(p, target, target.slots.find((s) => s.cls === 'member')!, m.day);
          this.poolRemove(p);
          p.frozen = true;
          this.vacancies.push({ unit: oldUnit, slot: oldSlot, day: m.day });
        }
      }
    }
  }

  private candidate(v: Vacancy): Person | null {
    const P = (c: Cls) => this.pools.get(c)!;
    const senior = (years: number) => (q: Person) => q.join <= v.day - years * Y && q.cur!.start < v.day - 60;
    const same = (q: Person) => q.cur!.unit === v.unit && q.cur!.start < v.day - 60;
    switch (v.slot.cls) {
      case 'chief':
        return this.other(P('vice'), senior(10));
      case 'vice':
        return this.other(P('head'), senior(8)) ?? this.other(P('ohead'), senior(8));
      case 'ohead':
        return this.other(P('odeputy'), senior(5)) ?? this.other(P('deputy'), senior(5));
      case 'head':
        return (this.rng.chance(0.4) ? this.other(P('deputy'), same) : null) ?? this.other(P('deputy'), senior(5)) ?? this.other(P('odeputy'), senior(5));
      case 'odeputy':
        return this.other(P('omember'), senior(4)) ?? this.other(P('member'), senior(6));
      case 'deputy':
        return this.other(P('legal'), senior(4)) ?? this.other(P('member'), senior(5));
      case 'legal':
        return this.other(P('member'), (q) => same(q) && q.major?.kind === 'law') ?? this.other(P('member'), senior(2));
      default:
        return null;
    }
  }

  private fill(asOf: number) {
    const rng = this.rng;
    const byCls = (c: Cls) => this.vacancies.filter((v) => v.slot.cls === c);
    const keep: Vacancy[] = [];
    for (const c of order) {
      const list = byCls(c);
      this.vacancies = this.vacancies.filter((v) => v.slot.cls !== c);
      for (const v of list) {
        if (v.unit.merge && v.unit.merge.day <= v.day) continue;
        const q = this.candidate(v);
        if (q) {
          const start = Math.max(v.day, q.cur!.start + 60) + rng.int(0, 30);
          if (start > asOf) {
            keep.push(v);
            continue;
          }
          const oldUnit = q.cur!.unit;
          const oldSlot = oldUnit.slots.find((s) => s.position === q.cur!.position)!;
          this.place(q, v.unit, v.slot, start);
          // The promoted person's old post opens up: a lower class, filled later in this pass.
          this.vacancies.push({ unit: oldUnit, slot: oldSlot, day: start });
          continue;
        }
        // Nobody inside: recruit. Graduates join in summer; others whenever a post opens.
        const external = c === 'chief' || c === 'vice' || c === 'ohead' || c === 'head' || c === 'odeputy' || c === 'deputy';
        let join: number;
        if (c === 'member' || c === 'omember' || c === 'legal') {
          const summer = day(ymd(v.day).y, rng.pick([7, 8, 9]), 1);
          join = summer >= v.day ? summer : day(ymd(v.day).y + 1, rng.pick([7, 8, 9]), 1);
          if (rng.chance(0.15)) join = v.day + rng.int(15, 90);
        } else join = v.day + rng.int(10, 90);
        if (join > asOf) {
          keep.push(v);
          continue;
        }
        const p = this.newPerson(c, v.unit, join, false, external);
        this.place(p, v.unit, v.slot, join);
      }
    }
    this.vacancies = keep.concat(this.vacancies);
  }
}

