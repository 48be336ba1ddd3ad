import { z } from 'zod';
import { q, type RouteDef } from '../route.ts';
import { listRows } from '../lists.ts';
import { unitScope } from '../scope.ts';

export const structureRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/structure',
    summary: '队伍结构（年龄 / 学历 / 专业 / 职级，按单位及其下属单位汇总）',
    title: '队伍结构',
    access: ['hr', 'leader', 'analyst'],
    exportable: true,
    query: z.object({
      page: q.page,
      page_size: q.pageSize.default(500),
      sort: q.sort.optional(),
      unit_id: q.code.optional(),
      dimension: z.enum(['age', 'education', 'major', 'rank']).optional(),
      as_of: q.date.optional(),
    }),
    handler: ({ deps, user, query, exportAll }) =>
      deps.warehouse.use((s) =>
        listRows(s, user, { table: 'structure_facts', filters: ['unit_id', 'dimension', 'as_of'], sort: ['unit_id', 'dimension', 'band', 'as_of'], scope: 'unit' }, { ...query, as_of: query.as_of ?? s.asOf }, exportAll),
      ),
  },
  {
    method: 'get',
    path: '/structure/units',
    summary: '可见的单位（含区和上级单位），用于筛选',
    access: 'user',
    handler: ({ deps, user }) =>
      deps.warehouse.use(async (s) => {
        const scope = await unitScope(s, user, 'u.unit_id');
        const items = await s.all(`select u.unit_id, u.unit_name, u.unit_type, u.parent_id, u.district from unit_dim u where ${scope.sql} order by u.unit_id`, scope.params, { cache: true });
        return { items };
      }),
  },
];
