// Reads every source file of the input folder into typed `src_<entity>` tables and `rejects`.
// (Interface fixed here; implementation by the readers work.)
import type { Db } from './db.ts';
import type { EntityName } from './sources/types.ts';

export interface FileReport {
  file: string;
  entity: EntityName;
  sheet: string | null;
  encoding: 'utf-8' | 'utf-8-bom' | 'gb18030' | 'xlsx';
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  ignoredColumns: string[];
}

export interface LoadOptions {
  runId: string;
  /** Key of the id-number HMAC; created on first use. */
  secretKeyFile: string;
  maxRejectRatio: number;
  onProgress?: (done: number, total: number, label?: string) => void;
  onValidate?: (done: number, total: number, label?: string) => void;
}

export interface LoadResult {
  files: FileReport[];
  /** Optional entities with no file: their src_ table exists, empty. */
  missingEntities: EntityName[];
}

export async function loadSources(_db: Db, _inputDir: string, _opts: LoadOptions): Promise<LoadResult> {
  throw new Error('not implemented yet');
}
