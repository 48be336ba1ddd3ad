import type { RuleModule } from './types.ts';

// Parameters of the rotation rules (rules.md). Filled in by the rotation work.
export const rotation: RuleModule = { params: [] };
