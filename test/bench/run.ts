// `npm run bench`: every benchmark of the project, results printed and written to test/bench/results/.
//   npm run bench                 # all
//   npm run bench -- pipeline     # one (pipeline | api | web)
//   DUIWU_BENCH_SCALES=city npm run bench -- pipeline
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../pipelines/config.ts';

const which = process.argv.slice(2);
const all: Record<string, string> = {
  pipeline: './pipeline.bench.ts',
  api: './api.bench.ts',
  web: './web.bench.ts',
};
const resultsDir = path.join(repoRoot, 'test/bench/results');
fs.mkdirSync(resultsDir, { recursive: true });

for (const [name, file] of Object.entries(all)) {
  if (which.length && !which.includes(name)) continue;
  if (!fs.existsSync(path.join(repoRoot, 'test/bench', file))) {
    process.stdout.write(`(${name}: no benchmark yet)\n`);
    continue;
  }
  const mod = (await import(file)) as { run: () => Promise<string> };
  process.stdout.write(`\n## ${name}\n`);
  const report = await mod.run();
  process.stdout.write(report + '\n');
  // The engineers' notes below the measured table (from "## Notes" on) are kept across runs.
  const resultFile = path.join(resultsDir, `${name}.md`);
  const before = fs.existsSync(resultFile) ? fs.readFileSync(resultFile, 'utf8') : '';
  const notes = before.includes('\n## Notes') ? before.slice(before.indexOf('\n## Notes')) : '';
  fs.writeFileSync(resultFile, `# ${name} benchmark\n\n${new Date().toISOString()}\n\n${report}\n${notes}`);
}
