// Query-string shape shared by person lists.
import { z } from 'zod';
import { q } from './route.ts';

export const listBase = {
  page: q.page,
  page_size: q.pageSize,
  sort: q.sort.optional(),
  q: q.text.optional(),
  district: q.text.optional(),
  unit_id: q.code.optional(),
};

export const listQuery = (extra: Record<string, z.ZodType> = {}) => z.object({ ...listBase, ...extra });
