import { readSource, stageOf } from '../../src/config.js';

/** Where `npm run dev` asks for the notifications of new uploads (local stage only). */
export const LOCAL_NOTIFY_PATH = '/__local/r2-notifications';

/** The part of an R2 bucket binding listing needs. */
export interface ListableBucket {
  list(options: { prefix: string; cursor?: string }): Promise<{
    objects: { key: string; size: number; etag: string; uploaded: Date }[];
    truncated: boolean;
    cursor?: string;
  }>;
}

export interface LocalNotifyEnv {
  PARLEY_MEDIA?: ListableBucket;
  PARLEY_MEDIA_UPLOADS?: { send(body: unknown): Promise<void> };
  MEDIA_BUCKET?: string;
}

// Uploads already announced by this isolate (key and ETag). A repeat would be harmless (the processor
// settles a record once) but costs a decode per poll while the first one is in flight.
const announced = new Set<string>();

/**
 * Local development only (`MEDIA_LOCAL_NOTIFY`, refused by `parseConfig` outside the `local` stage):
 * Miniflare does not emulate R2 event notifications, so `npm run dev` polls this path and each new
 * object under `pending/` is sent to the processor's queue as the message R2 itself would send
 * (https://developers.cloudflare.com/r2/buckets/event-notifications/). The processor then runs
 * exactly as deployed.
 */
export async function notifyLocalUploads(env: LocalNotifyEnv & object): Promise<Response> {
  const { PARLEY_MEDIA: bucket, PARLEY_MEDIA_UPLOADS: queue, MEDIA_BUCKET: name } = env;
  if (stageOf(readSource(env)) !== 'local' || !bucket || !queue || !name) return new Response(null, { status: 404 });
  let sent = 0;
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: 'pending/', ...(cursor ? { cursor } : {}) });
    for (const object of page.objects) {
      const id = `${object.key} ${object.etag}`;
      if (announced.has(id)) continue;
      await queue.send({
        account: 'local',
        action: 'PutObject',
        bucket: name,
        object: { key: object.key, size: object.size, eTag: object.etag },
        eventTime: object.uploaded.toISOString(),
      });
      announced.add(id);
      sent += 1;
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return Response.json({ sent });
}
