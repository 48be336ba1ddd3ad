import type { RefTable, RuleModule } from './types.ts';

// Promotion eligibility (rules.md §3). The two rank ladders with the years each step needs,
// the appraisal effects and the sanction windows. SQL reads the ladder as `ref_rank_ladder`
// and everything else through param('promotion', …) / param('sanction', …).

const enforcementSource = '《行政执法类公务员管理规定》（2023）职级序列；晋升年限按综合管理类推定（rules.md §3：待本地核实）';
const generalSource = '《公务员职务与职级并行规定》（2019）第十八条';

// High → low. years_to_reach: years in the rank below before this rank can be reached
// (NULL on the lowest rank, which is an entry rank). The equivalence pairs each enforcement rank with
// the general rank one level higher in the list (一级主办 = 一级主任科员, 四级高级主办 = 四级调研员, as rules.md §4
// pairs them); 一级巡视员 has no enforcement equivalent.
const enforcement: [string, number | null, string | null][] = [
  ['督办', 4, '二级巡视员'],
  ['一级高级主办', 3, '一级调研员'],
  ['二级高级主办', 2, '二级调研员'],
  ['三级高级主办', 2, '三级调研员'],
  ['四级高级主办', 2, '四级调研员'],
  ['一级主办', 2, '一级主任科员'],
  ['二级主办', 2, '二级主任科员'],
  ['三级主办', 2, '三级主任科员'],
  ['四级主办', 2, '四级主任科员'],
  ['一级行政执法员', 2, '一级科员'],
  ['二级行政执法员', null, '二级科员'],
];
const general: [string, number | null, string | null][] = [
  ['一级巡视员', 4, null],
  ['二级巡视员', 4, '督办'],
  ['一级调研员', 3, '一级高级主办'],
  ['二级调研员', 2, '二级高级主办'],
  ['三级调研员', 2, '三级高级主办'],
  ['四级调研员', 2, '四级高级主办'],
  ['一级主任科员', 2, '一级主办'],
  ['二级主任科员', 2, '二级主办'],
  ['三级主任科员', 2, '三级主办'],
  ['四级主任科员', 2, '四级主办'],
  ['一级科员', 2, '一级行政执法员'],
  ['二级科员', null, '二级行政执法员'],
];

const ladderRows = (ladder: string, ladderName: string, rows: [string, number | null, string | null][]) =>
  rows.map(([rank, years, equivalent], i) => ({
    ladder,
    ladder_name: ladderName,
    rank,
    level: i + 1,
    years_to_reach: years,
    equivalent_rank: equivalent,
  }));

export const rankLadder: RefTable = {
  name: 'ref_rank_ladder',
  source: `${enforcementSource}；${generalSource}`,
  columns: { ladder: 'VARCHAR', ladder_name: 'VARCHAR', rank: 'VARCHAR', level: 'INTEGER', years_to_reach: 'INTEGER', equivalent_rank: 'VARCHAR' },
  rows: [...ladderRows('enforcement', '行政执法类', enforcement), ...ladderRows('general', '综合管理类', general)],
};

export const promotion: RuleModule = {
  params: [
    {
      rule_id: 'promotion',
      param: 'soon_months',
      value: 12,
      source: 'rules.md §3',
      note: '在此月数内将满足年限要求的，列为“即将符合”（soon）',
    },
    {
      rule_id: 'promotion',
      param: 'grades_not_counted',
      value: ['基本称职', '不称职'],
      source: '《公务员职务与职级并行规定》（2019）第二十条；rules.md §3',
      note: '任职级期间被定为这些等次的年度，不计算为晋升职级的任职年限',
    },
    {
      rule_id: 'promotion',
      param: 'grades_blocking',
      value: ['基本称职', '不称职'],
      source: 'rules.md §3（最近一次年度考核低于称职不得晋升）',
      note: '最近一次年度考核为这些等次时，暂不晋升',
    },
    {
      rule_id: 'promotion',
      param: 'excellent_grade',
      value: '优秀',
      source: '《公务员考核规定》（2020）第十九条',
    },
    {
      rule_id: 'promotion',
      param: 'excellent_shortening_months',
      value: 6,
      source: '《公务员考核规定》（2020）第十九条',
      note: '任职级期间每个优秀年度，晋升所需任职年限缩短半年（6个月）；与现职级有重叠的年度即计入',
    },
    {
      rule_id: 'promotion',
      param: 'annual_period',
      value: '年度',
      source: 'data-contract.md appraisals.period',
      note: '只有年度考核影响任职年限与晋升；季度考核不计',
    },
    {
      rule_id: 'sanction',
      param: 'kinds',
      value: ['警告', '记过', '记大过', '降级', '撤职', '开除'],
      source: '《行政机关公务员处分条例》第六条；data-contract.md awards.kind',
      note: '奖惩记录中属于处分的类别',
    },
    {
      rule_id: 'sanction',
      param: 'effect_months',
      value: { 警告: 6, 记过: 12, 记大过: 18, 降级: 24, 撤职: 24 },
      source: '《行政机关公务员处分条例》第七条',
      note: '处分期间（自处分日期起的月数）内不得晋升职级',
    },
    {
      rule_id: 'promotion',
      param: 'status_labels',
      value: { eligible: '符合年限条件', soon: '一年内符合', not_yet: '未到年限', blocked: '暂不能晋升' },
      source: 'glossary.md',
    },
    {
      rule_id: 'changes',
      param: 'labels',
      value: {
        due_new: '新列入应交流名单',
        due_off: '移出应交流名单',
        status_changed: '状态变化',
        newly_eligible: '新符合晋升年限条件',
        newly_blocked: '新增暂不能晋升',
        unblocked: '解除暂不能晋升',
        no_longer_listed: '不再列入晋升名单',
        gap_new: '新增培训未达标',
        gap_closed: '培训已补齐',
        became_overdue: '培训转为逾期',
        no_longer_required: '不再适用的培训要求',
      },
      source: 'glossary.md',
      note: '与上次发布的快照相比的变化类型',
    },
  ],
  tables: [rankLadder],
};
