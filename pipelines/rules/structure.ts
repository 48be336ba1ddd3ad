import type { RuleModule } from './types.ts';

// Parameters of the structure rules (rules.md). Filled in by the structure work.
export const structure: RuleModule = { params: [] };
