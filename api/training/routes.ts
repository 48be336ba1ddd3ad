import { z } from 'zod';
import { q, type RouteDef } from '../route.ts';
import { listQuery } from '../lists-common.ts';
import { listRows } from '../lists.ts';

export const trainingRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/training/compliance',
    summary: '培训达标情况（按人员 × 培训要求）',
    title: '培训达标情况',
    access: ['hr', 'leader'],
    person: 'list',
    exportable: true,
    query: listQuery({ status: z.enum(['met', 'gap', 'overdue']).optional(), requirement_id: q.code.optional(), period: q.text.optional() }),
    handler: ({ deps, user, query, exportAll }) =>
      deps.warehouse.use((s) =>
        listRows(s, user, { table: 'training_compliance', filters: ['district', 'unit_id', 'status', 'requirement_id', 'period'], sort: ['status', 'requirement_id'], scope: 'person', search: true }, query, exportAll),
      ),
  },
];
