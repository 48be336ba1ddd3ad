// Filters live in the query string so a list can be bookmarked, shared, and linked from 概览.
import { goto } from '$app/navigation';

export function readParams<T extends Record<string, string>>(url: URL, defaults: T): T {
  const out = { ...defaults };
  for (const k of Object.keys(defaults)) {
    const v = url.searchParams.get(k);
    if (v !== null) (out as Record<string, string>)[k] = v;
  }
  return out;
}

export function writeParams(url: URL, values: Record<string, string | number>, defaults: Record<string, string | number> = {}) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== '' && v !== undefined && String(v) !== String(defaults[k] ?? '')) p.set(k, String(v));
  const s = p.toString();
  const next = url.pathname + (s ? `?${s}` : '');
  if (next !== url.pathname + url.search) void goto(next, { replaceState: true, keepFocus: true, noScroll: true });
}
