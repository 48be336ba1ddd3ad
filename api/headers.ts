// The headers every answer carries: security headers (hono's secureHeaders, taken once from a probe)
// and, under /api, `cache-control: no-store` (answers name people).
//
// Most answers get them after their handler, on the finished response. That makes @hono/node-server
// build a full web Response and encode the body again, and setting them before the handler makes hono
// keep a web Headers object per request: both cost a tenth or more of a cached read. So the hot
// answers (kept list pages, profile documents) are built by `jsonAnswer` with every header already
// in a plain object, which node-server writes as it is, and are left alone afterwards.
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

const secure = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    // SvelteKit's static build boots from an inline script; Vega compiles expressions at run time.
    scriptSrc: ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    connectSrc: ["'self'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
    baseUri: ["'self'"],
    objectSrc: ["'none'"],
  },
  crossOriginEmbedderPolicy: false,
  referrerPolicy: 'same-origin',
});

let fixed: Record<string, string> | undefined;
let json: Record<string, string> | undefined;
/** Answers made by jsonAnswer: they carry every header already. */
const complete = new WeakSet<Response>();

async function probe(): Promise<Record<string, string>> {
  const app = new Hono();
  app.use('*', secure);
  app.get('*', (c) => c.body(null, 204));
  const out: Record<string, string> = {};
  (await app.request('/')).headers.forEach((v, k) => (out[k] = v));
  return out;
}

/** Adds the headers to every answer that does not carry them yet. */
export function answerHeaders(): MiddlewareHandler {
  return async (c: Context, next) => {
    if (!fixed) {
      fixed = await probe();
      json = { ...fixed, 'cache-control': 'no-store', 'content-type': 'application/json' };
    }
    await next();
    const res = c.res;
    if (complete.has(res)) return;
    // as hono's secureHeaders does (c.header would copy a finished response once per header)
    for (const k in fixed) res.headers.set(k, fixed[k]);
    if (c.req.path.startsWith('/api/')) res.headers.set('cache-control', 'no-store');
  };
}

/** A 200 JSON answer of an /api route, already serialized, with every header of answerHeaders. */
export function jsonAnswer(body: string | Uint8Array<ArrayBuffer>): Response {
  if (!json) throw new Error('jsonAnswer before the answerHeaders middleware ran');
  const r = new Response(body, { status: 200, headers: json });
  complete.add(r);
  return r;
}
