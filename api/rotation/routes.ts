import { z } from 'zod';
import { q, type RouteDef } from '../route.ts';
import { listBase } from '../lists-common.ts';
import { rotationDue, longLoans, dueSummary, decide, listDecisions, decisionHistory } from './queries.ts';


export const dueQuery = z.object({
  ...listBase,
  as_of: q.date.optional(),
  rule_id: z.enum(['leader_5y', 'staff_10y', 'office_leader_10y']).optional(),
  status: z.enum(['reached', 'approaching']).optional(),
  exempt: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

const decisionBody = z.object({
  staff_id: q.code,
  rule_id: z.enum(['leader_5y', 'staff_10y', 'office_leader_10y']),
  spell_start: q.date,
  decision: z.enum(['planned', 'deferred', 'exempt']),
  target_unit_id: q.code.optional(),
  planned_date: q.date.optional(),
  reason: z.string().max(500).optional(),
});

export const rotationRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/rotation/due',
    summary: '应交流名单（可指定截至日期）',
    title: '应交流名单',
    access: ['hr', 'leader'],
    person: 'list',
    exportable: true,
    query: dueQuery,
    handler: ({ deps, user, query, exportAll }) => deps.warehouse.use((s) => rotationDue(s, deps.store, user, query, exportAll)),
  },
  {
    method: 'get',
    path: '/rotation/summary',
    summary: '应交流人数（按区、规则、状态汇总）',
    access: ['hr', 'leader', 'analyst'],
    handler: ({ deps }) => deps.warehouse.use((s) => dueSummary(s)),
  },
  {
    method: 'get',
    path: '/rotation/loans',
    summary: '长期外借名单',
    title: '长期外借名单',
    access: ['hr', 'leader'],
    person: 'list',
    exportable: true,
    query: z.object(listBase),
    handler: ({ deps, user, query, exportAll }) => deps.warehouse.use((s) => longLoans(s, user, query, exportAll)),
  },
  {
    method: 'get',
    path: '/rotation/decisions',
    summary: '交流轮岗处理决定（当前有效）',
    title: '交流轮岗处理决定',
    access: ['hr', 'leader'],
    person: 'list',
    exportable: true,
    query: z.object({ page: q.page, page_size: q.pageSize, decision: z.enum(['planned', 'deferred', 'exempt']).optional(), rule_id: q.code.optional() }),
    handler: ({ deps, user, query, exportAll }) => deps.warehouse.use((s) => listDecisions(s, deps.store, user, query, exportAll)),
  },
  {
    method: 'post',
    path: '/rotation/decisions',
    summary: '记录交流轮岗处理决定（计划交流 / 暂缓 / 豁免）',
    access: ['hr'],
    body: decisionBody,
    status: 201,
    handler: ({ deps, user, body }) => deps.warehouse.use((s) => decide(s, deps.store, user, body, deps.now())),
  },
  {
    method: 'get',
    path: '/rotation/decisions/:staff_id',
    summary: '某人的交流轮岗处理决定历史',
    access: ['hr', 'leader'],
    person: 'one',
    params: z.object({ staff_id: q.code }),
    handler: ({ deps, user, params }) => deps.warehouse.use((s) => decisionHistory(s, deps.store, user, params.staff_id)),
  },
];
