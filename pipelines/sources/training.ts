import type { SourceDef } from './types.ts';

export const training: SourceDef = {
  entity: 'training',
  label: '培训',
  prefixes: ['training', '培训'],
  required: false,
  key: ['staff_id', 'course', 'start_date'],
  columns: [
    { name: 'staff_id', aliases: ['人员编号', '工号'], type: 'text', required: true, ref: { entity: 'staff', column: 'staff_id' } },
    { name: 'course', aliases: ['培训项目', '培训班名称'], type: 'text', required: true },
    {
      name: 'category',
      aliases: ['培训类别'],
      type: 'enum',
      required: true,
      values: ['初任培训', '任职培训', '专门业务培训', '在职培训'],
      synonyms: { 初任: '初任培训', 任职: '任职培训', 专门业务: '专门业务培训', 业务培训: '专门业务培训', 在职: '在职培训' },
    },
    {
      name: 'organizer_level',
      aliases: ['主办层级'],
      type: 'enum',
      required: false,
      values: ['部级', '省级', '市级', '区级', '局内'],
      synonyms: { 国家级: '部级', 中央: '部级', 省部级: '省级', 区县级: '区级', 本局: '局内' },
    },
    { name: 'start_date', aliases: ['开始日期'], type: 'date', required: true },
    { name: 'end_date', aliases: ['结束日期'], type: 'date', required: false },
    { name: 'hours', aliases: ['学时'], type: 'number', required: true, min: 0, exclusiveMin: true },
    { name: 'days', aliases: ['天数'], type: 'number', required: false, min: 0, exclusiveMin: true },
    { name: 'result', aliases: ['结业情况'], type: 'enum', required: false, values: ['合格', '不合格'], synonyms: { 结业: '合格', 通过: '合格', 未结业: '不合格', 未通过: '不合格' } },
  ],
  checks: [{ code: 'end_before_start', column: 'end_date', bad: 'end_date < start_date' }],
};
