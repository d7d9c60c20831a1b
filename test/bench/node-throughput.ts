import type { BenchRow } from './report.js';
import { NODE_SERVER_ENV } from './process-start.js';
import { freePort, startNodeServer, stopProcess } from './processes.js';
import { seedMessageList } from './seed.js';
import { throughputRows, type ThroughputOptions } from './throughput.js';

/** Node HTTP throughput: the built Node server (memory storage) against a bare `node:http` server, each its own process. */
export async function nodeThroughputRows(
  server: string,
  floor: string,
  options: ThroughputOptions,
): Promise<BenchRow[]> {
  const [parleyPort, floorPort] = await Promise.all([freePort(), freePort()]);
  const parley = await startNodeServer(server, parleyPort, NODE_SERVER_ENV);
  try {
    const bare = await startNodeServer(floor, floorPort, {});
    try {
      const base = `http://127.0.0.1:${parleyPort}`;
      const messages = await seedMessageList(base, NODE_SERVER_ENV.AUTH_HS256_SECRET);
      return await throughputRows(
        'Node HTTP',
        { health: { url: `${base}/health` }, floor: { url: `http://127.0.0.1:${floorPort}/health` }, messages },
        options,
      );
    } finally {
      await stopProcess(bare);
    }
  } finally {
    await stopProcess(parley);
  }
}
