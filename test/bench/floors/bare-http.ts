import { createServer } from 'node:http';
import { FLOOR_HEALTH } from './health.js';

/** Process-start and throughput floor: `node:http` answering `/health` with JSON on 127.0.0.1:$PORT. */
const body = JSON.stringify(FLOOR_HEALTH);
createServer((request, response) => {
  if (request.url === '/health') {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  } else {
    response.writeHead(404).end();
  }
}).listen(Number(process.env.PORT), '127.0.0.1');
