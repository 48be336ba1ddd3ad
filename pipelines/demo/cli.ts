/**
 * npm run demo-data -- --scale small|city|national --seed N --out <dir> [--as-of YYYY-MM-DD]
 *
 * Writes a folder of synthetic source files exactly per /work/shared/data-contract.md, for trying
 * the platform without real personnel data:
 *   small    2 districts, ~12 squads, ~300 staff — fast, used by the tests
 *   city     Shanghai: 市局, 总队 and 支队, 16 district bureaus with offices, ~220 street squads, ~8,000 staff
 *   national ~45 cities as districts, ~500,000 staff; CSV only, streamed one district at a time
 * Twenty years of history up to as_of (default today in Asia/Shanghai): postings with rotations,
 * loans, renamed and merged squads, ranks on both ladders, appraisals, training, awards and
 * sanctions, cases, recruitment plans. Files mix UTF-8 (with/without BOM), GBK and XLSX, Chinese or
 * English headers with `*` marks and full-width spaces, and every date spelling of the contract.
 * A handful of rows are wrong on purpose (bad checksum, bad date, unknown id or enum) so that the
 * data-quality report has content. Deterministic: the same seed and as_of give the same bytes.
 * Default seed 1; default output data/demo (under DUIWU_DATA_DIR when set).
 */
import { parseArgs } from 'node:util';
import { dataPaths } from '../config.ts';
import { generateDemo } from './generate.ts';
import type { Scale } from './org.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'small' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    'as-of': { type: 'string' },
  },
});

const scale = values.scale as Scale;
if (!['small', 'city', 'national'].includes(scale)) {
  console.error(`--scale 应为 small、city 或 national：${values.scale}`);
  process.exit(2);
}
const seed = Number(values.seed);
if (!Number.isInteger(seed)) {
  console.error(`--seed 应为整数：${values.seed}`);
  process.exit(2);
}
const out = values.out ?? dataPaths().demo;
const summary = await generateDemo({
  scale,
  seed,
  out,
  asOf: values['as-of'],
  onProgress: (done, total, label) => process.stderr.write(`\r生成中 ${done}/${total} ${label}          `),
}).catch((e: Error) => {
  process.stderr.write(`\n演示数据未生成：${e.message}\n`);
  process.exit(1);
});
process.stderr.write('\n');
console.log(`演示数据已写入 ${summary.out}（规模 ${summary.scale}，种子 ${summary.seed}，截至 ${summary.asOf}，用时 ${(summary.ms / 1000).toFixed(1)} 秒）`);
for (const f of summary.files) console.log(`  ${f.file.padEnd(28)} ${String(f.rows).padStart(10)} 行  ${(f.bytes / 1024).toFixed(0).padStart(8)} KB`);
console.log('各实体行数：' + Object.entries(summary.rows).map(([k, v]) => `${k} ${v}`).join('，'));
console.log('有意写错的行：' + Object.entries(summary.deliberateBadRows).map(([k, v]) => `${k} ${v}`).join('，'));
