import { DOCS_PAGE } from './docs-page.js';
import type { ReferenceDocuments } from './documents.js';
import { openApiText } from './openapi-document.js';

/** The documents carried in the bundle (Lambda, Lambda@Edge, Node, Greengrass): see `ReferenceDocuments`. */
export const EMBEDDED_DOCUMENTS: ReferenceDocuments = {
  openApi: openApiText,
  docsPage: async () => DOCS_PAGE,
};
