// Operational security and transport settings of the API (not business policy, which lives in
// pipelines/rules/): each can be overridden by an environment variable of the same name.
function num(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

export const settings = {
  /** A session ends this long after login, whatever the activity. */
  sessionHours: num('DUIWU_SESSION_HOURS', 8),
  /** Failed logins in a row before the account is locked, and for how long. */
  lockoutFailures: num('DUIWU_LOCKOUT_FAILURES', 5),
  lockoutMinutes: num('DUIWU_LOCKOUT_MINUTES', 15),
  passwordMinLength: num('DUIWU_PASSWORD_MIN_LENGTH', 10),
  /** JSON bodies are small forms; anything larger is refused before parsing. */
  jsonBodyBytes: num('DUIWU_JSON_BODY_BYTES', 256 * 1024),
  uploadFileBytes: num('DUIWU_UPLOAD_FILE_BYTES', 100 * 1024 * 1024),
  uploadFiles: num('DUIWU_UPLOAD_FILES', 50),
  /** An upload is parsed in memory: the whole request is capped too. */
  uploadTotalBytes: num('DUIWU_UPLOAD_TOTAL_BYTES', 512 * 1024 * 1024),
  pageSizeMax: num('DUIWU_PAGE_SIZE_MAX', 500),
  /** List pages kept as sent (route.ts): a 50-row page is ~30 KB; the cap bounds 500-row pages too. */
  pageCacheEntries: num('DUIWU_PAGE_CACHE_ENTRIES', 1000),
  /** An export is one workbook in memory: cap its rows. */
  exportRowsMax: num('DUIWU_EXPORT_ROWS_MAX', 200_000),
  /**
   * Audit rows are gathered this long before they are written together: one DuckDB commit costs
   * about as much as a hundred rows, so under load a batch per gather beats a batch per commit.
   */
  auditGatherMs: num('DUIWU_AUDIT_GATHER_MS', 25),
  cookieName: 'duiwu_session',
};
