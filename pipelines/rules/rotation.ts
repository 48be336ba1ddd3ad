import type { RuleModule } from './types.ts';

// Rotation (交流轮岗), rules.md §1. The three rules differ only in data: which unit type they
// watch, whether they apply to principals, whether the position must stay the same, and the limit.
const seed = '种子文件 002 二(二)二：基层中队主要负责人同一职位任职满5年，其他执法人员同一中队工作满10年应当转任交流';
const national = '《公务员转任规定》(2020)：内设机构负责人在同一职位任职满10年应当转任';

export const rotation: RuleModule = {
  params: [
    { rule_id: 'leader_5y', param: 'limit_years', value: 5, source: seed },
    { rule_id: 'leader_5y', param: 'unit_type', value: '中队', source: seed },
    { rule_id: 'leader_5y', param: 'principal', value: true, source: seed, note: '仅主要负责人' },
    { rule_id: 'leader_5y', param: 'counts_position', value: true, source: seed, note: '同一职位连续计算' },
    { rule_id: 'leader_5y', param: 'label', value: '基层中队主要负责人同一职位任职满5年', source: seed },

    { rule_id: 'staff_10y', param: 'limit_years', value: 10, source: seed },
    { rule_id: 'staff_10y', param: 'unit_type', value: '中队', source: seed },
    { rule_id: 'staff_10y', param: 'principal', value: false, source: seed, note: '主要负责人以外的执法人员（协管员除外）' },
    {
      rule_id: 'staff_10y',
      param: 'counts_position',
      value: false,
      source: seed,
      note: '同一中队（含更名、合并后的承继中队）任何职务连续计算，担任主要负责人的年限也计入',
    },
    { rule_id: 'staff_10y', param: 'label', value: '其他执法人员同一中队工作满10年', source: seed },

    { rule_id: 'office_leader_10y', param: 'limit_years', value: 10, source: national },
    { rule_id: 'office_leader_10y', param: 'unit_type', value: '机关科室', source: national },
    { rule_id: 'office_leader_10y', param: 'principal', value: true, source: national },
    { rule_id: 'office_leader_10y', param: 'counts_position', value: true, source: national },
    { rule_id: 'office_leader_10y', param: 'label', value: '机关科室负责人同一职位任职满10年', source: national },

    {
      rule_id: 'rotation',
      param: 'rule_ids',
      value: ['leader_5y', 'staff_10y', 'office_leader_10y'],
      source: 'rules.md §1',
      note: '参与计算的轮岗规则',
    },
    {
      rule_id: 'rotation',
      param: 'principal_positions',
      value: { 中队: ['中队长', '教导员'], 机关科室: ['科长', '主任'] },
      source: 'rules.md §1（政策默认值）',
      note: '任职记录未填“是否主要负责人”时，按机构类型由职务推定',
    },
    {
      rule_id: 'rotation',
      param: 'gap_tolerance_days',
      value: 31,
      source: 'rules.md §1（政策默认值）',
      note: '前后两段任职间隔不超过此天数视为连续',
    },
    { rule_id: 'rotation', param: 'approaching_months', value: 12, source: 'rules.md §1（政策默认值）', note: '距满期不超过此月数列为“即将满期”' },
    {
      rule_id: 'rotation',
      param: 'retirement_exempt_years',
      value: 2,
      source: 'rules.md §1（政策默认值）',
      note: '距法定退休不超过此年数的，标记为可免于交流（仍列入名单）',
    },
    {
      rule_id: 'rotation',
      param: 'long_loan_days',
      value: 180,
      source: '种子文件 002 二(四)二：防止基层队员随意外借、长期外借（天数为政策默认值）',
      note: '借调、挂职超过此天数列为长期外借',
    },
    {
      rule_id: 'rotation',
      param: 'loan_types',
      value: ['借调', '挂职'],
      source: 'data-contract.md postings.posting_type',
      note: '不中断、也不开始任职连续期的任职类型',
    },
    {
      rule_id: 'rotation',
      param: 'excluded_categories',
      value: ['协管员'],
      source: 'rules.md §1：协管员不适用执法人员交流规定',
    },
    { rule_id: 'rotation', param: 'status_labels', value: { reached: '已满期', approaching: '即将满期' }, source: 'glossary.md' },
  ],
};
