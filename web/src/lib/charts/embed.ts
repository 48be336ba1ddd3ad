// vega-embed (with vega and vega-lite) is the largest dependency: it is loaded on demand, once, and
// pages with charts start loading it as they start fetching their data so the two overlap.
type Embed = typeof import('vega-embed');
let pending: Promise<Embed> | null = null;

export function loadEmbed(): Promise<Embed> {
  pending ??= import('vega-embed').catch((e) => {
    pending = null;
    throw e;
  });
  return pending;
}
