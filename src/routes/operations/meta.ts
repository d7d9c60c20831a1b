import { HealthSchema } from '../../schemas/problem.js';
import { defineOperation } from '../operation.js';

export const getHealth = defineOperation({
  operationId: 'getHealth',
  method: 'GET',
  path: '/health',
  tag: 'meta',
  summary: 'Liveness: status, version, deploy target and storage backend',
  auth: false,
  responses: { 200: { description: 'The service is up.', schema: HealthSchema } },
  problems: [],
});

export const getOpenApi = defineOperation({
  operationId: 'getOpenApi',
  method: 'GET',
  path: '/openapi.json',
  tag: 'meta',
  summary: 'This OpenAPI 3.1 document',
  auth: false,
  responses: { 200: { description: 'The OpenAPI document.' } },
  problems: [],
});

export const getDocs = defineOperation({
  operationId: 'getDocs',
  method: 'GET',
  path: '/docs',
  tag: 'meta',
  summary: 'A browsable reference page for this API (works offline)',
  auth: false,
  responses: { 200: { description: 'An HTML page.', mediaType: 'text/html' } },
  problems: [],
});
