import fs from 'node:fs';
import { parseCsvObjects } from '../read/csv-text.ts';
import path from 'node:path';
import { referenceDir } from '../config.ts';
import type { RefTable, RuleModule } from './types.ts';

// Recruitment major ratio (rules.md §7) and the major catalogue every major category comes from.
// The catalogue is committed reference data (data/reference/*.csv): analysts extend the aliases
// file when unmatched_majors lists a spelling, and the next refresh picks it up.

const seed = '种子文件 002 二(一)三：探索设置法学类、信息技术类专业条件，提高法律专业背景人员比例';


function readReference(file: string): Record<string, string>[] {
  return parseCsvObjects(fs.readFileSync(path.join(referenceDir, file), 'utf8'));
}

const catalogueSource = '教育部《普通高等学校本科专业目录》（2024年版）；国务院学位委员会《研究生教育学科专业目录》（2022年）';

export const majorCatalogue: RefTable = {
  name: 'ref_major_catalogue',
  source: catalogueSource,
  columns: { level: 'VARCHAR', code: 'VARCHAR', name: 'VARCHAR', discipline: 'VARCHAR', class_code: 'VARCHAR', class: 'VARCHAR', category: 'VARCHAR' },
  rows: readReference('majors.csv').map((r) => ({
    level: r.level,
    code: r.code.toUpperCase(),
    name: r.name,
    discipline: r.discipline,
    class_code: r.class_code,
    class: r.class,
    category: r.category,
  })),
};

export const majorAliases: RefTable = {
  name: 'ref_major_aliases',
  source: 'data/reference/major_aliases.csv：人事数据中常见的专业名称写法，指向目录中的专业代码',
  columns: { variant: 'VARCHAR', level: 'VARCHAR', code: 'VARCHAR', note: 'VARCHAR' },
  rows: readReference('major_aliases.csv').map((r) => ({ variant: r.variant, level: r.level, code: r.code.toUpperCase(), note: r.note || null })),
};

// A catalogue mistake would silently move people between categories: refuse it at load instead.
const categories = new Set(['law', 'it', 'other']);
const catalogueKeys = new Set(majorCatalogue.rows.map((r) => `${r.level}|${r.code}`));
for (const r of majorCatalogue.rows) {
  if (!categories.has(String(r.category))) throw new Error(`data/reference/majors.csv: ${r.code} 的 category 应为 law / it / other，实为 ${r.category}`);
}
if (catalogueKeys.size !== majorCatalogue.rows.length) throw new Error('data/reference/majors.csv: 同一层次的专业代码重复');
for (const a of majorAliases.rows) {
  if (!catalogueKeys.has(`${a.level}|${a.code}`)) throw new Error(`data/reference/major_aliases.csv: ${a.variant} 指向目录中不存在的 ${a.level} 专业代码 ${a.code}`);
}

export const recruitment: RuleModule = {
  params: [
    {
      rule_id: 'recruitment',
      param: 'channels',
      value: ['公务员招录'],
      source: 'rules.md §7',
      note: '按进入方式认定招录人员，按进入系统时间的年份计入年度',
    },
    {
      rule_id: 'recruitment',
      param: 'city_label',
      value: '全市',
      source: 'data-contract.md recruitment_ratios',
      note: '全市合计行的“区”',
    },
    {
      rule_id: 'recruitment',
      param: 'city_level_label',
      value: '市本级',
      source: 'policy default',
      note: '首个任职机构不属于任何区（市局机关、直属总队等）的人员计入此行',
    },
    {
      rule_id: 'major',
      param: 'graduate_educations',
      value: ['博士研究生', '硕士研究生', '研究生'],
      source: catalogueSource,
      note: '这些学历（或博士、硕士学位）的专业先按研究生学科目录匹配，其余先按本科专业目录匹配；同一代码在两个目录含义不同（如 0812）',
    },
    {
      rule_id: 'major',
      param: 'graduate_degrees',
      value: ['博士', '硕士'],
      source: catalogueSource,
    },
    {
      rule_id: 'major',
      param: 'name_suffixes',
      value: ['专业'],
      source: 'policy default',
      note: '按名称匹配前去掉的后缀（“计算机科学与技术专业” → “计算机科学与技术”）',
    },
  ],
  tables: [majorCatalogue, majorAliases],
};
