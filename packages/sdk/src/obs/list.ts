import { ListObjectsCommand, type ListObjectsCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { type Static, Type } from '@modelarts-ts/contract';
import { AbortSignalArg } from '../internal/common-args.js';
import { toSdkError } from './errors.js';
import { formatObsPath, type ObsLocation } from './paths.js';

/** One entry of a listing: an object, or (in a non-recursive listing, or a folder marker) a folder. */
export interface ObsObject {
  /** `obs://bucket/key`; folders end with `/`. */
  path: string;
  bucket: string;
  key: string;
  /** Bytes; 0 for folders. */
  size: number;
  last_modified: Date | undefined;
  etag: string | undefined;
  /** A folder: a common prefix of a non-recursive listing, or a zero-byte object whose key ends with `/`. */
  is_dir: boolean;
}

export const ListOptions = Type.Object({
  /** Walk every level below the prefix (default false: one level, sub-folders as `is_dir` entries). */
  recursive: Type.Optional(Type.Boolean()),
  signal: Type.Optional(AbortSignalArg),
});
export type ListOptions = Static<typeof ListOptions>;

/**
 * Lists keys starting with `loc.key`, page by page (1 000 per request), in key order. Uses ListObjects v1
 * (marker): the dialect every OBS and S3 server speaks (rclone's HuaweiOBS provider does the same).
 */
export async function* listObjects(s3: S3Client, loc: ObsLocation, options: ListOptions = {}, pageSize = 1000): AsyncGenerator<ObsObject> {
  let marker: string | undefined;
  const delimiter = options.recursive ? undefined : '/';
  for (;;) {
    let page: ListObjectsCommandOutput;
    try {
      page = await s3.send(
        new ListObjectsCommand({ Bucket: loc.bucket, Prefix: loc.key || undefined, Delimiter: delimiter, Marker: marker, MaxKeys: pageSize }),
        {
          abortSignal: options.signal,
        },
      );
    } catch (e) {
      throw toSdkError(e, `GET ${formatObsPath(loc)} (list)`, options.signal);
    }
    const entries: ObsObject[] = [];
    for (const o of page.Contents ?? []) {
      if (o.Key === undefined) continue;
      // The folder's own marker object is the folder being listed, not an entry in it.
      if (!options.recursive && o.Key === loc.key && loc.key.endsWith('/')) continue;
      entries.push({
        path: formatObsPath({ bucket: loc.bucket, key: o.Key }),
        bucket: loc.bucket,
        key: o.Key,
        size: o.Size ?? 0,
        last_modified: o.LastModified,
        etag: o.ETag,
        is_dir: o.Key.endsWith('/'),
      });
    }
    for (const p of page.CommonPrefixes ?? []) {
      if (p.Prefix === undefined) continue;
      entries.push({
        path: formatObsPath({ bucket: loc.bucket, key: p.Prefix }),
        bucket: loc.bucket,
        key: p.Prefix,
        size: 0,
        last_modified: undefined,
        etag: undefined,
        is_dir: true,
      });
    }
    entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    yield* entries;
    if (!page.IsTruncated) return;
    const next = page.NextMarker ?? page.Contents?.at(-1)?.Key ?? page.CommonPrefixes?.at(-1)?.Prefix;
    if (next === undefined || next === marker) return;
    marker = next;
  }
}
