import type { ColumnDef, SourceDef } from './types.ts';
import { promotion } from '../rules/promotion.ts';

// Rank names come from the ladders in the rules (policy is data); until a ladder is defined the
// column is plain text and the promotion models judge the names.
const ladder = promotion.tables?.find((t) => t.name === 'ref_rank_ladder');
const rankNames = ladder ? [...new Set(ladder.rows.map((r) => r.rank).filter((r): r is string => typeof r === 'string'))] : [];

const rank: ColumnDef =
  rankNames.length > 0
    ? { name: 'rank', aliases: ['职级'], type: 'enum', required: true, values: rankNames }
    : { name: 'rank', aliases: ['职级'], type: 'text', required: true };

export const ranks: SourceDef = {
  entity: 'ranks',
  label: '职级',
  prefixes: ['ranks', 'rank', '职级'],
  required: false,
  key: ['staff_id', 'effective_date', 'rank'],
  columns: [
    { name: 'staff_id', aliases: ['人员编号', '工号'], type: 'text', required: true, ref: { entity: 'staff', column: 'staff_id' } },
    rank,
    { name: 'effective_date', aliases: ['任职级时间', '生效日期'], type: 'date', required: true },
    {
      name: 'change_type',
      aliases: ['变动类型'],
      type: 'enum',
      required: false,
      values: ['初任定级', '晋升', '转任', '降级', '恢复'],
      synonyms: { 定级: '初任定级', 套转: '转任', 晋级: '晋升' },
    },
  ],
};
