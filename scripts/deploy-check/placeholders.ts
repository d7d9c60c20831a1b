/**
 * Values that were left as the repository ships them: the markers its config files use
 * (`REPLACE_WITH_…`, `REPLACE-WITH-YOUR-ISSUER.example`, `USER_POOL_ID`, `REGION` in a URL), and
 * the usual ones (`<…>`, `CHANGEME`, `TODO`, the `.example` and `example.com` domains of RFC 2606).
 */
const MARKERS: RegExp[] = [
  /REPLACE[_-]?WITH/i,
  /\bYOUR[_-]/i,
  /<[^<>]+>/,
  /\bCHANGE[_-]?ME\b/i,
  /\bTODO\b/,
  /\bXXX+\b/,
];

/** Why `value` reads as a placeholder, or `undefined` when it looks like a real value. */
export function placeholderReason(value: string): string | undefined {
  for (const marker of MARKERS) if (marker.test(value)) return `contains ${JSON.stringify(marker.exec(value)![0])}`;
  let url: URL | undefined;
  try {
    url = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url) {
    const host = url.hostname.toLowerCase();
    if (host === 'example.com' || host.endsWith('.example.com') || host.endsWith('.example') || host === 'example')
      return `points at ${host}, a reserved example domain`;
    // An ALL-CAPS label or segment (`cognito-idp.REGION.amazonaws.com/USER_POOL_ID/…`) is a slot to fill.
    const slot = [...url.hostname.split('.'), ...decodeURIComponent(url.pathname).split('/')].find((part) =>
      /^[A-Z][A-Z0-9_]{2,}$/.test(part),
    );
    // `new URL` lower-cases the host: look for the slot in the text as written.
    const written = value.split(/[/.?#]/).find((part) => /^[A-Z][A-Z0-9_]{2,}$/.test(part));
    if (slot ?? written) return `has ${slot ?? written} where a real value goes`;
  }
  return undefined;
}

/** Every string leaf of `value` with its path (`kv_namespaces[0].id`). */
export function stringLeaves(value: unknown, path = ''): Array<{ path: string; value: string }> {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringLeaves(item, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => stringLeaves(item, path ? `${path}.${key}` : key));
  }
  return [];
}
