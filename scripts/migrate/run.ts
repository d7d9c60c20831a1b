import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Conversation, Message, User } from '../../src/domain/model.js';
import type { Digest } from '../../src/migration/ids.js';
import type { MigrationMapping } from '../../src/migration/mapping.js';
import {
  type Adjustment,
  type AttachmentOutcome,
  type Collection,
  COLLECTIONS,
  MigrationPlan,
  type Verdict,
} from '../../src/migration/plan.js';
import { Rejection } from '../../src/migration/rejection.js';
import { describeValue, type SourceDocument } from '../../src/migration/values.js';
import { ConflictError, NotFoundError, StoreUnavailableError } from '../../src/repository/errors.js';
import type { Repository } from '../../src/repository/port.js';
import { type AttachmentSink, linkAttachments } from './attachments.js';
import { type Checkpoint, loadCheckpoint, removeCheckpoint, saveCheckpoint } from './checkpoint.js';
import { sameConversation, sameValue } from './compare.js';
import { JsonlFile, writeJsonAtomically } from './outputs.js';
import { Progress } from './progress.js';
import { decodeRecord, type RawRecord, sha256, type Source } from './sources/source.js';
import { verifyTarget, type VerifyReport } from './verify.js';

export interface MigrateOptions {
  source: Source;
  mapping: MigrationMapping;
  /** Where to write; `null` for a dry run that does not verify (no target is contacted at all). */
  target: { repository: Repository; name: string } | null;
  live: boolean;
  resume?: boolean;
  verify?: boolean;
  /** Folder for errors.jsonl, adjustments.jsonl, attachments.jsonl, conflicts.jsonl, checkpoint.json, report.json. */
  outDir: string;
  /** Documents per acknowledged batch (a checkpoint after each). Default 100. */
  batchSize?: number;
  /** Writes in flight at once. Default 16. */
  concurrency?: number;
  /** Share of messages (and users, for their conversation lists) deep-compared by `--verify`. Default 0.01. */
  sampleRate?: number;
  attachments?: AttachmentSink;
  progress?: Progress;
  digest?: Digest;
  /** Backoff for a store that is throttling or unreachable, beyond the backend's own retries. */
  retry?: { attempts?: number; baseMs?: number; maxMs?: number; sleep?: (ms: number) => Promise<void> };
}

export interface CollectionReport {
  /** Documents in the source (rejected ones included). */
  read: number;
  accepted: number;
  rejected: number;
  rejections: Record<string, number>;
  /** Accepted documents changed to fit Parley's rules (handles, cut display names, …). */
  adjusted: number;
  written: number;
  unchanged: number;
  conflicts: number;
  conflictReasons: Record<string, number>;
}

export interface MigrationReport {
  source: string;
  target: string | null;
  mode: 'dry-run' | 'live';
  resumed: boolean;
  startedAt: string;
  finishedAt: string;
  collections: Record<Collection, CollectionReport>;
  handles: { changed: number };
  attachments: { listed: number; kept: number; leftOut: number; sink: string };
  /** Store calls retried after throttling or an unreachable store (beyond the backend's own retries). */
  retries: number;
  verify: VerifyReport | null;
  outputs: Record<'errors' | 'adjustments' | 'attachments' | 'conflicts' | 'report', string>;
  warnings: string[];
}

type Outcome = 'written' | 'unchanged' | { conflict: string; detail: string; stored?: unknown };

const emptyCollection = (): CollectionReport => ({
  read: 0,
  accepted: 0,
  rejected: 0,
  rejections: {},
  adjusted: 0,
  written: 0,
  unchanged: 0,
  conflicts: 0,
  conflictReasons: {},
});

/**
 * One migration run (`npm run migrate`; docs/migration.md):
 *
 * 1. Index pass, always, read-only: every collection is read once in order (users, conversations,
 *    messages); each document is decoded and mapped, and checked against Parley's rules and the
 *    documents before it (`MigrationPlan`). Rejections go to `errors.jsonl`, changes made to fit the
 *    rules to `adjustments.jsonl`, every attachment to `attachments.jsonl`. Handles are decided after
 *    the users, each conversation's newest message after the messages. A dry run stops here.
 * 2. Write pass (`--live`): each collection is read again and its accepted records written through
 *    the repository port, `batchSize` at a time, `concurrency` in flight, a checkpoint after each
 *    batch. Conversations are created with their final activity, so posting their messages changes
 *    no index. An id already stored with equal content is "unchanged"; with other content a
 *    conflict (`conflicts.jsonl`), never overwritten.
 * 3. `--verify`: counts and a sampled deep comparison of source and target (`./verify.ts`).
 */
