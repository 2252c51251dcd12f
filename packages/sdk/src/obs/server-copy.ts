import { CopyObjectCommand } from '@aws-sdk/client-s3';
import { InvalidArgumentError } from '../core/error.js';
import type { RemoteObject } from './download.js';
import { toSdkError } from './errors.js';
import { formatObsPath, type ObsLocation } from './paths.js';
import type { TransferJob } from './transfer.js';

/** One CopyObject request copies at most 5 GB (OBS and S3 limit). */
const MAX_COPY = 5 * 1024 ** 3;

/** `bucket/key` as the copy-source header wants it: each key segment URL-encoded, slashes kept. */
export function copySource(loc: ObsLocation): string {
  return `${loc.bucket}/${loc.key.split('/').map(encodeURIComponent).join('/')}`;
}

/** The job that copies one object to `dest` inside OBS (the bytes never leave the server). */
export function copyJob(src: RemoteObject, dest: ObsLocation): TransferJob {
  const path = formatObsPath(src);
  return {
    path,
    size: src.size,
    stamp: src.etag ?? '',
    run: async (ctx) => {
      if (src.size > MAX_COPY) {
        throw new InvalidArgumentError(`${path} is larger than 5 GB: copying it inside OBS needs a multipart copy, which is not supported yet.`);
      }
      try {
        await ctx.requests.run(() =>
          ctx.s3.send(
            new CopyObjectCommand({ Bucket: dest.bucket, Key: dest.key, CopySource: copySource(src), ...(src.etag ? { CopySourceIfMatch: src.etag } : {}) }),
            { abortSignal: ctx.signal },
          ),
        );
      } catch (e) {
        throw toSdkError(e, `PUT ${formatObsPath(dest)} (copy from ${path})`, ctx.signal);
      }
      ctx.progress.add(src.size);
    },
  };
}
