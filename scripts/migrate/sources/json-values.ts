/**
 * Splits a stream of JSON text into its top-level documents without parsing them: either a sequence
 * of values (mongoexport's default, one per line, or `--pretty` across lines) or the elements of one
 * top-level array (`--jsonArray`), chosen by the first character. Each value's text is parsed later,
 * alone, so memory holds one chunk and one document, and a bad document costs only itself. Text that
 * is not a document (a stray scalar, a truncated last value) comes out as a `junk` piece.
 */
export type Piece = { text: string } | { junk: string };

export class JsonValueSplitter {
  private mode: 'start' | 'sequence' | 'array' | 'done' = 'start';
  private depth = 0;
  private inString = false;
  private escape = false;
  /** Collecting a line that is not a document (sequence mode). */
  private junk = false;
  private pending = '';
  private inValue = false;

  push(chunk: string, out: Piece[]): void {
    const text = this.pending + chunk;
    let start = this.inValue || this.junk ? 0 : -1;
    let i = this.pending.length;
    this.pending = '';
    const n = text.length;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (this.junk) {
        if (c === 10) {
          out.push({ junk: text.slice(start, i).trim() });
          this.junk = false;
          start = -1;
        }
        i++;
        continue;
      }
      if (this.inValue) {
        if (this.inString) {
          if (this.escape) this.escape = false;
          else if (c === 92) this.escape = true;
          else if (c === 34) this.inString = false;
        } else if (c === 34) this.inString = true;
        else if (c === 123 || c === 91) this.depth++;
        else if (c === 125 || c === 93) {
          if (--this.depth === 0) {
            out.push({ text: text.slice(start, i + 1) });
            this.inValue = false;
            start = -1;
          }
        }
        i++;
        continue;
      }
      // Between values.
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        i++;
        continue;
      }
      if (this.mode === 'start') {
        this.mode = c === 91 ? 'array' : 'sequence';
        if (c === 91) {
          i++;
          continue;
        }
      }
      if (this.mode === 'array' && (c === 44 || c === 93)) {
        if (c === 93) this.mode = 'done';
        i++;
        continue;
      }
      if (this.mode !== 'done' && (c === 123 || c === 91)) {
        this.inValue = true;
        this.depth = 1;
        start = i;
        i++;
        continue;
      }
      this.junk = true;
      start = i;
      i++;
    }
    if (start >= 0) this.pending = text.slice(start);
  }

  end(out: Piece[]): void {
    const rest = this.pending.trim();
    if (rest !== '') out.push({ junk: this.inValue ? `truncated: ${rest.slice(0, 200)}` : rest.slice(0, 200) });
    this.pending = '';
    this.inValue = false;
    this.junk = false;
  }
}
