/**
 * Progress on stderr: on a terminal one redrawn line with a bar, documents per second and an ETA;
 * otherwise (a log file, CI) a plain line every `intervalMs` and one when a phase ends.
 */
export interface ProgressOptions {
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  tty?: boolean;
  intervalMs?: number;
  now?: () => number;
  /** Nothing at all (tests that run many migrations). */
  silent?: boolean;
}

export class Progress {
  private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  private readonly tty: boolean;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly silent: boolean;

  constructor(options: ProgressOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.tty = options.tty ?? this.stream.isTTY === true;
    this.intervalMs = options.intervalMs ?? (this.tty ? 100 : 5000);
    this.now = options.now ?? Date.now;
    this.silent = options.silent ?? false;
  }

  line(text: string): void {
    if (!this.silent) this.stream.write(`${text}\n`);
  }

  /** A phase of `label`; `fraction` given to `update` drives the bar and the ETA. */
  phase(label: string): Phase {
    const started = this.now();
    let last = started;
    const render = (docs: number, fraction: number, final: boolean) => {
      const elapsed = Math.max(1, this.now() - started) / 1000;
      const rate = docs / elapsed;
      const f = Math.min(1, Math.max(0, fraction));
      const eta = f > 0 && !final ? (elapsed * (1 - f)) / f : 0;
      const figures = `${docs.toLocaleString('en-US')} docs  ${Math.round(rate).toLocaleString('en-US')} docs/s`;
      if (this.tty) {
        const width = 24;
        const filled = Math.round(f * width);
        const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
        const text = `${label.padEnd(24)} ${bar} ${(f * 100).toFixed(0).padStart(3)}%  ${figures}  ${final ? `done in ${clock(elapsed)}` : `ETA ${clock(eta)}`}`;
        this.stream.write(`\r\x1b[2K${text}${final ? '\n' : ''}`);
      } else {
        this.stream.write(
          `${label}: ${(f * 100).toFixed(1)}%  ${figures}  ${final ? `done in ${clock(elapsed)}` : `ETA ${clock(eta)}`}\n`,
        );
      }
    };
    return {
      update: (docs, fraction) => {
        if (this.silent) return;
        const now = this.now();
        if (now - last < this.intervalMs) return;
        last = now;
        render(docs, fraction, false);
      },
      finish: (docs) => {
        if (!this.silent) render(docs, 1, true);
      },
    };
  }
}

export interface Phase {
  update(docs: number, fraction: number): void;
  finish(docs: number): void;
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
