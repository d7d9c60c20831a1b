import { jsonReply } from '../http/reply.js';
import { HealthSchema } from '../schemas/problem.js';
import { HttpProblem } from '../http/problem.js';
import type { ReferenceDocuments } from './documents.js';
import { defineOperation } from './operation.js';
import type { Services } from './services.js';

function documents(services: Services): ReferenceDocuments {
  if (!services.documents) throw new HttpProblem('not-found', 'This deployment serves no reference documents.');
  return services.documents;
}

export const getHealth = defineOperation(
  {
    operationId: 'getHealth',
    route: 'GET /health',
    summary: 'Liveness: status, version, deploy target and storage backend',
    responses: { 200: { description: 'The service is up.', schema: HealthSchema } },
    problems: [],
    tag: 'meta',
  },
  async ({ services }) => {
    // Not `services.repository.backend`: reading the repository makes the request's store view
    // (counted, deadline-bound), which a liveness answer has no use for.
    const { config } = services;
    return jsonReply(200, {
      status: 'ok',
      version: config.version,
      target: config.target,
      stage: config.stage,
      storage: services.backend,
      ...(await services.health?.()),
    });
  },
);

export const getOpenApi = defineOperation(
  {
    operationId: 'getOpenApi',
    route: 'GET /openapi.json',
    summary: 'This OpenAPI 3.1 document',
    responses: { 200: { description: 'The OpenAPI document.' } },
    problems: [],
    tag: 'meta',
  },
  // Generated with openapi.json (`npm run openapi`) and served as the text it is.
  async ({ services }) => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: await documents(services).openApi(),
  }),
);

const docsPage = async ({ services }: { services: Services }) => ({
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: await documents(services).docsPage(),
});

export const getDocs = defineOperation(
  {
    operationId: 'getDocs',
    route: 'GET /docs',
    summary: 'A browsable reference page for this API (works offline)',
    responses: { 200: { description: 'An HTML page.', mediaType: 'text/html' } },
    problems: [],
    tag: 'meta',
  },
  docsPage,
);
