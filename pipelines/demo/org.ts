// The organisation of the demo: units, their position slots, and the groups (a district bureau
// with its squads and offices, or the city-level units) whose staff careers are simulated together.
import type { Rng } from './rng.ts';
import { shanghaiDistricts, nationalCities, streetFirst, streetSecond, officeNames, type DistrictDef } from './vocab.ts';
import { day, ymd } from './dates.ts';

export type Scale = 'small' | 'city' | 'national';
export type UnitType = '市局' | '区局' | '总队' | '支队' | '大队' | '中队' | '机关科室';
export type Kind = 'city' | 'bureau' | 'office' | 'squad' | 'corps' | 'det';
/** Position class: who may fill a vacancy, and which rotation habit applies. */
export type Cls = 'chief' | 'vice' | 'head' | 'deputy' | 'legal' | 'member' | 'ohead' | 'odeputy' | 'omember' | 'aux';

export interface SlotDef {
  position: string;
  cls: Cls;
  level: string | null;
  count: number;
}

export interface Unit {
  id: string;
  name: string;
  type: UnitType;
  kind: Kind;
  parentId: string | null;
  district: string | null;
  street: string | null;
  validFrom: number | null;
  validTo: number | null;
  replacedBy: string | null;
  group: number;
  slots: SlotDef[];
  /** Renamed on `day` into `to` (a new unit code): postings are split there, tenure continues. */
  rename?: { day: number; to: Unit };
  /** Merged into another squad of the group on `day`. */
  merge?: { day: number; into: Unit };
  /** Successor units created by a rename are not simulated separately. */
  successorOf?: Unit;
}

export interface Group {
  index: number;
  /** District name written to units and recruitment plans; null for the city-level group. */
  district: string | null;
  code: string;
  label: string;
  units: Unit[];
  bureau: Unit;
}

export interface Org {
  root: Unit;
  groups: Group[];
  units: Unit[];
}

interface ScaleShape {
  districts: DistrictDef[];
  rootName: string;
  rootCode: string;
  squadMembers: [number, number];
  squadAux: [number, number];
  officesPerDistrict: number;
  corps: boolean;
  cityOffices: number;
}

function shapeOf(scale: Scale, rng: Rng): ScaleShape {
  if (scale === 'small') {
    const d = shanghaiDistricts.slice(0, 2).map((x) => ({ ...x, streets: x.streets.slice(0, 6) }));
    return { districts: d, rootName: '上海市城市管理行政执法局', rootCode: '310000', squadMembers: [9, 12], squadAux: [3, 5], officesPerDistrict: 2, corps: false, cityOffices: 2 };
  }
  if (scale === 'city') {
    return { districts: shanghaiDistricts, rootName: '上海市城市管理行政执法局', rootCode: '310000', squadMembers: [17, 22], squadAux: [6, 9], officesPerDistrict: 5, corps: true, cityOffices: 6 };
  }
  // National: every city stands in for a district; its streets are invented from two syllables.
  const districts = nationalCities.map(([name, code]) => {
    const seen = new Set<string>();
    const streets: string[] = [];
    const n = rng.int(200, 265);
    while (streets.length < n) {
      const s = rng.pick(streetFirst) + rng.pick(streetSecond) + (rng.chance(0.6) ? '街道' : '镇');
      if (!seen.has(s)) {
        seen.add(s);
        streets.push(s);
      }
    }
    return { name, code, streets };
  });
  return { districts, rootName: '全国城市管理执法系统（演示）', rootCode: '100000', squadMembers: [12, 16], squadAux: [4, 6], officesPerDistrict: 6, corps: false, cityOffices: 8 };
}

const squadSlots = (members: number, aux: number): SlotDef[] => [
  { position: '中队长', cls: 'head', level: '正科', count: 1 },
  { position: '教导员', cls: 'head', level: '正科', count: 1 },
  { position: '副中队长', cls: 'deputy', level: '副科', count: 2 },
  { position: '法制员', cls: 'legal', level: '无', count: 1 },
  { position: '队员', cls: 'member', level: '无', count: members },
  { position: '协管员', cls: 'aux', level: null, count: aux },
];

const officeSlots = (name: string, members: number): SlotDef[] => [
  { position: name === '办公室' ? '主任' : '科长', cls: 'ohead', level: '正科', count: 1 },
  { position: name === '办公室' ? '副主任' : '副科长', cls: 'odeputy', level: '副科', count: 1 },
  { position: '科员', cls: 'omember', level: '无', count: members },
];

function unit(u: Omit<Unit, 'validFrom' | 'validTo' | 'replacedBy'> & Partial<Unit>): Unit {
  return { validFrom: null, validTo: null, replacedBy: null, ...u };
}

