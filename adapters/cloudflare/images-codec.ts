import {
  type CodecRequest,
  type ImageCodec,
  type ProcessedImage,
  UndecodableImageError,
} from '../../src/media/codec.js';
import { jpegOrientation, ROTATION_OF } from '../../src/media/exif-orientation.js';
import type { ImagesBindingLike } from './env.js';

const streamOf = (bytes: Uint8Array) =>
  new Response(bytes as Uint8Array<ArrayBuffer>).body as ReadableStream<Uint8Array>;
const bytesOf = async (stream: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(stream).arrayBuffer());

/**
 * The image codec on Workers: the Images binding (Miniflare performs it with sharp). Every output is
 * a new encode, which carries no EXIF/GPS; the EXIF rotation is read here and applied explicitly.
 * GIF is re-encoded as PNG (the binding's local mode writes no GIF): the stored original's type is
 * the one returned, not the declared one.
 */
export function createImagesCodec(images: ImagesBindingLike): ImageCodec {
  return {
    async process(input: Uint8Array, request: CodecRequest): Promise<ProcessedImage> {
      let info: { width?: number; height?: number };
      try {
        info = await images.info(streamOf(input));
      } catch (error) {
        throw new UndecodableImageError(error instanceof Error ? error.message : String(error));
      }
      const { width = 0, height = 0 } = info;
      if (width * height > request.maxPixels || width === 0)
        throw new UndecodableImageError('too many pixels, or none');
      const rotate = request.mediaType === 'image/jpeg' ? ROTATION_OF[jpegOrientation(input)] : undefined;
      const turned = rotate === 90 || rotate === 270;
      const format = request.mediaType === 'image/gif' ? 'image/png' : request.mediaType;
      const encode = async (options: { width?: number; height?: number; fit?: string }, output: string) => {
        try {
          const result = await images
            .input(streamOf(input))
            .transform({ ...options, ...(rotate ? { rotate } : {}) })
            .output({ format: output, quality: 85 });
          return bytesOf(result.image());
        } catch (error) {
          throw new UndecodableImageError(error instanceof Error ? error.message : String(error));
        }
      };
      const side = request.thumbnailPixels;
      const scale = Math.min(1, side / Math.max(width, height));
      const [original, thumbnail] = await Promise.all([
        encode({}, format),
        encode({ width: side, height: side, fit: 'scale-down' }, 'image/webp'),
      ]);
      const [w, h] = turned ? [height, width] : [width, height];
      return {
        original: { bytes: original, mediaType: format, width: w, height: h },
        thumbnail: {
          bytes: thumbnail,
          mediaType: 'image/webp',
          width: Math.round(w * scale),
          height: Math.round(h * scale),
        },
      };
    },
  };
}
