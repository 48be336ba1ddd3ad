import type { RuleModule } from './types.ts';

// Parameters of the profile rules (rules.md). Filled in by the profile work.
export const profile: RuleModule = { params: [] };
