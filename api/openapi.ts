// The OpenAPI document, generated from the route table and the very zod schemas that validate
// requests; and a small self-contained page listing the operations (no CDN, no Swagger UI assets
// offline).
import { z } from 'zod';
import type { RouteDef } from './route.ts';
import { roleLabels } from './messages.ts';

function schemaOf(s: z.ZodType | undefined): Record<string, unknown> | undefined {
  if (!s) return undefined;
  try {
    return z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  } catch {
    return { type: 'object' };
  }
}

function access(def: RouteDef): string {
  if (def.access === 'public') return '无需登录';
  if (def.access === 'user') return '任何已登录用户';
  return [...def.access, 'admin'].filter((r, i, a) => a.indexOf(r) === i).map((r) => roleLabels[r as keyof typeof roleLabels]).join('、');
}

export function openApiDocument(routes: RouteDef[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const def of routes) {
    const p = '/api' + def.path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [['query', def.query], ['path', def.params]] as const) {
      const js = schemaOf(schema) as { properties?: Record<string, unknown>; required?: string[] } | undefined;
      for (const [name, s] of Object.entries(js?.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (js?.required ?? []).includes(name), schema: s });
      }
    }
    const ok = String(def.status ?? 200);
    const content =
      def.produces === 'xlsx'
        ? { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {} }
        : def.produces === 'sse'
          ? { 'text/event-stream': {} }
          : { 'application/json': {} };
    (paths[p] ??= {})[def.method] = {
      summary: def.summary,
      description: `权限：${access(def)}${def.person ? '；涉及具体人员，按数据范围过滤并记入审计日志' : ''}`,
      tags: [def.path.split('/')[1]],
      parameters,
      ...(def.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(def.body) } } } } : {}),
      ...(def.method === 'post' && def.path === '/refreshes'
        ? { requestBody: { content: { 'multipart/form-data': { schema: { type: 'object', properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } }, as_of: { type: 'string', format: 'date' } } } } } } }
        : {}),
      responses: {
        [ok]: ok === '204' ? { description: '成功' } : { description: '成功', content },
        '400': { description: '参数错误：{ error: { code, message } }，message 指明字段' },
        '401': { description: '未登录' },
        '403': { description: '角色无权' },
      },
      ...(def.access === 'public' ? { security: [] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'duiwu 队伍 API', version: '0.1.0', description: '城管执法队伍分析平台接口。登录后以会话 Cookie 访问；错误统一为 { "error": { "code", "message" } }。' },
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'duiwu_session' } } },
    security: [{ session: [] }],
    paths,
  };
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function docsPage(doc: Record<string, unknown>): string {
  const paths = doc.paths as Record<string, Record<string, { summary: string; description: string; parameters: { name: string; in: string; required: boolean }[]; requestBody?: unknown }>>;
  const rows = Object.entries(paths)
    .flatMap(([p, ops]) =>
      Object.entries(ops).map(
        ([m, op]) => `<tr><td class="m ${m}">${m.toUpperCase()}</td><td><code>${esc(p)}</code></td><td>${esc(op.summary)}<div class="d">${esc(op.description)}</div></td><td>${op.parameters
          .map((x) => `<code>${esc(x.name)}</code>${x.required ? '*' : ''}`)
          .join(' ')}${op.requestBody ? ' <em>请求体</em>' : ''}</td></tr>`,
      ),
    )
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>duiwu API 文档</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:6px;text-align:left;vertical-align:top}
.m{font-weight:bold;font-family:monospace}.get{color:#0a6}.post{color:#06c}.put{color:#c60}.delete{color:#c00}.d{color:#666;font-size:12px}</style></head>
<body><h1>duiwu 队伍 API</h1><p>机器可读文档：<a href="/api/openapi.json">/api/openapi.json</a>（OpenAPI 3.1，由校验请求的同一组 schema 生成）。</p>
<table><thead><tr><th>方法</th><th>路径</th><th>说明</th><th>参数（*必填）</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}
