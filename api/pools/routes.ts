import { z } from 'zod';
import { q, type RouteDef } from '../route.ts';
import { listQuery } from '../lists-common.ts';
import { candidates, members, history, confirm } from './queries.ts';

const pool = z.enum(['management', 'enforcement', 'youth']);

export const poolsRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/pools/candidates',
    summary: '人才库入库 / 在库 / 出库建议（含各条件取值）',
    title: '人才库建议',
    access: ['hr', 'leader'],
    person: 'list',
    exportable: true,
    query: listQuery({ pool: pool.optional(), action: z.enum(['enter', 'stay', 'exit']).optional() }),
    handler: ({ deps, user, query, exportAll }) => deps.warehouse.use((s) => candidates(s, deps.store, user, query, exportAll)),
  },
  {
    method: 'get',
    path: '/pools/members',
    summary: '人才库在库人员（已确认）',
    title: '人才库在库人员',
    access: ['hr', 'leader'],
    person: 'list',
    exportable: true,
    query: z.object({ page: q.page, page_size: q.pageSize, pool: pool.optional(), current: z.enum(['true', 'false']).transform((v) => v === 'true').optional() }),
    handler: ({ deps, user, query, exportAll }) => deps.warehouse.use((s) => members(s, deps.store, user, query, exportAll)),
  },
  {
    method: 'get',
    path: '/pools/history',
    summary: '人才库入库 / 出库确认记录',
    title: '人才库确认记录',
    access: ['hr', 'leader'],
    person: 'list',
    exportable: true,
    query: z.object({ page: q.page, page_size: q.pageSize, pool: pool.optional(), staff_id: q.code.optional() }),
    handler: ({ deps, user, query, exportAll }) => deps.warehouse.use((s) => history(s, deps.store, user, query, exportAll)),
  },
  {
    method: 'post',
    path: '/pools/confirm',
    summary: '确认入库或出库',
    access: ['leader'],
    status: 201,
    body: z.object({ staff_id: q.code, pool, action: z.enum(['enter', 'exit']), note: z.string().max(500).optional() }),
    handler: ({ deps, user, body }) => deps.warehouse.use((s) => confirm(s, deps.store, user, body, deps.now())),
  },
];
