import sharp from 'sharp';

/** Real image files made in the test (sharp), with the metadata a phone camera writes. */
export async function jpegWithGps(width = 64, height = 48): Promise<Uint8Array> {
  const data = await sharp({ create: { width, height, channels: 3, background: 'red' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Parley test camera' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' },
    })
    .toBuffer();
  return new Uint8Array(data);
}

/** A 64×48 JPEG whose EXIF orientation (6) says "rotate 90° clockwise to show". */
export async function rotatedJpeg(): Promise<Uint8Array> {
  const data = await sharp({ create: { width: 64, height: 48, channels: 3, background: 'blue' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toBuffer();
  return new Uint8Array(data);
}

export async function png(width = 400, height = 200): Promise<Uint8Array> {
  const data = await sharp({ create: { width, height, channels: 4, background: '#00ff0080' } })
    .png()
    .toBuffer();
  return new Uint8Array(data);
}

export const html = new TextEncoder().encode('<!doctype html><html><script>alert(1)</script></html>');
export const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
