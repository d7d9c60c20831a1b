import { createServer } from 'node:http';
import { jwtVerify } from 'jose';
import { PEER_HEALTH, PEER_SECRET } from '../store.js';
import { PORT, seededStore } from './seeded.js';

const store = await seededStore();
const key = await crypto.subtle.importKey(
  'raw',
  new TextEncoder().encode(PEER_SECRET),
  { name: 'HMAC', hash: 'SHA-256' },
  false,
  ['verify'],
);
const health = JSON.stringify(PEER_HEALTH);
const LIST = /^\/v1\/conversations\/([0-9A-HJKMNP-TV-Z]{26})\/messages$/;

/** Peer server: raw node:http, jose verifying HS256 per request (key imported once), checks by hand. */
createServer(async (request, response) => {
  const send = (status: number, body: string) => {
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  };
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname === '/health') return send(200, health);
  const match = LIST.exec(url.pathname);
  if (!match || request.method !== 'GET') return send(404, '{"title":"not found"}');
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  let sub: unknown;
  try {
    sub = (await jwtVerify(token ?? '', key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] })).payload.sub;
  } catch {
    return send(401, '{"title":"unauthorized"}');
  }
  const limit = Number(url.searchParams.get('limit') ?? 25);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return send(400, '{"title":"bad limit"}');
  const page = await store.list(match[1]!, String(sub), limit, url.searchParams.get('cursor') ?? undefined);
  return page ? send(200, JSON.stringify(page)) : send(404, '{"title":"not found"}');
}).listen(PORT, '127.0.0.1');
