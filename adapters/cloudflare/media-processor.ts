import { parseStorageConfig, readSource } from '../../src/config.js';
import { createBucketMediaStore } from '../../src/media/bucket-store.js';
import { type ProcessorDeps, processUpload } from '../../src/media/processor.js';
import { lazyStart } from '../../src/startup.js';
import { createStorage } from '../../src/storage.js';
import { storageClients } from './deps.js';
import type { Env } from './env.js';
import { createImagesCodec } from './images-codec.js';
import { uploadedKeyOf } from './r2-notification.js';

// The media processor Worker (media.wrangler.toml): its own script, so the API Worker carries no
// image code. It consumes the queue the bucket's event notification feeds (`pending/` prefix only).
let start: (() => Promise<ProcessorDeps>) | undefined;

function depsOf(env: Env): ProcessorDeps {
  const storage = createStorage(
    parseStorageConfig(readSource(env), {
      target: 'cloudflare',
      defaultBackend: 'durable-object',
      backends: { 'durable-object': () => [], kv: () => [], dynamodb: () => [] },
    }),
    storageClients(env),
  );
  if (!env.PARLEY_MEDIA || !env.IMAGES) throw new TypeError('PARLEY_MEDIA (R2) and IMAGES bindings are required');
  return {
    repository: storage.repository,
    media: createBucketMediaStore(env.PARLEY_MEDIA),
    codec: createImagesCodec(env.IMAGES),
  };
}

interface QueueMessage {
  body: unknown;
  ack(): void;
  retry(): void;
}

export default {
  /**
   * One R2 event notification per message. A message that is not an upload (another action, a
   * malformed body) is acknowledged and dropped, so it never wedges the queue; a transient failure
   * is retried (then the queue's dead-letter queue); `processUpload` makes a redelivery harmless.
   */
  async queue(batch: { messages: readonly QueueMessage[] }, env: Env): Promise<void> {
    start ??= lazyStart({ build: () => depsOf(env) });
    const deps = await start();
    for (const message of batch.messages) {
      const key = uploadedKeyOf(message.body);
      if (!key) {
        message.ack();
        continue;
      }
      try {
        const outcome = await processUpload(deps, key);
        console.log(JSON.stringify({ level: 'info', event: 'media_processed', ...outcome }));
        message.ack();
      } catch (error) {
        console.error(JSON.stringify({ level: 'error', event: 'media_failed', key, error: String(error) }));
        message.retry();
      }
    }
  },
};
