import type { ParleyConfig } from '../config.js';
import type { AppDeps } from '../deps.js';
import type { CursorSigner } from '../http/cursor.js';
import type { LogSink } from '../http/errors.js';
import type { Repository } from '../repository/port.js';

/** What route handlers use, built once per app from its `AppDeps`. */
export interface Services {
  config: ParleyConfig;
  repository: Repository;
  now(): Date;
  /** A new time-sortable id (ULID), monotonic within this app instance. */
  newId(): string;
  cursors: CursorSigner;
  log: LogSink;
  health: AppDeps['health'];
  countedRepository: AppDeps['countedRepository'];
}
