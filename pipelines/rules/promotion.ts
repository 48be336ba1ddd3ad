import type { RuleModule } from './types.ts';

// Parameters of the promotion rules (rules.md). Filled in by the promotion work.
export const promotion: RuleModule = { params: [] };
