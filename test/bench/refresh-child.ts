// One refresh in its own process, so that its peak RSS is its own.
import { refresh } from '../../pipelines/refresh.ts';

const [input, asOf, dataDir] = process.argv.slice(2);
const t0 = performance.now();
const result = await refresh({ input, asOf, dataDir });
const wallMs = performance.now() - t0;
process.stdout.write(JSON.stringify({ wallMs, maxRssKb: process.resourceUsage().maxRSS, result }) + '\n');
