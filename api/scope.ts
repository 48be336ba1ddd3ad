// Who may see whom, decided here and nowhere else. A user's scope is a list of unit ids (each with
// its whole subtree) or [] for the whole city; a person belongs to the unit of their latest regular
// posting (`staff_home`). Every person-level query takes its filter from `personScope`.
import type { Role } from './database.ts';
import type { Params, Snapshot } from './warehouse.ts';
import { errors } from './messages.ts';

export interface Principal {
  id: string;
  username: string;
  role: Role;
  /** unit_ids; [] = the whole city. */
  scope: string[];
}

/** Roles that may read named persons at all. */
export const personRoles: Role[] = ['hr', 'leader', 'admin'];

export function isWholeCity(p: Principal): boolean {
  return p.scope.length === 0;
}

function scopeKey(p: Principal): string {
  return [...p.scope].sort().join('|');
}

/**
 * SQL condition on a staff_id expression: true only for people in the principal's scope.
 * The value travels as a bound parameter `$scope_key`.
 */
export async function personScope(snap: Snapshot, p: Principal, staffIdExpr: string): Promise<{ sql: string; params: Params }> {
  if (!personRoles.includes(p.role)) throw errors.forbidden();
  if (isWholeCity(p)) return { sql: 'true', params: {} };
  const key = scopeKey(p);
  await snap.ensureScope(key, p.scope);
  return {
    sql: `${staffIdExpr} in (select sh.staff_id from staff_home sh join scope_units su on su.unit_id = sh.unit_id where su.scope_key = $scope_key)`,
    params: { scope_key: key },
  };
}

/** SQL condition on a unit_id expression, for aggregates kept per unit (structure). */
export async function unitScope(snap: Snapshot, p: Principal, unitIdExpr: string): Promise<{ sql: string; params: Params }> {
  if (isWholeCity(p)) return { sql: 'true', params: {} };
  const key = scopeKey(p);
  await snap.ensureScope(key, p.scope);
  return { sql: `${unitIdExpr} in (select su.unit_id from scope_units su where su.scope_key = $scope_key)`, params: { scope_key: key } };
}

/** One person, in scope or not: the profile answers 404 for both "unknown" and "not yours". */
export async function personInScope(snap: Snapshot, p: Principal, staffId: string): Promise<boolean> {
  if (!personRoles.includes(p.role)) throw errors.forbidden();
  // The same condition as personScope's, on the snapshot's staff_home held in memory: no query.
  const home = snap.homes.get(staffId);
  if (!home) return false;
  if (isWholeCity(p)) return true;
  const units = await snap.ensureScope(scopeKey(p), p.scope);
  return home.unit_id !== null && units.has(home.unit_id);
}
