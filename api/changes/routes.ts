import { z } from 'zod';
import { q, type RouteDef } from '../route.ts';
import { listQuery } from '../lists-common.ts';
import { listRows } from '../lists.ts';

export const changesRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/changes',
    summary: '自上次刷新以来的变化',
    title: '自上次刷新以来的变化',
    access: ['hr', 'leader'],
    person: 'list',
    exportable: true,
    query: listQuery({ change: q.code.optional(), item: q.text.optional(), domain: q.code.optional() }),
    handler: ({ deps, user, query, exportAll }) =>
      deps.warehouse.use((s) => listRows(s, user, { table: 'changes', filters: ['district', 'unit_id', 'change', 'item', 'domain'], sort: [], scope: 'person', search: true }, query, exportAll)),
  },
];
export { z };
