import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand, type S3ServiceException } from '@aws-sdk/client-s3';
import type { LocalCredentials } from '@modelarts-ts/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirError } from '../src/data-dir-error.js';
import { recoverDataDir } from '../src/recover.js';
import { startPlatform } from '../src/testing.js';
import { s3Client } from './s3-helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'data-dir-'));
  dirs.push(d);
  return d;
}
const mode = (p: string) => statSync(p).mode & 0o777;

async function refusal(p: Promise<unknown>): Promise<DataDirError> {
  try {
    const started = (await p) as { close(): Promise<void> };
    await started.close();
  } catch (e) {
    if (e instanceof DataDirError) return e;
    throw e;
  }
  throw new Error('expected the platform to refuse the data dir');
}

async function passwordLogin(endpoint: string, c: LocalCredentials): Promise<number> {
  const res = await fetch(`${endpoint}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: { identity: { methods: ['password'], password: { user: { name: c.username, password: c.password, domain: { name: c.account } } } } },
    }),
  });
  await res.arrayBuffer();
  return res.status;
}

async function s3Status(endpoint: string, c: LocalCredentials): Promise<string> {
  try {
    await s3Client({ endpoint, credentials: c }).send(new ListBucketsCommand({}));
    return 'ok';
  } catch (e) {
    return (e as S3ServiceException).name;
  }
}

describe('a damaged or unusable data dir is explained (issue 12)', () => {
  it('a meta.db that is not a database: the refusal names the file and recover; recover moves it aside and rebuilds', async () => {
    const dataDir = tempDataDir();
    const first = await startPlatform({ dataDir });
    const s3 = s3Client(first);
    await s3.send(new CreateBucketCommand({ Bucket: 'survivor' }));
    await s3.send(new PutObjectCommand({ Bucket: 'survivor', Key: 'k', Body: 'bytes' }));
    await first.close();
    writeFileSync(join(dataDir, 'meta.db'), 'this is not a database at all, but long enough to have a header............');
    rmSync(join(dataDir, 'meta.db-wal'), { force: true });

    const e = await refusal(startPlatform({ dataDir }));
    expect(e.message).toContain(join(dataDir, 'meta.db'));
    expect(e.message).toContain(`modelarts local recover --data-dir ${dataDir}`);

    const report = await recoverDataDir(dataDir);
    expect(report.restored).toEqual(['survivor/k']);
    expect(readFileSync(String(report.damagedIndex), 'utf8')).toContain('not a database');
    const again = await startPlatform({ dataDir });
    try {
      const got = await s3Client(again).send(new GetObjectCommand({ Bucket: 'survivor', Key: 'k' }));
      expect(await got.Body?.transformToString()).toBe('bytes');
    } finally {
      await again.close();
    }
  });

  it('a read-only data dir: the refusal names the dir and what to do, not a bare EROFS', async (t) => {
    const dataDir = tempDataDir();
    const first = await startPlatform({ dataDir });
    await first.close();
    try {
      execFileSync('mount', ['--bind', dataDir, dataDir], { stdio: 'ignore' });
      execFileSync('mount', ['-o', 'remount,ro,bind', dataDir], { stdio: 'ignore' });
    } catch {
      t.skip(); // needs root and mount rights
      return;
    }
    try {
      const e = await refusal(startPlatform({ dataDir }));
      expect(e.message).toContain(dataDir);
      expect(e.message).toContain('read-only file system');
      expect(e.choices.join('\n')).toContain('--data-dir');
    } finally {
      execFileSync('umount', [dataDir]);
    }
  });
});

describe('credentials.json rotation (issue 12)', () => {
  it('a deleted credentials.json: the next start issues new secrets for the same account; the old AK/SK and password stop working', async () => {
    const dataDir = tempDataDir();
    const first = await startPlatform({ dataDir });
    const old = { ...first.credentials };
    await s3Client(first).send(new CreateBucketCommand({ Bucket: 'still-mine' }));
    await first.close();
    rmSync(join(dataDir, 'credentials.json'));

    const second = await startPlatform({ dataDir });
    try {
      const now = JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8')) as LocalCredentials;
      expect([now.domain_id, now.user_id, now.project_id, now.account]).toEqual([old.domain_id, old.user_id, old.project_id, old.account]);
      expect(now.access_key).not.toBe(old.access_key);
      expect(now.password).not.toBe(old.password);
      expect(await s3Status(second.endpoint, old)).toBe('InvalidAccessKeyId');
      expect(await passwordLogin(second.endpoint, old)).toBe(401);
      expect(await passwordLogin(second.endpoint, now)).toBe(201);
      const buckets = await s3Client({ endpoint: second.endpoint, credentials: now }).send(new ListBucketsCommand({}));
      expect(buckets.Buckets?.map((b) => b.Name)).toEqual(['still-mine']);
    } finally {
      await second.close();
    }
  });

  it('editing credentials.json on a running platform rotates: the old secrets stop working, the new ones work', async () => {
    const p = await startPlatform();
    try {
      const old = { ...p.credentials };
      expect(await s3Status(p.endpoint, old)).toBe('ok');
      const edited: LocalCredentials = { ...old, access_key: 'ROTATEDACCESSKEY0001', secret_key: 'r'.repeat(40), password: 'a-new-password-123' };
      writeFileSync(join(p.dataDir, 'credentials.json'), JSON.stringify(edited));
      for (let i = 0; i < 100 && (await s3Status(p.endpoint, old)) === 'ok'; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await s3Status(p.endpoint, old)).toBe('InvalidAccessKeyId');
      expect(await s3Status(p.endpoint, edited)).toBe('ok');
      expect(await passwordLogin(p.endpoint, old)).toBe(401);
      expect(await passwordLogin(p.endpoint, edited)).toBe(201);
    } finally {
      await p.close();
    }
  });
});

describe('secrets stay private (issue 12)', () => {
  it('the data dir becomes 0700 and every file in it 0600, meta.db and its WAL files too, with a warning for a wider dir', async () => {
    const dataDir = tempDataDir();
    execFileSync('chmod', ['0755', dataDir]);
    writeFileSync(join(dataDir, 'notes.txt'), 'made by the user', { mode: 0o644 });
    mkdirSync(join(dataDir, 'objects'), { mode: 0o755 });
    const p = await startPlatform({ dataDir });
    try {
      expect(mode(dataDir)).toBe(0o700);
      for (const f of ['meta.db', 'meta.db-wal', 'meta.db-shm', 'credentials.json', 'endpoint.json', 'notes.txt']) {
        expect(existsSync(join(dataDir, f)), f).toBe(true);
        expect(mode(join(dataDir, f)), f).toBe(0o600);
      }
      expect(mode(join(dataDir, 'objects'))).toBe(0o700);
      expect(p.logs()).toContain(`data dir ${dataDir} was mode 0755`);
    } finally {
      await p.close();
    }
  });
});
