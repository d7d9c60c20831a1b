import { changeEvents } from './changes.js';
import { type StreamRecordLike, streamChange, withParticipants } from './stream-changes.js';

/** One open connection of a user, as the connections store keeps it (AWS: API Gateway's `connectionId`). */
export interface StoredConnection {
  userId: string;
  connectionId: string;
}

/** Where connections are kept across function instances (AWS: the table, items with a TTL). */
export interface ConnectionStore {
  ofUser(userId: string): Promise<StoredConnection[]>;
  remove(connection: StoredConnection): Promise<void>;
}

/** Sends one frame to one connection: `gone` when the platform says it no longer exists (410). */
export type PostToConnection = (connectionId: string, text: string) => Promise<'sent' | 'gone'>;

export interface FanOutDeps {
  connections: ConnectionStore;
  post: PostToConnection;
  /** The conversation's participants (for message records, which do not carry them). */
  participants(conversationId: string): Promise<readonly string[]>;
}

/**
 * The fan-out use case: each stream record (in the shard's order, so per conversation in commit
 * order) becomes its events, sent to every connection of every recipient. A connection the platform
 * reports gone is deleted. Any other failure rejects, so the platform retries the batch: at least
 * once, and a record delivered twice sends its events twice (clients key them by id and version).
 * Records that carry nothing (other items, removals, rewrites of the same version) send nothing.
 * Answers how many frames were sent.
 */
export async function fanOut(records: readonly StreamRecordLike[], deps: FanOutDeps): Promise<number> {
  let sent = 0;
  for (const record of records) {
    const found = streamChange(record);
    if (!found) continue;
    const change = await withParticipants(found, deps.participants);
    for (const { event, recipients } of changeEvents(change)) {
      const text = JSON.stringify(event);
      const targets = (
        await Promise.all([...new Set(recipients)].map((userId) => deps.connections.ofUser(userId)))
      ).flat();
      await Promise.all(
        targets.map(async (connection) => {
          if ((await deps.post(connection.connectionId, text)) === 'gone') await deps.connections.remove(connection);
          else sent += 1;
        }),
      );
    }
  }
  return sent;
}
