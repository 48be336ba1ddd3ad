import type { RuleModule } from './types.ts';

// Statutory retirement date, rules.md §2: 全国人大常委会关于实施渐进式延迟法定退休年龄的决定
// (2024-09-13, effective 2025-01-01). Delay = min(floor(idx / step) + 1, max) months, idx = months
// from the start month to the birth month; born before the start month: base age, no delay.
const decision = '全国人大常委会《关于实施渐进式延迟法定退休年龄的决定》(2024-09-13)';

export const retirement: RuleModule = {
  params: [
    { rule_id: 'retirement', param: 'male_base_age', value: 60, source: decision },
    { rule_id: 'retirement', param: 'male_start_month', value: '1965-01', source: decision, note: '此月及以后出生的男性开始延迟' },
    {
      rule_id: 'retirement',
      param: 'female_base_age',
      value: 55,
      source: decision,
      note: '原法定退休年龄55周岁的女职工（女干部、女公务员）；原50周岁的女工人不在本平台人员范围内',
    },
    { rule_id: 'retirement', param: 'female_start_month', value: '1970-01', source: decision },
    { rule_id: 'retirement', param: 'step_months', value: 4, source: decision, note: '每4个月延迟1个月' },
    { rule_id: 'retirement', param: 'max_delay_months', value: 36, source: decision, note: '男性延至63周岁，女干部延至58周岁' },
  ],
};
