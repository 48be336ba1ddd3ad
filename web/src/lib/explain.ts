// Each score component's inputs, told in a sentence (the numbers come from the pipeline, which
// keeps every input beside the score; nothing is recomputed here).
import { fmtDec, fmtInt, fmtDate } from './format.ts';

type R = Record<string, unknown>;
const majorCat: Record<string, string> = { law: '法学类', it: '信息技术类', other: '其他' };

function years(v: unknown): string {
  if (!v || typeof v !== 'object') return '';
  return Object.entries(v as R).map(([y, h]) => `${y} 年 ${fmtDec(h)}`).join('，');
}

/** Any value in a few words, for components without a dedicated sentence. */
export function brief(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number') return fmtDec(v);
  if (Array.isArray(v)) return v.length ? v.map(brief).join('；') : '无';
  if (typeof v === 'object') return Object.entries(v as R).map(([k, x]) => `${k} ${brief(x)}`).join('，');
  return String(v);
}

export function explainComponent(component: string, input: unknown): string {
  const o = (input && typeof input === 'object' && !Array.isArray(input) ? input : {}) as R;
  const list = (Array.isArray(input) ? input : []) as R[];
  switch (component) {
    case 'appraisal':
      return list.length ? list.map((a) => `${a.year} 年${a.grade}（${fmtInt(a.points)} 分 × ${a.weight}）`).join('；') : '近年无年度考核';
    case 'trend':
      return list.length ? list.map((a) => `${a.year} ${a.grade}`).join(' → ') : '近年无年度考核';
    case 'cases':
      return `近 ${o.years ?? 3} 年年均办案 ${fmtDec(o.mean_yearly_cases)} 件，与同类单位（${o.peer_group ?? '—'}）${fmtInt(o.peers)} 人比较的百分位`;
    case 'awards': {
      const ev = (o.events as R[] | undefined) ?? [];
      return ev.length ? `近 ${o.years ?? 5} 年：` + ev.map((e) => `${fmtDate(e.date)} ${e.kind} ${Number(e.points) >= 0 ? '+' : ''}${e.points}`).join('，') : `近 ${o.years ?? 5} 年无奖惩`;
    }
    case 'training':
    case 'learning':
      return `每年要求 ${fmtDec(o.required_hours)} 学时；已完成：${years(o.hours_by_year) || '无'}`;
    case 'experience':
      return `任职中队 ${fmtInt(o.squads)} 个，领导职务 ${fmtDec(o.leadership_years)} 年，跨区交流 ${fmtInt(o.cross_district_moves)} 次`;
    case 'age':
      return `年龄 ${fmtInt(o.age)} 岁`;
    case 'education':
      return `${o.education ?? '—'}（${o.band ?? '—'}），专业类别：${majorCat[String(o.major_category)] ?? o.major_category ?? '—'}`;
    case 'growth':
      return `现职级 ${o.current_rank ?? '—'}（${fmtDate(o.rank_since)} 起），自 ${fmtDate(o.first_rank_date)} 晋升 ${fmtInt(o.steps)} 级，用时 ${fmtDec(o.elapsed_years)} 年；职级阶梯每级最低 ${fmtDec(o.ladder_minimum_years)} 年`;
    default:
      return brief(input);
  }
}
