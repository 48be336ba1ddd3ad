import type { RuleModule } from './types.ts';

// Parameters of the recruitment rules (rules.md). Filled in by the recruitment work.
export const recruitment: RuleModule = { params: [] };
