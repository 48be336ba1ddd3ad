import type { RuleModule } from './types.ts';

// Parameters of the retirement rules (rules.md). Filled in by the retirement work.
export const retirement: RuleModule = { params: [] };