export async function migrate(options: MigrateOptions): Promise<MigrationReport> {
  const startedAt = new Date().toISOString();
  const { source, mapping, target, live } = options;
  if ((live || options.verify) && !target) throw new Error('a live run or --verify needs a target');
  const progress = options.progress ?? new Progress();
  const batchSize = options.batchSize ?? 100;
  const concurrency = options.concurrency ?? 16;
  const sink = options.attachments ?? linkAttachments;
  const plan = new MigrationPlan(mapping, options.digest ?? sha256);
  await mkdir(options.outDir, { recursive: true });
  const path = (name: string) => join(options.outDir, name);
  const outputs = {
    errors: path('errors.jsonl'),
    adjustments: path('adjustments.jsonl'),
    attachments: path('attachments.jsonl'),
    conflicts: path('conflicts.jsonl'),
    report: path('report.json'),
  };
  const checkpointPath = path('checkpoint.json');
  const report: MigrationReport = {
    source: source.description,
    target: target?.name ?? null,
    mode: live ? 'live' : 'dry-run',
    resumed: false,
    startedAt,
    finishedAt: startedAt,
    collections: { users: emptyCollection(), conversations: emptyCollection(), messages: emptyCollection() },
    handles: { changed: 0 },
    attachments: { listed: 0, kept: 0, leftOut: 0, sink: sink.name },
    retries: 0,
    verify: null,
    outputs,
    warnings: [],
  };

  // The checkpoint of an earlier run: continued with --resume, else discarded (a fresh run is idempotent anyway).
  const fingerprint = await source.fingerprint();
  let checkpoint: Checkpoint | null = null;
  if (live) {
    const stored = await loadCheckpoint(checkpointPath);
    if (options.resume && stored) {
      if (stored.fingerprint !== fingerprint) {
        throw new Error(
          '--resume: the input files changed since the checkpoint was written (size or time); run without --resume',
        );
      }
      if (stored.target !== target?.name) {
        throw new Error(`--resume: the checkpoint is for ${stored.target}, not ${target?.name}; run without --resume`);
      }
      checkpoint = stored;
      report.resumed = true;
    } else if (stored) {
      await removeCheckpoint(checkpointPath);
    }
  }

  for (const name of COLLECTIONS) {
    if (source.collection(mapping.collections[name]).file === null) {
      report.warnings.push(`the source has no ${mapping.collections[name]} collection: nothing to migrate for ${name}`);
    }
  }

  // 1. Index pass -----------------------------------------------------------------------------------
  const errors = new JsonlFile(outputs.errors);
  const adjustments = new JsonlFile(outputs.adjustments);
  const attachments = new JsonlFile(outputs.attachments);
  await Promise.all([errors.open(), adjustments.open(), attachments.open()]);
  const noteAdjustments = (collection: Collection, ordinal: number, id: unknown, list: Adjustment[]) => {
    for (const a of list) adjustments.write({ collection, ordinal, _id: id, ...a });
  };

  for (const name of COLLECTIONS) {
    const counts = report.collections[name];
    const input = source.collection(mapping.collections[name]);
    const phase = progress.phase(`${name}: read`);
    let ordinal = 0;
    for await (const chunk of source.records(input.name)) {
      for (const raw of chunk.records) {
        const current = ordinal++;
        counts.read++;
        const { doc, verdict } = indexOne(plan, name, raw, current);
        const id = doc ? describeValue(doc._id) : null;
        noteAdjustments(name, current, id, verdict.adjustments);
        if (verdict.adjustments.length > 0 && verdict.ok) counts.adjusted++;
        if (!verdict.ok) {
          counts.rejected++;
          counts.rejections[verdict.rejection.code] = (counts.rejections[verdict.rejection.code] ?? 0) + 1;
          errors.write({
            collection: name,
            ordinal: current,
            _id: id,
            code: verdict.rejection.code,
            field: verdict.rejection.field,
            reason: verdict.rejection.message,
          });
          continue;
        }
        counts.accepted++;
        if (name === 'messages') {
          const { record, attachments: outcomes } = verdict.value as {
            record: Message;
            attachments: AttachmentOutcome[];
          };
          for (const [index, outcome] of outcomes.entries()) {
            report.attachments.listed++;
            if ('kept' in outcome) report.attachments.kept++;
            else report.attachments.leftOut++;
            attachments.write({
              messageId: record.id,
              conversationId: record.conversationId,
              index,
              ...outcome.source,
              carried: 'kept' in outcome ? 'url' : null,
              ...('dropped' in outcome ? { leftOut: outcome.dropped } : {}),
            });
          }
        }
      }
      phase.update(ordinal, input.bytes > 0 ? chunk.position / input.bytes : 1);
      if (errors.full || adjustments.full || attachments.full)
        await Promise.all([errors.flush(), adjustments.flush(), attachments.flush()]);
    }
    phase.finish(ordinal);
    if (name === 'users') {
      const changed = plan.resolveHandles();
      report.handles.changed = changed.length;
      for (const change of changed) {
        adjustments.write({
          collection: 'users',
          _id: change.userId,
          field: 'handle',
          from: change.username,
          to: change.handle,
          reason:
            change.reason === 'invalid'
              ? 'username does not fit the handle rule: rewritten'
              : `wanted by ${change.takenBy} too (kept by them)${change.reason === 'invalid+taken' ? '; username rewritten to fit the rule' : ''}`,
        });
      }
    }
  }
  await Promise.all([errors.close(), adjustments.close(), attachments.close()]);

  // 2. Write pass --------------------------------------------------------------------------------------
  if (live && target) {
    const repository = target.repository;
    const conflicts = new JsonlFile(outputs.conflicts);
    await conflicts.open(checkpoint?.conflictsBytes ?? 0);
    const state: Checkpoint = checkpoint ?? {
      version: 1,
      fingerprint,
      target: target.name,
      collections: {},
      conflictsBytes: 0,
      updatedAt: '',
    };
    const retry = storeRetry(options.retry, () => report.retries++);
    for (const name of COLLECTIONS) {
      const counts = report.collections[name];
      const saved = state.collections[name] ?? {
        next: 0,
        done: false,
        counts: { written: 0, unchanged: 0, conflicts: 0 },
      };
      state.collections[name] = saved;
      Object.assign(counts, saved.counts);
      if (saved.done) continue;
      const input = source.collection(mapping.collections[name]);
      const phase = progress.phase(`${name}: write`);
      let ordinal = 0;
      let batch: Array<{ ordinal: number; raw: RawRecord }> = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const items = batch;
        batch = [];
        const outcomes = await inPool(items, concurrency, async ({ ordinal: at, raw }) => {
          const record = recordFor(plan, name, at, raw);
          if (record === null) return null;
          const outcome = await writeRecord(repository, record, sink, retry);
          return { at, record, outcome };
        });
        for (const result of outcomes) {
          if (result === null) continue;
          const { outcome, record, at } = result;
          if (outcome === 'written') saved.counts.written++;
          else if (outcome === 'unchanged') saved.counts.unchanged++;
          else {
            saved.counts.conflicts++;
            counts.conflictReasons[outcome.conflict] = (counts.conflictReasons[outcome.conflict] ?? 0) + 1;
            conflicts.write({
              collection: name,
              ordinal: at,
              id: (record.value as { id: string }).id,
              reason: outcome.conflict,
              detail: outcome.detail,
              ours: record.value,
              stored: outcome.stored ?? null,
            });
          }
        }
        await conflicts.sync();
        saved.next = (items.at(-1)?.ordinal ?? -1) + 1;
        state.conflictsBytes = conflicts.bytes;
        await saveCheckpoint(checkpointPath, state);
        Object.assign(counts, saved.counts);
        phase.update(saved.next, counts.read > 0 ? saved.next / counts.read : 1);
      };
      for await (const chunk of source.records(input.name)) {
        for (const raw of chunk.records) {
          const at = ordinal++;
          if (at < saved.next) continue;
          batch.push({ ordinal: at, raw });
          if (batch.length >= batchSize) await flush();
        }
      }
      await flush();
      saved.done = true;
      await saveCheckpoint(checkpointPath, state);
      phase.finish(ordinal);
    }
    await conflicts.close();
  }

  // 3. Verify --------------------------------------------------------------------------------------------
  if (options.verify && target) {
    report.verify = await verifyTarget({
      source,
      mapping,
      plan,
      repository: target.repository,
      sampleRate: options.sampleRate ?? 0.01,
      concurrency,
      progress,
    });
  }

  report.finishedAt = new Date().toISOString();
  await writeJsonAtomically(outputs.report, report);
  return report;
}

