import type { SourceDef } from './types.ts';

export const recruitmentPlans: SourceDef = {
  entity: 'recruitment_plans',
  label: '招录计划',
  prefixes: ['recruitment_plans', 'recruitment_plan', 'recruitment-plans', '招录计划'],
  required: false,
  // Empty district: the plan for the whole city.
  key: ['year', 'district'],
  columns: [
    { name: 'year', aliases: ['年度'], type: 'integer', required: true },
    { name: 'district', aliases: ['区'], type: 'text', required: false },
    { name: 'planned_total', aliases: ['计划招录数'], type: 'integer', required: true, min: 0 },
    { name: 'planned_law', aliases: ['法学类计划数'], type: 'integer', required: false, min: 0 },
    { name: 'planned_it', aliases: ['信息技术类计划数'], type: 'integer', required: false, min: 0 },
  ],
};
