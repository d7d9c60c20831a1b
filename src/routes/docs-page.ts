/**
 * `GET /docs`: a self-contained reference page (no CDN, works offline). Its inline script fetches
 * the OpenAPI document next to it and lists every operation with its parameters, body, responses
 * and schemas — a few KB instead of a Swagger UI bundle, to stay inside the Workers size budget.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Parley API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{margin-bottom:0}code,pre{font:13px ui-monospace,monospace;background:#f4f4f6;border-radius:4px}
pre{padding:.6rem;overflow:auto;max-height:24rem}details{border:1px solid #ddd;border-radius:6px;margin:.4rem 0;padding:.3rem .7rem}
summary{cursor:pointer}.m{display:inline-block;min-width:4.2rem;font-weight:700}.GET{color:#0a7}.POST{color:#07c}
.PUT{color:#a60}.PATCH{color:#a0a}.DELETE{color:#c22}table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #eee;text-align:left}
</style></head><body>
<h1>Parley API</h1><p id="info">Loading <a href="openapi.json">openapi.json</a>…</p><main id="ops"></main>
<script>
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const json = (v) => '<pre>' + esc(JSON.stringify(v, null, 2)) + '</pre>';
fetch('openapi.json').then((r) => r.json()).then((doc) => {
  document.getElementById('info').innerHTML = esc(doc.info.title + ' ' + doc.info.version) +
    ' — <a href="openapi.json">openapi.json</a><details><summary>About</summary><pre>' + esc(doc.info.description) + '</pre></details>';
  let html = '';
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const m = method.toUpperCase();
      html += '<details><summary><span class="m ' + m + '">' + m + '</span><code>' + esc(path) + '</code> ' + esc(op.summary) + '</summary>';
      if (op.description) html += '<p>' + esc(op.description) + '</p>';
      if (op.security && op.security.length) html += '<p>Needs <code>Authorization: Bearer &lt;token&gt;</code>.</p>';
      if (op.parameters) html += '<table><tr><th>parameter</th><th>in</th><th>schema</th></tr>' + op.parameters.map((p) =>
        '<tr><td><code>' + esc(p.name) + '</code>' + (p.required ? ' *' : '') + '</td><td>' + esc(p.in) + '</td><td>' + esc(JSON.stringify(p.schema)) + '</td></tr>').join('') + '</table>';
      const body = op.requestBody && op.requestBody.content['application/json'];
      if (body) html += '<h4>Body</h4>' + json(body.schema);
      html += '<h4>Responses</h4><ul>' + Object.entries(op.responses).map(([s, r]) => '<li><b>' + esc(s) + '</b> ' + esc(r.description || r.$ref) + '</li>').join('') + '</ul></details>';
    }
  }
  html += '<h2>Schemas</h2>' + Object.entries(doc.components.schemas).map(([n, s]) => '<details><summary><code>' + esc(n) + '</code></summary>' + json(s) + '</details>').join('');
  document.getElementById('ops').innerHTML = html;
}).catch((e) => { document.getElementById('info').textContent = 'Could not load openapi.json: ' + e; });
</script></body></html>
`;
