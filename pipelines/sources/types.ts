// The shape of a source definition: one per input entity of data-contract.md.
// The loader turns every file of an entity into the typed table (or view) `src_<entity>`:
//   _file VARCHAR, _sheet VARCHAR, _row INTEGER (row number as Excel shows it),
//   then every column below, in order, typed as follows (missing optional columns are NULL):
//     text / enum / id_number → VARCHAR (trimmed, '' → NULL, enum = canonical value)
//     date → DATE, integer → INTEGER, number → DOUBLE, boolean (是/否) → BOOLEAN

export type EntityName =
  | 'units'
  | 'staff'
  | 'postings'
  | 'ranks'
  | 'appraisals'
  | 'training'
  | 'awards'
  | 'cases'
  | 'recruitment_plans';

export type ColumnType = 'text' | 'enum' | 'date' | 'integer' | 'number' | 'boolean' | 'id_number';

export interface ColumnDef {
  name: string;
  /** Chinese (and alternative English) headers accepted for this column. */
  aliases: string[];
  type: ColumnType;
  /** true: row rejected when empty; 'when' expression (SQL over typed columns) for conditional requirement. */
  required: boolean | { when: string };
  /** enum: canonical values; `synonyms` maps other spellings users write onto them. */
  values?: readonly string[];
  synonyms?: Record<string, string>;
  /** Canonical value used when the cell is empty (e.g. posting_type 任职). */
  default?: string;
  min?: number;
  /** true: the bound itself is out of range (hours > 0). */
  exclusiveMin?: boolean;
  max?: number;
  /** Referential check against another entity's key column. */
  ref?: { entity: EntityName; column: string };
}

/** A check over a typed row (SQL boolean expression true when the row is BAD). */
export interface RowCheck {
  code: string;
  column: string;
  bad: string;
}

export interface SourceDef {
  entity: EntityName;
  /** Chinese name used in messages (机构, 人员 …). */
  label: string;
  /** File-name starts that identify the entity, English and Chinese. */
  prefixes: string[];
  /** Needed for any refresh. */
  required: boolean;
  columns: ColumnDef[];
  /** Columns whose combination must be unique (duplicate rows after the first are rejected). */
  key?: string[];
  checks?: RowCheck[];
}
