import type sharpModule from 'sharp';
import {
  type CodecRequest,
  type ImageCodec,
  type ProcessedImage,
  UndecodableImageError,
} from '../../src/media/codec.js';

type Format = 'jpeg' | 'png' | 'webp' | 'gif';
const FORMATS: Record<string, Format> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/**
 * The image codec on Node and Lambda: sharp (libvips, shipped inside its npm packages). sharp writes
 * no metadata unless asked (`keepMetadata`/`withMetadata` are never called here), so EXIF, GPS, XMP
 * and ICC comments are all dropped; `rotate()` first applies the EXIF orientation that is dropped.
 * `failOn: 'truncated'` refuses a file that ends early instead of decoding its first part.
 * The module is handed in (`import sharp from 'sharp'` or `await import('sharp')`), so a bundle that
 * must not load it at start (the Node server) imports this file without importing sharp.
 */
export function createSharpCodec(sharp: typeof sharpModule): ImageCodec {
  return {
    async process(input: Uint8Array, request: CodecRequest): Promise<ProcessedImage> {
      const format = FORMATS[request.mediaType];
      if (!format) throw new UndecodableImageError(`${request.mediaType} is not an image type`);
      const open = () => sharp(input, { failOn: 'truncated', limitInputPixels: request.maxPixels }).rotate();
      try {
        const original = await open().toFormat(format).toBuffer({ resolveWithObject: true });
        const side = request.thumbnailPixels;
        const thumbnail = await open()
          .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
          .webp({ quality: 75 })
          .toBuffer({ resolveWithObject: true });
        return {
          original: {
            bytes: new Uint8Array(original.data),
            mediaType: request.mediaType,
            width: original.info.width,
            height: original.info.height,
          },
          thumbnail: {
            bytes: new Uint8Array(thumbnail.data),
            mediaType: 'image/webp',
            width: thumbnail.info.width,
            height: thumbnail.info.height,
          },
        };
      } catch (error) {
        // sharp reports every decode failure as an Error with libvips' message.
        throw new UndecodableImageError(error instanceof Error ? error.message.split('\n')[0] : String(error));
      }
    },
  };
}
