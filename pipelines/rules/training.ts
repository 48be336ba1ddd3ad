import type { RuleModule } from './types.ts';

// Training compliance (rules.md §4): the five requirements. SQL reads them through
// param('training', …) for what they share and param('<requirement_id>', …) for each requirement.

const lawSource = '《公务员法》第六十七条；《公务员培训规定》（2019）';

export const training: RuleModule = {
  params: [
    {
      rule_id: 'training',
      param: 'requirement_labels',
      value: { induction: '初任培训', appointment: '任职培训', annual_hours: '年度学时', five_year_hours: '五年累计学时', provincial_3y: '三年一次省级培训' },
      source: 'rules.md §4',
    },
    {
      rule_id: 'training',
      param: 'status_labels',
      value: { met: '已达标', gap: '未达标（期内）', overdue: '逾期未达标' },
      source: 'glossary.md',
    },
    {
      rule_id: 'training',
      param: 'categories',
      value: ['行政执法类公务员', '综合管理类公务员', '参公事业'],
      source: lawSource,
      note: '培训要求适用于这些人员类别；协管员不是公务员，不在此列',
    },
    {
      rule_id: 'training',
      param: 'failed_result',
      value: '不合格',
      source: '《公务员培训规定》（2019）',
      note: '结业情况为不合格的培训不计入学时和天数',
    },
    {
      rule_id: 'training',
      param: 'hours_per_day',
      value: 8,
      source: 'policy default',
      note: '培训记录既无天数也无结束日期时，按学时折算天数',
    },
    {
      rule_id: 'training',
      param: 'history_years',
      value: 5,
      source: 'policy default',
      note: '初任培训、任职培训只检查截止日期在近若干年内的；更早的培训记录往往不全',
    },
    {
      rule_id: 'induction',
      param: 'channels',
      value: ['公务员招录'],
      source: '建督〔2021〕37号（seed 003）：新招录执法人员初任培训',
    },
    {
      rule_id: 'induction',
      param: 'category',
      value: '初任培训',
      source: '《公务员培训规定》（2019）',
    },
    {
      rule_id: 'induction',
      param: 'min_days',
      value: 12,
      source: '《公务员培训规定》（2019）：初任培训不少于12天',
    },
    {
      rule_id: 'induction',
      param: 'min_hours',
      value: 90,
      source: 'rules.md §4（或90学时）',
    },
    {
      rule_id: 'induction',
      param: 'within_months',
      value: 12,
      source: '《公务员培训规定》（2019）：新录用公务员在试用期内进行初任培训',
      note: '自进入系统之日起的月数',
    },
    {
      rule_id: 'appointment',
      param: 'category',
      value: '任职培训',
      source: '《公务员培训规定》（2019）',
    },
    {
      rule_id: 'appointment',
      param: 'min_days',
      value: 15,
      source: '《公务员培训规定》（2019）：任职培训不少于15天',
    },
    {
      rule_id: 'appointment',
      param: 'within_months',
      value: 12,
      source: '《公务员培训规定》（2019）：任职培训应当在公务员晋升领导职务后一年内完成',
    },
    {
      rule_id: 'appointment',
      param: 'leadership_levels',
      value: ['正处', '副处', '正科', '副科'],
      source: '建督〔2021〕37号（seed 003）：执法队伍负责人应接受任职培训',
      note: '由高到低；职务层次为其中之一即为领导职务',
    },
    {
      rule_id: 'appointment',
      param: 'leadership_positions',
      value: ['中队长', '副中队长', '教导员', '副教导员', '大队长', '副大队长', '支队长', '副支队长', '总队长', '副总队长', '科长', '副科长', '主任', '副主任', '局长', '副局长'],
      source: 'policy default',
      note: '职务层次为空时，按职务名称认定领导职务（或任职记录标明为主要负责人）',
    },
    {
      rule_id: 'annual_hours',
      param: 'min_hours',
      value: 90,
      source: '《干部教育培训工作条例》（2023）；rules.md §4',
      note: '每个自然年度参加培训的学时',
    },
    {
      rule_id: 'annual_hours',
      param: 'highest_rank',
      value: { enforcement: '一级主办', general: '一级主任科员' },
      source: 'rules.md §4',
      note: '该职级及以下的人员适用；以年末（当年为截止日）的职级为准',
    },
    {
      rule_id: 'annual_hours',
      param: 'closed_years',
      value: 1,
      source: 'policy default',
      note: '除当年外，还检查已结束的前几个年度；进入系统当年不检查（由初任培训覆盖）',
    },
    {
      rule_id: 'five_year_hours',
      param: 'min_hours',
      value: 550,
      source: '《干部教育培训工作条例》（2023）；rules.md §4',
    },
    {
      rule_id: 'five_year_hours',
      param: 'window_years',
      value: 5,
      source: 'rules.md §4',
      note: '截至统计日的滚动年数；达到适用职级不满该年数的，截止日为达到之日加该年数',
    },
    {
      rule_id: 'five_year_hours',
      param: 'lowest_rank',
      value: { enforcement: '四级高级主办', general: '四级调研员' },
      source: 'rules.md §4',
      note: '该职级及以上的人员适用',
    },
    {
      rule_id: 'provincial_3y',
      param: 'leadership_levels',
      value: ['正处', '副处'],
      source: '建督〔2021〕37号（seed 003）：处级以上干部每3年至少参加一次省级培训',
    },
    {
      rule_id: 'provincial_3y',
      param: 'organizer_levels',
      value: ['部级', '省级'],
      source: '建督〔2021〕37号（seed 003）',
      note: '省级或更高层级主办的培训才计入',
    },
    {
      rule_id: 'provincial_3y',
      param: 'min_courses',
      value: 1,
      source: '建督〔2021〕37号（seed 003）：每3年至少参加一次',
    },
    {
      rule_id: 'provincial_3y',
      param: 'window_years',
      value: 3,
      source: '建督〔2021〕37号（seed 003）',
      note: '截至统计日的滚动年数；任处级职务不满该年数的，截止日为任职之日加该年数',
    },
  ],
};
