import { z } from 'zod';
import { q, type RouteDef } from '../route.ts';
import { listRows } from '../lists.ts';
import { unitScope, isWholeCity, type Principal } from '../scope.ts';
import type { Snapshot } from '../warehouse.ts';

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

/**
 * Headline numbers for the caller's scope: headcount and mean age of people in service, the legal
 * background share (from the published workforce_legal_share), and the sizes of the main lists.
 * Counts only, never names: every role may read them.
 */
async function overview(s: Snapshot, user: Principal) {
  const scope = await unitScope(s, user, 'h.unit_id');
  const inScope = `staff_id in (select h.staff_id from staff_home h where ${scope.sql})`;
  const count = async (table: string, cond: string) =>
    s.has(table) ? ((await s.all<{ n: number }>(`select count(*)::int as n from wh.${table} where ${inScope} and ${cond}`, scope.params, { cache: true }))[0]?.n ?? 0) : null;
  // in_service and age are the staff mart's, at the snapshot's as_of: not re-derived here.
  const people = (
    await s.all<{ headcount: number; avg_age: number | null }>(
      `select count(*)::int as headcount, round(avg(age), 1) as avg_age from wh.staff where ${inScope} and in_service`,
      scope.params,
      { cache: true },
    )
  )[0];
  // The legal share is published per district and for the city: answer it when the scope is one of those.
  let lawShare: number | null = null;
  if (s.has('workforce_legal_share')) {
    const districts = isWholeCity(user)
      ? await s.all<{ d: string }>(`select json_extract_string(value, '$') as d from wh.rule_params where rule_id = 'recruitment' and param = 'city_label'`)
      : await s.all<{ d: string }>(`select distinct district as d from unit_dim u where ${(await unitScope(s, user, 'u.unit_id')).sql} and u.unit_type = '区局'`, scope.params);
    if (districts.length === 1) {
      const row = await s.all<{ legal_share: number }>(`select legal_share from wh.workforce_legal_share where is_run_as_of and district = $d`, { d: districts[0].d }, { cache: true });
      lawShare = row[0]?.legal_share ?? null;
    }
  }
  return {
    as_of: s.asOf,
    run_id: s.runId,
    // null: a first refresh, with nothing to compare (the changes are empty, not zero); absent: not recorded
    previous_run_id: s.previousRunId,
    headcount: people?.headcount ?? null,
    avg_age: people?.avg_age ?? null,
    law_share: lawShare,
    rotation_reached: await count('rotation_due', `status = 'reached'`),
    rotation_approaching: await count('rotation_due', `status = 'approaching'`),
    promotion_eligible: await count('promotion_eligibility', `status = 'eligible'`),
    training_gaps: await count('training_compliance', `status in ('gap', 'overdue')`),
  };
}

structureRoutes.push({
  method: 'get',
  path: '/overview',
  summary: '概览：本人数据范围内的人数、平均年龄、法律背景占比及各名单人数',
  access: 'user',
  handler: ({ deps, user }) => deps.warehouse.use((s) => overview(s, user)),
});
