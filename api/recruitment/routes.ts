import { z } from 'zod';
import { q, type RouteDef } from '../route.ts';
import { listRows } from '../lists.ts';

export const recruitmentRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/recruitment',
    summary: '招录专业比例（法学类、信息技术类），按年度和区',
    title: '招录专业比例',
    access: ['hr', 'leader', 'analyst'],
    exportable: true,
    query: z.object({ page: q.page, page_size: q.pageSize.default(500), sort: q.sort.optional(), year: q.year.optional(), district: q.text.optional() }),
    handler: ({ deps, user, query, exportAll }) =>
      deps.warehouse.use((s) => listRows(s, user, { table: 'recruitment_ratios', filters: ['year', 'district'], sort: ['year', 'district'], scope: 'none' }, query, exportAll)),
  },
];

recruitmentRoutes.push({
  method: 'get',
  path: '/recruitment/workforce',
  summary: '队伍法律专业背景占比（每年末及统计日，按区与全市）',
  title: '法律专业背景占比',
  access: ['hr', 'leader', 'analyst'],
  exportable: true,
  query: z.object({ page: q.page, page_size: q.pageSize.default(500), sort: q.sort.optional(), year: q.year.optional(), district: q.text.optional() }),
  handler: ({ deps, user, query, exportAll }) =>
    deps.warehouse.use((s) => listRows(s, user, { table: 'workforce_legal_share', filters: ['year', 'district'], sort: ['as_of', 'district'], scope: 'none' }, query, exportAll)),
});