type Planned =
  | { collection: 'users'; value: User }
  | { collection: 'conversations'; value: Conversation }
  | { collection: 'messages'; value: Message; attachments: AttachmentOutcome[] };

function indexOne(
  plan: MigrationPlan,
  name: Collection,
  raw: RawRecord,
  ordinal: number,
): { doc: SourceDocument | null; verdict: Verdict<unknown> } {
  let doc: SourceDocument;
  try {
    doc = decodeRecord(raw);
  } catch (error) {
    if (error instanceof Rejection) return { doc: null, verdict: { ok: false, rejection: error, adjustments: [] } };
    throw error;
  }
  const verdict =
    name === 'users'
      ? plan.indexUser(ordinal, doc)
      : name === 'conversations'
        ? plan.indexConversation(ordinal, doc)
        : plan.indexMessage(doc);
  return { doc, verdict };
}

/** The record document `ordinal` becomes (the index pass's verdict, recomputed), or `null` if rejected. */
function recordFor(plan: MigrationPlan, name: Collection, ordinal: number, raw: RawRecord): Planned | null {
  let doc: SourceDocument;
  try {
    doc = decodeRecord(raw);
  } catch {
    return null;
  }
  if (name === 'users') {
    const value = plan.user(ordinal, doc);
    return value && { collection: name, value };
  }
  if (name === 'conversations') {
    const value = plan.conversation(ordinal, doc);
    return value && { collection: name, value };
  }
  const message = plan.message(doc);
  return message && { collection: name, value: message.record, attachments: message.attachments };
}

