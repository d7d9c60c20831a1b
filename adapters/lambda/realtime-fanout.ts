import { fanOut } from '../../src/realtime/fan-out.js';
import type { StreamRecordLike } from '../../src/realtime/stream-changes.js';
import { lazyStart } from '../../src/startup.js';
import { createRealtimeLambdaDeps } from './realtime-deps.js';

const start = lazyStart({ build: () => createRealtimeLambdaDeps(process.env) });

/**
 * The fan-out function, fed by the table's DynamoDB Stream (`NEW_AND_OLD_IMAGES`). A failure rejects
 * the batch, which the event source mapping retries (at least once); a failed start does too.
 */
export async function handler(event: { Records?: StreamRecordLike[] }): Promise<void> {
  await fanOut(event.Records ?? [], await start());
}
