/**
 * Where `GET /openapi.json` and `GET /docs` get their bodies. On Workers they are static assets
 * (`public/`, `[assets]` in wrangler.toml: not part of the script, so not of its size budget);
 * elsewhere the generated text carried in the bundle (`EMBEDDED_DOCUMENTS`). An app without them
 * answers those routes 404.
 */
export interface ReferenceDocuments {
  openApi(): Promise<string>;
  docsPage(): Promise<string>;
}
