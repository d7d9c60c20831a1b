/**
 * The image codec port: decode, auto-orient, drop every metadata block (EXIF, GPS, XMP, ICC
 * comments…), re-encode. Implemented with sharp on Node and Lambda (`adapters/node/sharp-codec.ts`)
 * and with the Images binding on Workers (`adapters/cloudflare/images-codec.ts`).
 */
export interface ImageCodec {
  /** Rejects with `UndecodableImageError` when the bytes are not a whole image of `mediaType`. */
  process(input: Uint8Array, request: CodecRequest): Promise<ProcessedImage>;
}

export interface CodecRequest {
  /** The declared (and sniffed) type; the original is re-encoded as this type. */
  mediaType: string;
  /** Longest side of the thumbnail. */
  thumbnailPixels: number;
  /** Refuse to decode more pixels than this (decompression bombs). */
  maxPixels: number;
}

export interface EncodedImage {
  bytes: Uint8Array;
  mediaType: string;
  width: number;
  height: number;
}

export interface ProcessedImage {
  original: EncodedImage;
  thumbnail: EncodedImage;
}

/** The bytes could not be decoded as a complete image (truncated, corrupt, too large). */
export class UndecodableImageError extends Error {
  override readonly name = 'UndecodableImageError';
}
