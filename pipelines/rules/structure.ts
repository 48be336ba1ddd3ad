import type { RefTable, RuleModule } from './types.ts';

// The four structures (四个结构, rules.md §6 last item; seed 002 三(一)三). Bands are data so the
// bureau can regroup them; every person falls in exactly one band per dimension, `unknown_band`
// when the input is missing.

const seed = '种子文件 002 三(一)三：执法队伍“四个结构分析模块”';

/** Education values of data-contract.md staff.education → the band shown and the level used by the profile. */
export const educationLevels: RefTable = {
  name: 'ref_education_levels',
  source: 'data-contract.md staff.education；rules.md §6',
  columns: { education: 'VARCHAR', band: 'VARCHAR', band_order: 'INTEGER' },
  rows: [
    { education: '博士研究生', band: '研究生', band_order: 1 },
    { education: '硕士研究生', band: '研究生', band_order: 1 },
    { education: '研究生', band: '研究生', band_order: 1 },
    { education: '大学本科', band: '本科', band_order: 2 },
    { education: '本科', band: '本科', band_order: 2 },
    { education: '大学专科', band: '专科', band_order: 3 },
    { education: '大专', band: '专科', band_order: 3 },
    { education: '中专', band: '中专', band_order: 4 },
    { education: '高中及以下', band: '高中及以下', band_order: 5 },
  ],
};

export const structure: RuleModule = {
  params: [
    {
      rule_id: 'structure',
      param: 'age_bands',
      value: [
        { band: '≤30', max_age: 30 },
        { band: '31–35', max_age: 35 },
        { band: '36–40', max_age: 40 },
        { band: '41–45', max_age: 45 },
        { band: '46–50', max_age: 50 },
        { band: '51–55', max_age: 55 },
        { band: '>55', max_age: null },
      ],
      source: `rules.md §6；${seed}`,
      note: '按周岁，年龄不超过 max_age 的最低一档；最后一档无上限',
    },
    {
      rule_id: 'structure',
      param: 'major_bands',
      value: { law: '法学类', it: '信息技术类', other: '其他专业' },
      source: 'rules.md §7',
      note: '专业结构按专业目录的类别分档；未填专业或无法匹配目录的计入“未知”',
    },
    {
      rule_id: 'structure',
      param: 'unknown_band',
      value: '未知',
      source: 'data-contract.md structure_facts',
      note: '该维度信息缺失（无出生日期、无职级、专业未匹配等）的人员',
    },
    {
      rule_id: 'structure',
      param: 'excluded_categories',
      value: ['协管员'],
      source: 'policy default',
      note: '结构分析针对执法队伍（公务员及参公人员）；协管员不计入',
    },
    {
      rule_id: 'structure',
      param: 'history_years',
      value: 10,
      source: 'policy default',
      note: '除统计日外，再按此前若干个年末（12月31日）各计算一次，供趋势图使用；学历与专业按现有记录回溯',
    },
  ],
  tables: [educationLevels],
};
