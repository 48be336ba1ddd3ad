import type { SourceDef } from './types.ts';

export const postings: SourceDef = {
  entity: 'postings',
  label: '任职',
  prefixes: ['postings', 'posting', '任职'],
  required: true,
  key: ['staff_id', 'unit_id', 'start_date'],
  columns: [
    { name: 'staff_id', aliases: ['人员编号', '工号'], type: 'text', required: true, ref: { entity: 'staff', column: 'staff_id' } },
    { name: 'unit_id', aliases: ['机构代码', '单位代码'], type: 'text', required: true, ref: { entity: 'units', column: 'unit_id' } },
    { name: 'position', aliases: ['职务', '岗位'], type: 'text', required: true },
    { name: 'start_date', aliases: ['任职日期', '开始日期'], type: 'date', required: true },
    { name: 'end_date', aliases: ['免职日期', '结束日期'], type: 'date', required: false },
    // Empty stays NULL: the rotation rules derive it from the position (rules.md §1).
    { name: 'is_principal', aliases: ['是否主要负责人'], type: 'boolean', required: false },
    {
      name: 'posting_type',
      aliases: ['任职类型'],
      type: 'enum',
      required: false,
      values: ['任职', '借调', '挂职'],
      default: '任职',
      synonyms: { 正式任职: '任职', 任命: '任职', 外借: '借调', 借用: '借调', 挂职锻炼: '挂职' },
    },
    {
      name: 'leadership_level',
      aliases: ['职务层次'],
      type: 'enum',
      required: false,
      values: ['正处', '副处', '正科', '副科', '无'],
      synonyms: { 正处级: '正处', 副处级: '副处', 正科级: '正科', 副科级: '副科', 无职务: '无' },
    },
  ],
  checks: [{ code: 'end_before_start', column: 'end_date', bad: 'end_date < start_date' }],
};
