import type { RuleModule } from './types.ts';

export const pipeline: RuleModule = {
  params: [
    {
      rule_id: 'pipeline',
      param: 'max_reject_ratio',
      value: 0.05,
      source: 'data-contract.md: Row checks and rejects',
      note: '某实体被拒绝的行超过此比例时，本次刷新失败且不发布',
    },
    {
      rule_id: 'pipeline',
      param: 'snapshot_retention',
      value: 10,
      source: 'DESIGN.md: older snapshots stay (retention configurable)',
    },
  ],
};
