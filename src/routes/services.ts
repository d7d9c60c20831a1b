import type { ParleyConfig } from '../config.js';
import type { AppDeps } from '../deps.js';
import type { CursorSigner } from '../http/cursor.js';
import type { LogSink } from '../http/errors.js';
import type { MediaStore } from '../media/store.js';
import type { Repository } from '../repository/port.js';

/** What route handlers use, built once per app from its `AppDeps`. */
export interface Services {
  config: ParleyConfig;
  /** Bounded by the request's deadline (`src/http/deadline.ts`) while a request runs. */
  repository: Repository;
  /** For recording or releasing an idempotency key after the request's work: bounded by the lease. */
  outcomes: Repository;
  now(): Date;
  /** A new time-sortable id (ULID), monotonic within this app instance. */
  newId(): string;
  cursors: CursorSigner;
  /** Where attachment bytes live; absent on a target without one (attachment routes answer 503). */
  media: MediaStore | undefined;
  log: LogSink;
  health: AppDeps['health'];
  countedRepository: AppDeps['countedRepository'];
  /** The backend's name (`Repository.backend`), read once: a request's store view is made only when used. */
  backend: string;
  realtime: AppDeps['realtime'];
  documents: AppDeps['documents'];
}
