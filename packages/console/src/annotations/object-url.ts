import { objectUrl } from '../obs.js';

/**
 * The console's address of a sample's file (`obs://bucket/key`, `s3://bucket/key` or `/bucket/key`): the platform's
 * object API on the same origin, which accepts the console session cookie.
 */
export function sampleImageUrl(location: string): string | undefined {
  const m = /^(?:obs:\/\/|s3:\/\/|\/)([^/]+)\/(.+)$/.exec(location);
  return m?.[1] && m[2] ? objectUrl(m[1], m[2]) : undefined;
}
