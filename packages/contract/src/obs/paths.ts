/**
 * OBS locations as users write them, parsed once for the SDK, the runtime and the platform:
 * `obs://bucket/key`, `s3://bucket/key`, the manual's `/bucket/key`, and the virtual-host URL
 * `https://bucket.obs.{region}.myhuaweicloud.com/key` the cloud's model and batch examples use.
 */

export interface ObsLocation {
  bucket: string;
  /** Object key or prefix, without a leading `/`; `''` is the bucket root; a trailing `/` names a folder. */
  key: string;
}

const SCHEME = /^(obs|s3):\/\//i;
const VIRTUAL_HOST = /^https?:\/\/([^/?#]+?)\.obs\.[^/?#]+(\/[^?#]*)?$/i;
const BUCKET_SHAPE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** OBS/S3 bucket names: 3–63 of `[a-z0-9.-]`, alphanumeric ends, no `..`, `.-` or `-.`, not an IPv4 literal. */
export function isValidBucketName(name: string): boolean {
  return BUCKET_SHAPE.test(name) && !name.includes('..') && !name.includes('.-') && !name.includes('-.') && !IPV4.test(name);
}

/** True when `p` names OBS explicitly (`obs://…` or `s3://…`), as opposed to the `/bucket/key` form. */
export function isObsUri(p: string): boolean {
  return SCHEME.test(p);
}

/**
 * Parses an OBS location; `slashForm: false` accepts only the URI forms (where `/home/…` must stay a local path).
 * Returns a message saying what is wrong instead of throwing, so each caller raises its own error class.
 */
export function parseObsLocation(p: string, options: { slashForm?: boolean } = {}): ObsLocation | { error: string } {
  let rest: string;
  const hosted = VIRTUAL_HOST.exec(p);
  if (hosted) {
    let key: string;
    try {
      key = decodeURIComponent((hosted[2] ?? '/').slice(1));
    } catch {
      return { error: `"${p}" is not a valid OBS URL (bad percent-encoding)` };
    }
    rest = `${(hosted[1] as string).toLowerCase()}/${key}`;
  } else if (SCHEME.test(p)) rest = p.replace(SCHEME, '');
  else if (options.slashForm !== false && p.startsWith('/')) rest = p.slice(1);
  else return { error: `"${p}" is not an OBS path: use obs://bucket/key${options.slashForm === false ? '' : ' or /bucket/key'}` };
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const key = slash < 0 ? '' : rest.slice(slash + 1);
  if (!isValidBucketName(bucket)) return { error: `"${bucket}" in "${p}" is not a valid bucket name (3-63 lowercase letters, digits, "-" or ".")` };
  return { bucket, key };
}

export function formatObsLocation(loc: ObsLocation): string {
  return `obs://${loc.bucket}/${loc.key}`;
}
