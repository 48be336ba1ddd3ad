import type { RefTable, RuleModule } from './types.ts';

// Profile (人员画像): the competence and potential models and the 9-box, rules.md §6 — *policy defaults*.
// Each component is scored 0–100; a model's score is the weighted mean of the components that have an
// input (a component without any input, e.g. no appraisal yet, is left out and the weights re-normalised;
// components json says so). The training requirement is the one of rules.md §4 (param annual_hours.min_hours).

const seed = '种子文件 002 三(一)三：执法人员“两个评价模型”和“人员画像”；二(三)二：工作年限、任职年限、执法办案、绩效表现、获得奖励';
const policy = `policy default（rules.md §6）；${seed}`;

/** Appraisal grades: their order (pools: “称职及以上”) and their competence points. 不定等次 has neither. */
export const appraisalGrades: RefTable = {
  name: 'ref_appraisal_grades',
  source: '《公务员考核规定》（2020）；rules.md §6',
  columns: { grade: 'VARCHAR', grade_level: 'INTEGER', points: 'DOUBLE' },
  rows: [
    { grade: '优秀', grade_level: 3, points: 100 },
    { grade: '称职', grade_level: 2, points: 80 },
    { grade: '基本称职', grade_level: 1, points: 40 },
    { grade: '不称职', grade_level: 0, points: 0 },
    { grade: '不定等次', grade_level: null, points: null },
  ],
};

export const profile: RuleModule = {
  params: [
    {
      rule_id: 'profile',
      param: 'categories',
      value: ['行政执法类公务员', '综合管理类公务员', '参公事业'],
      source: policy,
      note: '在职的这些类别人员生成画像；协管员不参与评价',
    },
    {
      rule_id: 'profile',
      param: 'tertiles',
      value: [1 / 3, 2 / 3],
      source: policy,
      note: '九宫格：能力、潜力分别在同类人员（现任职机构类型相同）中按三分位切分；低于第一切点为低，低于第二切点为中，其余为高',
    },
    {
      rule_id: 'profile',
      param: 'box_layout',
      value: 'box = 3 × 潜力档(0 低,1 中,2 高) + 能力档 + 1',
      source: policy,
      note: '1 = 能力低/潜力低，3 = 能力高/潜力低，7 = 能力低/潜力高，9 = 能力高/潜力高',
    },
    { rule_id: 'profile', param: 'no_unit_peer_group', value: '无任职机构', source: policy, note: '统计日没有任职记录的人员单独成组' },

    {
      rule_id: 'competence',
      param: 'weights',
      value: { appraisal: 35, cases: 25, awards: 15, training: 15, experience: 10 },
      source: policy,
    },
    { rule_id: 'competence', param: 'appraisal_recency_weights', value: [0.5, 0.3, 0.2], source: policy, note: '最近三次年度考核，由近及远；缺少的年度不计，权重按已有年度重新归一' },
    { rule_id: 'competence', param: 'cases_years', value: 3, source: policy, note: '统计日所在年之前的完整年度；按同类机构人员的百分位计分（并列取中位）' },
    { rule_id: 'competence', param: 'awards_years', value: 5, source: policy, note: '统计日前若干年内的奖惩' },
    {
      rule_id: 'competence',
      param: 'award_points',
      value: { 嘉奖: 5, 通报表扬: 3, 三等功: 15, 二等功: 30, 一等功: 50, 荣誉称号: 20 },
      source: policy,
    },
    { rule_id: 'competence', param: 'sanction_points', value: { 警告: 20, 记过: 40, 记大过: 60 }, source: policy, note: '从奖励分中扣除' },
    { rule_id: 'competence', param: 'zeroing_sanctions', value: ['降级', '撤职', '开除'], source: policy, note: '期间内受过这些处分的，奖惩分为 0' },
    { rule_id: 'competence', param: 'training_years', value: 3, source: policy, note: '完整年度；每年学时 ÷ 年度学时要求（上限 1）的平均；进入系统前的年度不计' },
    {
      rule_id: 'competence',
      param: 'experience_points',
      value: { per_squad: 20, per_leadership_year: 10, per_cross_district_move: 20 },
      source: policy,
      note: '经历：任职过的不同中队（按沿革）、领导职务年数（领导职务认定同党政管理人才库）、跨区交流次数，合计封顶 100',
    },
    { rule_id: 'competence', param: 'squad_unit_type', value: '中队', source: policy, note: '经历中按此机构类型计“任职过的不同中队”' },

    {
      rule_id: 'potential',
      param: 'weights',
      value: { age: 30, education: 25, growth: 20, trend: 15, learning: 10 },
      source: policy,
    },
    {
      rule_id: 'potential',
      param: 'age_points',
      value: [
        { max_age: 30, points: 100 },
        { max_age: 35, points: 85 },
        { max_age: 40, points: 70 },
        { max_age: 45, points: 50 },
        { max_age: 50, points: 30 },
        { max_age: null, points: 10 },
      ],
      source: policy,
    },
    {
      rule_id: 'potential',
      param: 'education_points',
      value: { 研究生: 100, 本科: 80, 专科: 50, other: 30 },
      source: policy,
      note: '按 ref_education_levels 的学历档；其余学历 other',
    },
    { rule_id: 'potential', param: 'major_bonus', value: 10, source: policy, note: '法学类或信息技术类专业加分，封顶 100' },
    {
      rule_id: 'potential',
      param: 'growth',
      value: 'ladder_minimum_years / elapsed_years',
      source: policy,
      note: '成长：自首次定级至统计日，按 ref_rank_ladder 最低年限晋升所需的时间 ÷ 实际经过的时间（现职级内的时间计入两者，但最多计到下一级所需年限），×100，封顶 100',
    },
    { rule_id: 'potential', param: 'trend_years', value: 3, source: policy, note: '最近几次年度考核，至少两次才计分' },
    {
      rule_id: 'potential',
      param: 'trend_points',
      value: { base: 60, per_level: 20, all_top: 100 },
      source: policy,
      note: 'base + per_level × (最近一次等次 − 最早一次等次)，等次高低见 ref_appraisal_grades；各次均为优秀时为 all_top；限定 0–100',
    },
    { rule_id: 'potential', param: 'learning_years', value: 3, source: policy, note: '完整年度' },
    {
      rule_id: 'potential',
      param: 'learning_full_excess',
      value: 1,
      source: policy,
      note: '学习：各年超出学时要求的比例的平均 ÷ 此值 ×100（超出一倍即满分），封顶 100',
    },
  ],
  tables: [appraisalGrades],
};
