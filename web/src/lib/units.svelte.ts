// The unit tree, loaded once per session, for district / squad pickers and names.
import { api, itemsOf, type Unit } from './api.ts';

export const units = $state<{ list: Unit[]; loaded: boolean; failed: boolean }>({ list: [], loaded: false, failed: false });
let pending: Promise<void> | null = null;

export function loadUnits(): Promise<void> {
  pending ??= api
    .units()
    .then((r) => {
      units.list = itemsOf(r);
      units.loaded = true;
    })
    .catch(() => {
      units.failed = true;
      units.loaded = true;
      pending = null;
    });
  return pending;
}

/** Unit types from the top of the tree down: the order pickers list them in. */
export const unitTypeOrder = ['市局', '区局', '总队', '支队', '大队', '中队', '机关科室'];

export function districts(list: Unit[]): string[] {
  return [...new Set(list.map((u) => u.district).filter((d): d is string => !!d))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
}

export function unitsOf(list: Unit[], district: string, types: string[] = []): Unit[] {
  return list
    .filter((u) => (!district || u.district === district) && (types.length === 0 || types.includes(u.unit_type)))
    .sort((a, b) => a.unit_name.localeCompare(b.unit_name, 'zh-CN'));
}

/** The visible units depend on the user: forget them when the user changes. */
export function resetUnits(): void {
  pending = null;
  units.list = [];
  units.loaded = false;
  units.failed = false;
}