export function buildOrg(scale: Scale, rng: Rng, asOf: number, historyStart: number): Org {
  const shape = shapeOf(scale, rng);
  const rc = shape.rootCode;
  const root = unit({ id: `CG${rc}`, name: shape.rootName, type: '市局', kind: 'city', parentId: null, district: null, street: null, group: 0, validFrom: day(1997, 1, 1), slots: [
    // 市局 leaders are 局级, above the contract's leadership levels: left empty.
    { position: '局长', cls: 'chief', level: null, count: 1 },
    { position: '副局长', cls: 'vice', level: null, count: 3 },
  ] });
  const units: Unit[] = [root];
  const cityUnits: Unit[] = [root];
  for (let i = 0; i < shape.cityOffices; i++) {
    const name = officeNames[i % officeNames.length];
    cityUnits.push(unit({ id: `CG${rc}K${String(i + 1).padStart(2, '0')}`, name: `${shape.rootName}${name}`, type: '机关科室', kind: 'office', parentId: root.id, district: null, street: null, group: 0, slots: officeSlots(name, rng.int(3, 6)) }));
  }
  if (shape.corps) {
    const corps = unit({ id: `CG${rc}ZD`, name: '上海市城管执法总队', type: '总队', kind: 'corps', parentId: root.id, district: null, street: null, group: 0, slots: [
      { position: '总队长', cls: 'chief', level: '正处', count: 1 },
      { position: '副总队长', cls: 'vice', level: '副处', count: 2 },
      { position: '队员', cls: 'member', level: '无', count: 20 },
    ] });
    cityUnits.push(corps);
    ['水务执法', '交通执法', '规划资源执法', '绿化市容执法'].forEach((n, i) => {
      cityUnits.push(unit({ id: `CG${rc}ZD${String(i + 1).padStart(2, '0')}`, name: `${n}支队`, type: '支队', kind: 'det', parentId: corps.id, district: null, street: null, group: 0, slots: [
        { position: '支队长', cls: 'head', level: '正科', count: 1 },
        { position: '副支队长', cls: 'deputy', level: '副科', count: 1 },
        { position: '队员', cls: 'member', level: '无', count: rng.int(18, 26) },
      ] }));
    });
  }
  const groups: Group[] = [{ index: 0, district: null, code: rc, label: '市局', units: cityUnits, bureau: root }];
  units.push(...cityUnits.slice(1));

  shape.districts.forEach((d, gi) => {
    const g = gi + 1;
    const bureauName = scale === 'national' ? `${d.name}城市管理综合行政执法局` : `${d.name}城市管理行政执法局`;
    const bureau = unit({ id: `CG${d.code}`, name: bureauName, type: '区局', kind: 'bureau', parentId: root.id, district: d.name, street: null, group: g, slots: [
      { position: '局长', cls: 'chief', level: '正处', count: 1 },
      { position: '副局长', cls: 'vice', level: '副处', count: 3 },
    ] });
    const gu: Unit[] = [bureau];
    for (let i = 0; i < shape.officesPerDistrict; i++) {
      const name = officeNames[i % officeNames.length];
      gu.push(unit({ id: `CG${d.code}K${String(i + 1).padStart(2, '0')}`, name: `${bureauName}${name}`, type: '机关科室', kind: 'office', parentId: bureau.id, district: d.name, street: null, group: g, slots: officeSlots(name, rng.int(3, 7)) }));
    }
    const w = d.streets.length > 99 ? 4 : 3;
    d.streets.forEach((s, i) => {
      gu.push(unit({ id: `CG${d.code}Z${String(i + 1).padStart(w, '0')}`, name: `${s}城管执法中队`, type: '中队', kind: 'squad', parentId: bureau.id, district: d.name, street: s, group: g, slots: squadSlots(rng.int(...shape.squadMembers), rng.int(...shape.squadAux)) }));
    });
    // A few squads renamed (new code, tenure continues) and a few merged into a neighbour.
    const squads = gu.filter((u) => u.kind === 'squad');
    const nRename = Math.max(1, Math.round(squads.length * 0.04));
    const nMerge = Math.max(scale === 'small' && g === 2 ? 0 : 1, Math.round(squads.length * 0.02));
    const picked = rng.shuffle(squads.slice()).slice(0, nRename + nMerge);
    const yEnd = ymd(asOf).y;
    const yStart = ymd(historyStart).y;
    picked.forEach((sq, k) => {
      const when = day(rng.int(yStart + 3, yEnd - 1), rng.pick([1, 1, 4, 7, 10]), 1);
      if (k < nRename) {
        const to = unit({ ...sq, id: `${sq.id}X`, name: sq.name.replace('城管执法中队', '城市管理综合执法中队'), validFrom: when, successorOf: sq, slots: sq.slots });
        sq.rename = { day: when, to };
        sq.validTo = when;
        sq.replacedBy = to.id;
        gu.push(to);
      } else {
        const into = squads.find((x) => x !== sq && !picked.includes(x));
        if (!into) return;
        sq.merge = { day: when, into };
        sq.validTo = when;
        sq.replacedBy = into.id;
      }
    });
    // Most offices never wrote down a founding date; the others were founded before the history starts.
    for (const u of gu) if (u.validFrom === null && !u.successorOf && rng.chance(0.4)) u.validFrom = day(rng.int(1997, 2003), 1, 1);
    groups.push({ index: g, district: d.name, code: d.code, label: d.name, units: gu, bureau });
    units.push(...gu);
  });
  return { root, groups, units };
}
