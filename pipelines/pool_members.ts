// Confirmed talent-pool members, read from the operational store (data/app.duckdb, written by the API)
// so that the pools mart can propose stay / exit for members and enter for everyone else.
// The store is optional: before the API has confirmed anyone, everybody is a non-member.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ident, lit, type Db } from './db.ts';

export interface PoolMembersResult {
  members: number;
  /** Where the rows came from: the store itself, a copy of it (the API held the lock), or nowhere. */
  source: 'store' | 'copy' | 'absent';
}

/** Creates tmp_pool_members(staff_id, pool, since): current members (until IS NULL) of every pool. */
export async function loadPoolMembers(db: Db, appDbPath: string): Promise<PoolMembersResult> {
  await db.run(`create or replace table tmp_pool_members (staff_id varchar, pool varchar, since date)`);
  if (!fs.existsSync(appDbPath)) return { members: 0, source: 'absent' };

  let source: PoolMembersResult['source'] = 'store';
  let copyDir: string | undefined;
  try {
    try {
      await db.run(`attach ${lit(appDbPath)} as pool_store (read_only)`);
    } catch {
      // The API process holds the write lock on app.duckdb: read a copy of it instead.
      copyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duiwu-pool-store-'));
      const copy = path.join(copyDir, 'app.duckdb');
      fs.copyFileSync(appDbPath, copy);
      if (fs.existsSync(`${appDbPath}.wal`)) fs.copyFileSync(`${appDbPath}.wal`, `${copy}.wal`);
      await db.run(`attach ${lit(copy)} as pool_store`);
      source = 'copy';
    }
    const columns = await db.all<{ column_name: string; schema_name: string }>(
      `select column_name, schema_name from duckdb_columns() where database_name = 'pool_store' and table_name = 'pool_members'`,
    );
    if (columns.length > 0) {
      const schema = columns[0].schema_name;
      const names = new Set(columns.map((c) => c.column_name));
      // the API stores since as text: a date, or an ISO timestamp whose first 10 characters are the date
      const since = names.has('since') ? 'try_cast(left(since::varchar, 10) as date)' : 'null::date';
      const current = names.has('until') ? 'where until is null' : '';
      await db.run(
        `insert into tmp_pool_members
         select staff_id::varchar, pool::varchar, min(${since})
         from pool_store.${ident(schema)}.pool_members ${current}
         group by all`,
      );
    }
    await db.run(`detach pool_store`);
  } finally {
    if (copyDir) fs.rmSync(copyDir, { recursive: true, force: true });
  }
  const members = await db.value<number>(`select count(*)::int from tmp_pool_members`);
  return { members, source };
}
