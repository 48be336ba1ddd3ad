import type { RuleModule } from './types.ts';

// Parameters of the training rules (rules.md). Filled in by the training work.
export const training: RuleModule = { params: [] };
