import type { ReferenceDocuments } from '../../src/routes/documents.js';

/** The part of the Workers static assets binding (`[assets] binding = "ASSETS"`) used here. */
export interface AssetsBinding {
  fetch(request: Request | string): Promise<Response>;
}

/**
 * The reference documents as static assets (`public/openapi.json`, `public/docs/index.html`), so
 * the Worker script carries neither. Cloudflare serves those paths from the assets before the
 * Worker runs; this answers only when a request reaches the Worker anyway (a `run_worker_first`
 * deploy, or a binding-only test). An asset that is missing is a 503 from the caller's retry point
 * of view: it means the deploy forgot `npm run openapi` / `npm run docs:ui`.
 */
export function assetDocuments(assets: AssetsBinding): ReferenceDocuments {
  const read = async (path: string) => {
    const response = await assets.fetch(new Request(`https://assets.invalid${path}`));
    if (!response.ok) throw new Error(`static asset ${path} answered ${response.status}`);
    return response.text();
  };
  return { openApi: () => read('/openapi.json'), docsPage: () => read('/docs/index.html') };
}
