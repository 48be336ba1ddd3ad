import type { SourceDef } from './types.ts';

export const appraisals: SourceDef = {
  entity: 'appraisals',
  label: '考核',
  prefixes: ['appraisals', 'appraisal', '考核'],
  required: false,
  key: ['staff_id', 'year', 'period'],
  columns: [
    { name: 'staff_id', aliases: ['人员编号', '工号'], type: 'text', required: true, ref: { entity: 'staff', column: 'staff_id' } },
    { name: 'year', aliases: ['年度'], type: 'integer', required: true },
    {
      name: 'grade',
      aliases: ['考核等次', '等次'],
      type: 'enum',
      required: true,
      values: ['优秀', '称职', '基本称职', '不称职', '不定等次'],
      synonyms: { 合格: '称职', 基本合格: '基本称职', 不合格: '不称职' },
    },
    {
      name: 'period',
      aliases: ['考核周期'],
      type: 'enum',
      required: false,
      values: ['年度', '一季度', '二季度', '三季度', '四季度'],
      default: '年度',
      synonyms: { 年: '年度', 全年: '年度', 第一季度: '一季度', 第二季度: '二季度', 第三季度: '三季度', 第四季度: '四季度', Q1: '一季度', Q2: '二季度', Q3: '三季度', Q4: '四季度' },
    },
    { name: 'score', aliases: ['绩效得分', '得分'], type: 'number', required: false, min: 0, max: 100 },
  ],
};
