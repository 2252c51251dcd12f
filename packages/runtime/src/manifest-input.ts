import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { ANNOTATION_KEYS, type JsonObject, parseManifestLine, readField, SAMPLE_KEYS } from '@modelarts-ts/contract';
import { formatObsUrl, parseObsUrl } from './obs-url.js';
import { resolveInside } from './safe-path.js';
import type { DownloadResult, StoragePort } from './storage-port.js';

/**
 * A dataset input: the version's manifest lands in `targetDir`, with every file it points to. Sample files keep
 * their paths below the folder all samples share (`obs://b/data/cat/1.jpg` and `obs://b/data/dog/2.jpg` land
 * as `cat/1.jpg` and `dog/2.jpg`); label files (`annotation-loc`) keep their paths below the manifest's folder,
 * or land in `annotations/` when they are elsewhere. The manifest itself is unchanged: its sources still name OBS.
 */
export async function downloadManifestInput(storage: StoragePort, manifestUrl: string, targetDir: string, signal?: AbortSignal): Promise<DownloadResult> {
  const manifest = await storage.download(manifestUrl, targetDir, signal);
  const manifestFile = manifest.files[0];
  if (!manifestFile) throw new Error(`Nothing exists at ${manifestUrl}`);
  const samples: string[] = [];
  const labels: string[] = [];
  const lines = (await readFile(manifestFile, 'utf8')).split('\n');
  lines.forEach((text, i) => {
    const raw = parseManifestLine(text, i + 1);
    if (!raw) return;
    if (/^(obs|s3):\/\//i.test(raw.source as string)) samples.push(formatObsUrl(parseObsUrl(raw.source as string)));
    const annotations = (readField(raw, SAMPLE_KEYS.annotations) as JsonObject[] | undefined) ?? [];
    for (const a of annotations) {
      const loc = readField(a, ANNOTATION_KEYS.annotation_loc);
      if (typeof loc === 'string' && /^(obs|s3):\/\//i.test(loc)) labels.push(formatObsUrl(parseObsUrl(loc)));
    }
  });
  const files = [manifestFile];
  const common = commonFolder(samples);
  for (const url of new Set(samples)) {
    files.push(await fetchAt(storage, url, targetDir, url.slice(common.length), signal));
  }
  const manifestFolder = manifestUrl.slice(0, manifestUrl.lastIndexOf('/') + 1);
  for (const url of new Set(labels)) {
    const rel = url.startsWith(manifestFolder) ? url.slice(manifestFolder.length) : `annotations/${posix.basename(url)}`;
    files.push(await fetchAt(storage, url, targetDir, rel, signal));
  }
  return { kind: 'directory', files };
}

/** Downloads one object to `targetDir/rel` (never outside `targetDir`). */
async function fetchAt(storage: StoragePort, url: string, targetDir: string, rel: string, signal?: AbortSignal): Promise<string> {
  const dest = resolveInside(targetDir, rel, 'sample path');
  const folder = join(dest, '..');
  await storage.download(url, folder, signal);
  return dest;
}

/** The longest `obs://bucket/dir/` prefix shared by every URL (the bucket root when they share only the bucket, '' across buckets). */
function commonFolder(urls: readonly string[]): string {
  if (urls.length === 0) return '';
  let prefix = urls[0]?.slice(0, (urls[0]?.lastIndexOf('/') ?? 0) + 1) ?? '';
  for (const u of urls) while (!u.startsWith(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf('/', prefix.length - 2) + 1);
  // Across buckets only `obs://` would remain: keep the bucket in the path then.
  return /^obs:\/\/[^/]+\//.test(prefix) ? prefix : 'obs://';
}