type Retry = <T>(call: () => Promise<T>, alsoRetry?: (error: unknown) => boolean) => Promise<T>;

/**
 * Retry a store call that failed as unavailable (throttling that outlived the backend's own retries,
 * an unreachable endpoint) with capped exponential backoff and jitter; after `attempts`, the run
 * stops (its checkpoint lets `--resume` continue).
 */
function storeRetry(options: MigrateOptions['retry'] = {}, onRetry: () => void): Retry {
  const attempts = options.attempts ?? 8;
  const base = options.baseMs ?? 250;
  const max = options.maxMs ?? 20_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return async (call, alsoRetry) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const retryable = error instanceof StoreUnavailableError || alsoRetry?.(error) === true;
        if (!retryable || attempt >= attempts) throw error;
        onRetry();
        const cap = Math.min(max, base * 2 ** (attempt - 1));
        await sleep(Math.floor(cap / 2 + (Math.random() * cap) / 2));
      }
    }
  };
}

async function writeRecord(
  repository: Repository,
  planned: Planned,
  sink: AttachmentSink,
  retry: Retry,
): Promise<Outcome> {
  const differs = (stored: unknown, detail: string): Outcome => ({ conflict: 'different-content', detail, stored });
  if (planned.collection === 'users') {
    const user = planned.value;
    try {
      await retry(() => repository.saveUser(user, 'absent'));
      return 'written';
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      if (error.reason === 'handle_taken') {
        const owner = await retry(() => repository.getUserByHandle(user.handle));
        return {
          conflict: 'handle-taken',
          detail: `handle ${user.handle} belongs to ${owner?.id ?? 'another user'} in the target`,
          stored: owner,
        };
      }
      const stored = await retry(() => repository.getUser(user.id));
      return stored && sameValue(stored, user)
        ? 'unchanged'
        : differs(stored, `user ${user.id} is stored with other content`);
    }
  }
  if (planned.collection === 'conversations') {
    const conversation = planned.value;
    try {
      await retry(() => repository.createConversation(conversation));
      return 'written';
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const stored = await retry(() => repository.getConversation(conversation.id));
      return stored && sameConversation(conversation, stored)
        ? 'unchanged'
        : differs(stored, `conversation ${conversation.id} is stored with other content`);
    }
  }
  const message = await sink.carry(planned.value, planned.attachments);
  // Eventually consistent stores (Workers KV) may not show a conversation written moments ago yet.
  const eventual = !repository.capabilities.strongReads;
  try {
    await retry(
      () => repository.postMessage(message),
      (error) => eventual && error instanceof NotFoundError,
    );
    return 'written';
  } catch (error) {
    if (error instanceof NotFoundError) {
      return {
        conflict: 'conversation-not-in-target',
        detail: `conversation ${message.conversationId} is not in the target`,
      };
    }
    if (!(error instanceof ConflictError)) throw error;
    if (error.reason === 'not_participant') {
      return {
        conflict: 'not-participant-in-target',
        detail: `${message.authorId} is not a participant of ${message.conversationId} in the target`,
      };
    }
    const stored = await retry(() => repository.getMessage(message.conversationId, message.id));
    return stored && sameValue(stored, message)
      ? 'unchanged'
      : differs(stored, `message ${message.id} is stored with other content`);
  }
}

/** `fn` over `items` with at most `limit` in flight; results in the order of `items`. */
export async function inPool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
