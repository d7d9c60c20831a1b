import * as v from 'valibot';
import { REALTIME } from './limits.js';

/** What a client may send (JSON text frames): typing notices and application-level pings. */
const ClientFrameSchema = v.variant('type', [
  v.strictObject({ type: v.literal('typing'), conversationId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)) }),
  v.strictObject({ type: v.literal('ping') }),
]);

export type ClientFrame = v.InferOutput<typeof ClientFrameSchema>;

/** A refused frame: the connection gets an `error` frame with this reason and stays open. */
export interface FrameError {
  type: 'error';
  code: 'frame-too-large' | 'malformed-frame' | 'rate-limited' | 'not-participant';
  detail: string;
}

/** Parse one client frame; binary frames, oversized, non-JSON and unknown shapes are `FrameError`s. */
export function parseClientFrame(raw: string | ArrayBuffer | Uint8Array): ClientFrame | FrameError {
  if (typeof raw !== 'string') return frameError('malformed-frame', 'Send JSON text frames.');
  if (raw.length > REALTIME.clientFrameBytes) {
    return frameError('frame-too-large', `Frames are at most ${REALTIME.clientFrameBytes} bytes.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return frameError('malformed-frame', 'The frame is not JSON.');
  }
  const parsed = v.safeParse(ClientFrameSchema, json);
  return parsed.success
    ? parsed.output
    : frameError('malformed-frame', 'Send {"type":"typing","conversationId":"…"} or {"type":"ping"}.');
}

export function frameError(code: FrameError['code'], detail: string): FrameError {
  return { type: 'error', code, detail };
}

/**
 * A token bucket: `burst` frames at once, refilled at `perSecond`. Plain numbers, so a Durable
 * Object can keep it in a socket's attachment across hibernation.
 */
export interface Bucket {
  tokens: number;
  at: number;
}

export function takeToken(bucket: Bucket, now: number, burst: number = REALTIME.typingBurst): boolean {
  bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * REALTIME.typingPerSecond);
  bucket.at = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}
