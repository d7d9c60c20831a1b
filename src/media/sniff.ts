/**
 * What the first bytes of a file say it is: the signatures of the accepted types, nothing else.
 * A file is only ever what its bytes say; HTML, SVG or a script matches no image signature, so it
 * can never pass as one, whatever it was labelled.
 */
const SIGNATURES: ReadonlyArray<{ type: string; at: number; bytes: readonly number[] }> = [
  { type: 'image/jpeg', at: 0, bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', at: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/gif', at: 0, bytes: [0x47, 0x49, 0x46, 0x38] }, // GIF8(7|9)a
  { type: 'image/webp', at: 8, bytes: [0x57, 0x45, 0x42, 0x50] }, // RIFF....WEBP
  { type: 'application/pdf', at: 0, bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
];

const RIFF = [0x52, 0x49, 0x46, 0x46];

const startsWith = (data: Uint8Array, at: number, bytes: readonly number[]) =>
  data.length >= at + bytes.length && bytes.every((byte, i) => data[at + i] === byte);

/** The accepted type `data` is, or a description of what it is instead (for the rejection reason). */
export function sniff(data: Uint8Array): { type: string } | { unknown: string } {
  for (const signature of SIGNATURES) {
    if (signature.type === 'image/webp' && !startsWith(data, 0, RIFF)) continue;
    if (startsWith(data, signature.at, signature.bytes)) return { type: signature.type };
  }
  return { unknown: looksLikeMarkup(data) ? 'markup or script (HTML, SVG, XML)' : 'an unrecognised format' };
}

function looksLikeMarkup(data: Uint8Array): boolean {
  let i = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0; // UTF-8 BOM
  while (i < data.length && (data[i] === 0x20 || data[i] === 0x09 || data[i] === 0x0a || data[i] === 0x0d)) i++;
  return data[i] === 0x3c; // '<'
}
