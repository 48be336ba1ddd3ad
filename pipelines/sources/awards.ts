import type { SourceDef } from './types.ts';

export const awards: SourceDef = {
  entity: 'awards',
  label: '奖惩',
  prefixes: ['awards', 'award', '奖惩'],
  required: false,
  key: ['staff_id', 'date', 'kind'],
  columns: [
    { name: 'staff_id', aliases: ['人员编号', '工号'], type: 'text', required: true, ref: { entity: 'staff', column: 'staff_id' } },
    { name: 'date', aliases: ['日期', '奖惩日期'], type: 'date', required: true },
    {
      name: 'kind',
      aliases: ['奖惩类别'],
      type: 'enum',
      required: true,
      values: ['嘉奖', '三等功', '二等功', '一等功', '荣誉称号', '通报表扬', '警告', '记过', '记大过', '降级', '撤职', '开除'],
      synonyms: { 记三等功: '三等功', 记二等功: '二等功', 记一等功: '一等功', 警告处分: '警告', 记过处分: '记过', 记大过处分: '记大过', 降级处分: '降级', 撤职处分: '撤职', 开除处分: '开除', 通报表彰: '通报表扬' },
    },
    { name: 'title', aliases: ['名称'], type: 'text', required: false },
  ],
};
