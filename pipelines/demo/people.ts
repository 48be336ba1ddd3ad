// Who a person is: name, birth, 身份证号, education, major, category, channel.
import type { Rng } from './rng.ts';
import { surnames, givenMale, givenFemale, majors, birthplaceCodes, type MajorDef } from './vocab.ts';
import { addYears, day, formatDay } from './dates.ts';
import type { Cls } from './org.ts';

export type EduLevel = 'phd' | 'master' | 'bachelor' | 'college' | 'secondary' | 'high';

export interface Identity {
  name: string;
  gender: '男' | '女';
  birth: number;
  idNumber: string;
  political: string;
  eduLevel: EduLevel;
  education: string;
  degree: string | null;
  major: MajorDef | null;
  majorText: string | null;
  majorCode: string | null;
  legalQual: boolean | null;
}

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChars = '10X98765432';

/** GB 11643 check character of the first 17 digits. */
export function idCheckChar(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += (first17.charCodeAt(i) - 48) * weights[i];
  return checkChars[s % 11];
}

export function idNumber(rng: Rng, region: string, birth: number, gender: '男' | '女', used: Set<string>): string {
  const b = formatDay(birth, 'compact');
  for (;;) {
    const seq = String(rng.int(0, 99)).padStart(2, '0');
    const g = rng.int(0, 4) * 2 + (gender === '男' ? 1 : 0);
    const first = region + b + seq + g;
    const id = first + idCheckChar(first);
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

function personName(rng: Rng, gender: '男' | '女'): string {
  const pool = gender === '男' ? givenMale : givenFemale;
  const s = rng.weighted(surnames);
  return s + rng.pick(pool) + (rng.chance(0.72) ? rng.pick(pool) : '');
}

const lawIt = (y: number) => {
  // The force recruits more law and IT graduates over time (seed 002 二(一)三).
  const t = Math.max(0, Math.min(1, (y - 2006) / 20));
  return { law: 0.16 + 0.22 * t, it: 0.05 + 0.09 * t };
};

function pickMajor(rng: Rng, level: EduLevel, year: number): MajorDef | null {
  const lvl = level === 'phd' || level === 'master' ? 'graduate' : level === 'bachelor' ? 'bachelor' : level === 'college' ? 'college' : null;
  if (!lvl) return null;
  const pool = majors.filter((m) => m.level === lvl);
  const { law, it } = lawIt(year);
  const r = rng.next();
  const kind = r < law ? 'law' : r < law + it ? 'it' : 'other';
  const k = pool.filter((m) => m.kind === kind);
  return rng.pick(k.length ? k : pool);
}

export interface IdentityOptions {
  cls: Cls;
  /** Year the person entered the force (shapes education and major). */
  joinYear: number;
  /** Birth day, given the education level (graduates enter older than school leavers). */
  birth: (level: EduLevel) => number;
  region: string;
  aux: boolean;
}

export function makeIdentity(rng: Rng, o: IdentityOptions, used: Set<string>): Identity {
  const g: '男' | '女' = rng.chance(o.aux ? 0.82 : 0.74) ? '男' : '女';
  const t = Math.max(0, Math.min(1, (o.joinYear - 1995) / 30));
  const eduLevel: EduLevel = o.aux
    ? rng.weighted<EduLevel>([['high', 45], ['secondary', 25], ['college', 26], ['bachelor', 4]])
    : rng.weighted<EduLevel>([['phd', 0.3], ['master', 3 + 12 * t], ['bachelor', 52 + 20 * t], ['college', 30 - 22 * t], ['secondary', 4 - 3 * t], ['high', 2 - 1.5 * t]]);
  const education =
    eduLevel === 'phd' ? '博士研究生'
    : eduLevel === 'master' ? rng.weighted([['硕士研究生', 8], ['研究生', 2]])
    : eduLevel === 'bachelor' ? rng.weighted([['大学本科', 6], ['本科', 4]])
    : eduLevel === 'college' ? rng.weighted([['大学专科', 5], ['大专', 5]])
    : eduLevel === 'secondary' ? '中专'
    : '高中及以下';
  const degree =
    eduLevel === 'phd' ? '博士'
    : eduLevel === 'master' ? (rng.chance(0.95) ? '硕士' : '无')
    : eduLevel === 'bachelor' ? (rng.chance(0.9) ? '学士' : '无')
    : rng.chance(0.5) ? '无' : null;
  const major = pickMajor(rng, eduLevel, o.joinYear);
  let majorText: string | null = null;
  let majorCode: string | null = null;
  if (major) {
    const r = rng.next();
    if (r < 0.6) {
      majorText = major.name;
      majorCode = major.code;
    } else if (r < 0.85 || !major.variants) majorText = major.name;
    else if (r < 0.96) majorText = rng.pick(major.variants);
  }
  const birth = o.birth(eduLevel);
  const political = o.cls === 'head' || o.cls === 'ohead' || o.cls === 'chief' || o.cls === 'vice' || o.cls === 'deputy' || o.cls === 'odeputy'
    ? rng.weighted([['中共党员', 93], ['民主党派', 3], ['群众', 4]])
    : o.aux
      ? rng.weighted([['中共党员', 15], ['共青团员', 10], ['群众', 75]])
      : rng.weighted([['中共党员', 52], ['中共预备党员', 3], ['共青团员', 15], ['民主党派', 1], ['群众', 29]]);
  const legalQual = rng.chance(0.3) ? null : major?.kind === 'law' ? rng.chance(0.35) : rng.chance(0.02);
  return {
    name: personName(rng, g),
    gender: g,
    birth,
    idNumber: idNumber(rng, o.region, birth, g, used),
    political,
    eduLevel,
    education,
    degree,
    major,
    majorText,
    majorCode,
    legalQual,
  };
}

/** Age (in years) at which people of each education level usually start work. */
export function startAge(level: EduLevel): number {
  return level === 'phd' ? 29 : level === 'master' ? 26 : level === 'bachelor' ? 22 : level === 'college' ? 21 : 19;
}

export function birthFor(rng: Rng, onDay: number, age: number): number {
  const b = addYears(onDay, -age);
  return b - rng.int(0, 364);
}

export function regionFor(rng: Rng, localCode: string): string {
  if (rng.chance(0.55)) return localCode.endsWith('0000') ? localCode.slice(0, 2) + '0104' : localCode.endsWith('00') ? localCode.slice(0, 4) + '02' : localCode;
  return rng.pick(birthplaceCodes);
}

export { day };
