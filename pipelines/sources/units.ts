import type { SourceDef } from './types.ts';

export const units: SourceDef = {
  entity: 'units',
  label: '机构',
  prefixes: ['units', 'unit', '机构'],
  required: true,
  key: ['unit_id'],
  columns: [
    { name: 'unit_id', aliases: ['机构代码', '单位代码'], type: 'text', required: true },
    { name: 'unit_name', aliases: ['机构名称', '单位名称'], type: 'text', required: true },
    {
      name: 'unit_type',
      aliases: ['机构类型', '单位类型'],
      type: 'enum',
      required: true,
      values: ['市局', '区局', '总队', '支队', '大队', '中队', '机关科室'],
      synonyms: { 市城管执法局: '市局', 区城管执法局: '区局', 街镇中队: '中队', 科室: '机关科室', 机关: '机关科室', 处室: '机关科室' },
    },
    // A parent or successor that is not itself a loaded unit is rejected: lineage and subtrees must close.
    { name: 'parent_id', aliases: ['上级机构代码', '上级单位代码'], type: 'text', required: false, ref: { entity: 'units', column: 'unit_id' } },
    { name: 'district', aliases: ['所属区', '区'], type: 'text', required: false },
    { name: 'street', aliases: ['所属街镇', '街镇'], type: 'text', required: false },
    { name: 'valid_from', aliases: ['成立日期'], type: 'date', required: false },
    { name: 'valid_to', aliases: ['撤销日期'], type: 'date', required: false },
    { name: 'replaced_by', aliases: ['承继机构代码'], type: 'text', required: false, ref: { entity: 'units', column: 'unit_id' } },
  ],
  checks: [
    { code: 'end_before_start', column: 'valid_to', bad: 'valid_to < valid_from' },
    { code: 'self_reference', column: 'parent_id', bad: 'parent_id = unit_id' },
    { code: 'self_reference', column: 'replaced_by', bad: 'replaced_by = unit_id' },
  ],
};
