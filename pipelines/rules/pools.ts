import type { RefTable, RuleModule } from './types.ts';

// Talent pools (三支人才队伍数据库), rules.md §5 — all *policy defaults*: the bureau sets the criteria.
// Each criterion is a row of ref_pool_criteria; `stage` says when it is checked:
//   entry — only for people not yet in the pool (入库选拔),
//   stay  — only for current members (出库评估: failing one proposes exit),
//   both  — for everyone.
// The SQL computes every criterion listed here and nothing else; its thresholds come from the params.

const seed = '种子文件 002 三(一)二：建立“党政管理人才”“执法专业人才”“优秀青年人才”三支人才队伍数据库，明确入库选拔、在库培养、出库评估标准';
const policy = `policy default（rules.md §5）；${seed}`;

type Stage = 'entry' | 'stay' | 'both';
const criteria: [string, string, Stage, string][] = [
  ['youth', 'in_service', 'both', '在职'],
  ['youth', 'age', 'both', '年龄不超过上限'],
  ['youth', 'education', 'entry', '本科及以上学历'],
  ['youth', 'grades', 'entry', '最近年度考核均为称职及以上'],
  ['youth', 'excellent', 'entry', '最近年度考核至少一次优秀'],
  ['youth', 'no_low_grade', 'stay', '最近年度考核无基本称职、不称职'],
  ['youth', 'no_sanction', 'both', '无处分影响期'],
  ['enforcement', 'in_service', 'both', '在职'],
  ['enforcement', 'category', 'both', '行政执法类公务员'],
  ['enforcement', 'years_in_force', 'entry', '进入系统满规定年限'],
  ['enforcement', 'specialism', 'entry', '法学专业或法律职业资格，或办案量居中队人员前列，或担任过法制员'],
  ['enforcement', 'grades', 'entry', '最近年度考核均为称职及以上'],
  ['enforcement', 'no_low_grade', 'stay', '最近年度考核无基本称职、不称职'],
  ['enforcement', 'no_sanction', 'both', '无处分影响期'],
  ['management', 'in_service', 'both', '在职'],
  ['management', 'party', 'both', '中共党员'],
  ['management', 'leadership_years', 'entry', '担任领导职务满规定年限'],
  ['management', 'grades', 'entry', '最近年度考核均为称职及以上'],
  ['management', 'excellent', 'entry', '最近年度考核至少一次优秀'],
  ['management', 'no_low_grade', 'stay', '最近年度考核无基本称职、不称职'],
  ['management', 'no_sanction', 'both', '无处分影响期'],
];

export const poolCriteria: RefTable = {
  name: 'ref_pool_criteria',
  source: policy,
  columns: { pool: 'VARCHAR', criterion: 'VARCHAR', stage: 'VARCHAR', label: 'VARCHAR', criterion_order: 'INTEGER' },
  rows: criteria.map(([pool, criterion, stage, label], i) => ({ pool, criterion, stage, label, criterion_order: i + 1 })),
};

export const pools: RuleModule = {
  params: [
    { rule_id: 'pools', param: 'pools', value: ['management', 'enforcement', 'youth'], source: seed, note: '党政管理人才、执法专业人才、优秀青年人才' },
    { rule_id: 'pools', param: 'labels', value: { management: '党政管理人才', enforcement: '执法专业人才', youth: '优秀青年人才' }, source: seed },
    {
      rule_id: 'pools',
      param: 'min_grade',
      value: '称职',
      source: policy,
      note: '“称职及以上”的界线；等次高低见 ref_appraisal_grades',
    },
    { rule_id: 'pools', param: 'excellent_grade', value: '优秀', source: policy },
    {
      rule_id: 'pools',
      param: 'excluded_categories',
      value: ['协管员'],
      source: policy,
      note: '人才库面向公务员及参公人员；协管员既不参评，也不计入办案量排名',
    },

    { rule_id: 'pool_youth', param: 'max_age', value: 35, source: policy, note: '统计日周岁不超过此年龄' },
    {
      rule_id: 'pool_youth',
      param: 'educations',
      value: ['博士研究生', '硕士研究生', '研究生', '大学本科', '本科'],
      source: policy,
      note: '本科及以上',
    },
    { rule_id: 'pool_youth', param: 'grade_years', value: 3, source: policy, note: '看最近几次年度考核' },

    { rule_id: 'pool_enforcement', param: 'categories', value: ['行政执法类公务员'], source: policy },
    { rule_id: 'pool_enforcement', param: 'min_years_in_force', value: 5, source: policy, note: '自进入系统时间起的周年数' },
    { rule_id: 'pool_enforcement', param: 'cases_top_share', value: 0.2, source: policy, note: '近几年年均办案数居中队人员前 20%' },
    { rule_id: 'pool_enforcement', param: 'cases_years', value: 3, source: policy, note: '统计日所在年之前的完整年度数' },
    { rule_id: 'pool_enforcement', param: 'cases_peer_unit_type', value: '中队', source: policy, note: '办案量排名的比较范围：现任职于该类机构的人员' },
    { rule_id: 'pool_enforcement', param: 'legal_positions', value: ['法制员'], source: policy, note: '担任过这些职务（任职类型为任职）即满足专业条件' },
    { rule_id: 'pool_enforcement', param: 'grade_years', value: 2, source: policy },

    { rule_id: 'pool_management', param: 'political_statuses', value: ['中共党员'], source: policy, note: '预备党员不计' },
    { rule_id: 'pool_management', param: 'min_leadership_years', value: 2, source: policy, note: '领导职务任职时间合计（重叠期只算一次）' },
    {
      rule_id: 'pool_management',
      param: 'deputy_positions',
      value: ['副中队长', '副教导员', '副大队长', '副支队长', '副总队长', '副科长', '副主任', '副局长'],
      source: policy,
      note: '领导职务：主要负责人、这些副职，或职务层次为 leadership_levels 之一',
    },
    { rule_id: 'pool_management', param: 'leadership_levels', value: ['正处', '副处', '正科', '副科'], source: policy, note: '副科及以上' },
    { rule_id: 'pool_management', param: 'grade_years', value: 3, source: policy },
  ],
  tables: [poolCriteria],
};
