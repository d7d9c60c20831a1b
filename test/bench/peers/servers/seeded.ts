import { writeFileSync } from 'node:fs';
import { nodePlatform } from '../../../../adapters/node/deps.js';
import { createApp } from '../../../../src/app.js';
import { parseConfig } from '../../../../src/config.js';
import { createMemoryRepository } from '../../../../src/repository/memory/index.js';
import { seedThrough } from '../../seed.js';
import { type MessageStore, messageStore, PEER_SECRET } from '../store.js';

/**
 * A peer server's data: a memory repository seeded with the same conversation and page of messages
 * as Parley's server gets (through Parley's own API, in this process, before the peer serves), and
 * the seeded list's path and caller written to `$SEED_OUT` for the benchmark to ask for.
 */
export async function seededStore(): Promise<MessageStore> {
  const repository = createMemoryRepository();
  const parley = createApp({
    config: parseConfig({ AUTH_HS256_SECRET: PEER_SECRET, CURSOR_SECRET: PEER_SECRET }, nodePlatform('node')),
    repository,
    log: () => {},
  });
  const seeded = await seedThrough(async (request) => parley.fetch(request), PEER_SECRET);
  if (process.env.SEED_OUT) writeFileSync(process.env.SEED_OUT, JSON.stringify(seeded));
  return messageStore(repository);
}

export const PORT = Number(process.env.PORT ?? 3000);
