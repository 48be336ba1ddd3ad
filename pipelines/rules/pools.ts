import type { RuleModule } from './types.ts';

// Parameters of the pools rules (rules.md). Filled in by the pools work.
export const pools: RuleModule = { params: [] };
