// What the CLI summary prints after the file table: each query returns rows of (label, value).
// One entry per domain; the queries read published marts only.
export interface SummaryQuery {
  section: string;
  sql: string;
}

export const summaryQueries: SummaryQuery[] = [
  // rotation
  // promotion & training
  // talent
];
