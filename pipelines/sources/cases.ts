import type { SourceDef } from './types.ts';

export const cases: SourceDef = {
  entity: 'cases',
  label: '办案',
  prefixes: ['cases', '办案'],
  required: false,
  key: ['staff_id', 'year', 'month'],
  columns: [
    { name: 'staff_id', aliases: ['人员编号', '工号'], type: 'text', required: true, ref: { entity: 'staff', column: 'staff_id' } },
    { name: 'year', aliases: ['年度'], type: 'integer', required: true },
    // Empty month: the row counts the whole year.
    { name: 'month', aliases: ['月份'], type: 'integer', required: false, min: 1, max: 12 },
    { name: 'cases_handled', aliases: ['办案数'], type: 'integer', required: true, min: 0 },
    { name: 'cases_lead', aliases: ['主办案件数'], type: 'integer', required: false, min: 0 },
  ],
};
