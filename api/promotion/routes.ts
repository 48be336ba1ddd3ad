import { z } from 'zod';
import { q, type RouteDef } from '../route.ts';
import { listQuery } from '../lists-common.ts';
import { listRows } from '../lists.ts';

export const promotionRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/promotion/eligibility',
    summary: '职级晋升资格名单',
    title: '职级晋升资格',
    access: ['hr', 'leader'],
    person: 'list',
    exportable: true,
    query: listQuery({ status: z.enum(['eligible', 'soon', 'not_yet', 'blocked']).optional(), current_rank: q.text.optional(), next_rank: q.text.optional() }),
    handler: ({ deps, user, query, exportAll }) =>
      deps.warehouse.use((s) =>
        listRows(s, user, { table: 'promotion_eligibility', filters: ['district', 'unit_id', 'status', 'current_rank', 'next_rank'], sort: ['eligible_date'], scope: 'person', search: true }, query, exportAll),
      ),
  },
];
