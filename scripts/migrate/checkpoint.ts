import { readFile, rm } from 'node:fs/promises';
import type { Collection } from '../../src/migration/plan.js';
import { writeJsonAtomically } from './outputs.js';

export interface WriteCounts {
  written: number;
  unchanged: number;
  conflicts: number;
}

/**
 * Where a live run stands, written after every acknowledged batch (all its writes answered): per
 * collection the ordinal of the next document to write, the counts so far, and the length of
 * `conflicts.jsonl` at that point. `--resume` continues from it — re-sending at most one batch, whose
 * writes that had landed are then found identical ("unchanged") — and refuses to when the input
 * files or the target are not the ones it was made for.
 */
export interface Checkpoint {
  version: 1;
  fingerprint: string;
  target: string;
  collections: Partial<Record<Collection, { next: number; done: boolean; counts: WriteCounts }>>;
  conflictsBytes: number;
  updatedAt: string;
}

export async function loadCheckpoint(path: string): Promise<Checkpoint | null> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Checkpoint;
    return parsed.version === 1 ? parsed : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export async function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  await writeJsonAtomically(path, { ...checkpoint, updatedAt: new Date().toISOString() });
}

export async function removeCheckpoint(path: string): Promise<void> {
  await rm(path, { force: true });
}
