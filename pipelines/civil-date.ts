// Day numbers (days since 1970-01-01) as civil dates without a Date object: the demo generator and the
// XLSX reader convert millions of them.

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** Civil date of a day number, proleptic Gregorian (H. Hinnant's days → civil). */
export function ymd(n: number): Ymd {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** A day number as YYYY-MM-DD (four-digit years). */
export function isoDay(days: number): string {
  const { y, m, d } = ymd(days);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}
