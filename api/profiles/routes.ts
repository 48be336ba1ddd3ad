import { z } from 'zod';
import { q, type RouteDef } from '../route.ts';
import { listQuery } from '../lists-common.ts';
import { listRows } from '../lists.ts';
import { profile } from './queries.ts';
import { jsonAnswer } from '../headers.ts';

export const profilesRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/staff',
    summary: '人员名单与检索（姓名或人员编号）',
    title: '人员名单',
    access: ['hr', 'leader'],
    person: 'list',
    exportable: true,
    query: listQuery({ status: q.text.optional(), category: q.text.optional(), gender: z.enum(['男', '女']).optional(), education: q.text.optional() }),
    handler: ({ deps, user, query, exportAll }) =>
      deps.warehouse.use((s) =>
        listRows(s, user, { table: 'staff', filters: ['district', 'unit_id', 'status', 'category', 'gender', 'education'], sort: ['staff_id'], scope: 'person', search: true }, query, exportAll),
      ),
  },
  {
    method: 'get',
    path: '/profiles/scores',
    summary: '人员画像得分与九宫格（能力、潜力及其构成）',
    title: '人员画像得分',
    access: ['hr', 'leader'],
    person: 'list',
    exportable: true,
    query: listQuery({ box: z.coerce.number().int().min(1).max(9).optional(), peer_group: q.text.optional() }),
    handler: ({ deps, user, query, exportAll }) =>
      deps.warehouse.use((s) =>
        listRows(s, user, { table: 'profile_scores', filters: ['district', 'unit_id', 'box', 'peer_group'], sort: ['-competence'], scope: 'person', search: true }, query, exportAll),
      ),
  },
  {
    method: 'get',
    path: '/staff/:staff_id',
    summary: '人员画像（身份证号已脱敏）',
    access: ['hr', 'leader'],
    person: 'one',
    params: z.object({ staff_id: q.code }),
    handler: async ({ deps, user, params }) => jsonAnswer(await deps.warehouse.use((s) => profile(s, deps.store, user, params.staff_id))),
  },
];
