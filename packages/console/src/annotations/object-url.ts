/**
 * The console's address of an OBS object (`obs://bucket/key`, `s3://bucket/key` or `/bucket/key`): the platform's
 * object API on the same origin, path-style, which accepts the console session cookie.
 */
export function objectUrl(location: string): string | undefined {
  const m = /^(?:obs:\/\/|s3:\/\/|\/)([^/]+)\/(.+)$/.exec(location);
  if (!m?.[1] || !m[2]) return undefined;
  return `/${encodeURIComponent(m[1])}/${m[2].split('/').map(encodeURIComponent).join('/')}`;
}
