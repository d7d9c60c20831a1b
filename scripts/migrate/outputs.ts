import { type FileHandle, open, rename, truncate, writeFile } from 'node:fs/promises';

/**
 * An append-only JSON-lines file, written in batches. `bytes` is its length after the last `flush`,
 * which a checkpoint remembers so a resumed run can cut off what an interrupted batch appended.
 */
export class JsonlFile {
  private handle: FileHandle | undefined;
  private buffered: string[] = [];
  private size = 0;
  bytes = 0;
  lines = 0;

  constructor(readonly path: string) {}

  /** Start empty, or keep the first `keepBytes` bytes (resuming). */
  async open(keepBytes = 0): Promise<void> {
    if (keepBytes > 0) await truncate(this.path, keepBytes);
    this.handle = await open(this.path, keepBytes > 0 ? 'a' : 'w');
    this.bytes = keepBytes;
  }

  write(entry: unknown): void {
    const line = `${JSON.stringify(entry, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`;
    this.buffered.push(line);
    this.size += line.length;
    this.lines++;
  }

  /** Whether enough is buffered to be worth a write. */
  get full(): boolean {
    return this.size > 1 << 20;
  }

  async flush(): Promise<void> {
    if (this.buffered.length === 0 || !this.handle) return;
    const text = this.buffered.join('');
    this.buffered = [];
    this.size = 0;
    const { bytesWritten } = await this.handle.write(text);
    this.bytes += bytesWritten;
  }

  /** Flush and make it durable (before a checkpoint names its length). */
  async sync(): Promise<void> {
    await this.flush();
    await this.handle?.sync();
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle?.close();
    this.handle = undefined;
  }
}

/** Write `value` as JSON so that a reader sees the old file or the new one, never half of one. */
export async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

export async function writeText(path: string, text: string): Promise<void> {
  await writeFile(path, text);
}
