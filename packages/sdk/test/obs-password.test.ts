import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Estimator, Session } from '../src/index.js';
import { type PlatformFixture, platformFixture } from './fixture.js';

const TRAIN_PY = `
import argparse, os
p = argparse.ArgumentParser()
p.add_argument('--train_url')
a, _ = p.parse_known_args()
os.makedirs(a.train_url, exist_ok=True)
open(os.path.join(a.train_url, 'model.txt'), 'w').write('trained')
print('trained', flush=True)
`;

let f: PlatformFixture;

beforeAll(async () => {
  f = await platformFixture({ trainingCpuCapacity: 64 });
});
afterAll(async () => {
  await f?.close();
});

/** The manual's two password forms: account login (the account name as user name) and IAM-user login. */
const forms = [
  {
    form: 'account login { username: account, password }',
    session: () =>
      new Session({ username: f.p.credentials.account, password: f.p.credentials.password, region_name: f.p.credentials.region_name, endpoint: f.p.endpoint }),
  },
  {
    form: 'IAM-user login { account, username, password }',
    session: () =>
      new Session({
        account: f.p.credentials.account,
        username: f.p.credentials.username,
        password: f.p.credentials.password,
        region_name: f.p.credentials.region_name,
        endpoint: f.p.endpoint,
      }),
  },
];

describe.each(forms)('a password session ($form) uses OBS through IAM temporary credentials', ({ form, session: make }) => {
  const bucket = form.startsWith('account') ? 'pw-account' : 'pw-iam-user';

  it('runs every chapter-6 call', async () => {
    const s = make();
    try {
      expect(s.client.credentialKind).toBe('password');
      await s.obs.makeBucket(bucket);
      const home = f.tempDir('pw-home');
      writeFileSync(join(home, 'file1.txt'), 'one');
      mkdirSync(join(home, 'dir1', 'sub'), { recursive: true });
      writeFileSync(join(home, 'dir1', 'sub', 'b.txt'), 'bee');
      // 6.2 copy: the four directions of the manual's sample.
      await s.obs.copy(join(home, 'file1.txt'), `obs://${bucket}/dir1/file1.txt`);
      const back = f.tempDir('pw-back');
      await s.obs.copy(`obs://${bucket}/dir1/file1.txt`, join(back, 'file1.txt'));
      expect(readFileSync(join(back, 'file1.txt'), 'utf8')).toBe('one');
      await s.obs.copy(join(home, 'dir1'), `obs://${bucket}/copied`, { keep_last_dir: true });
      await s.obs.copy(`obs://${bucket}/copied/dir1`, back, { keep_last_dir: true });
      expect(readFileSync(join(back, 'dir1', 'sub', 'b.txt'), 'utf8')).toBe('bee');
      // 6.3-6.6: upload_file, upload_dir, download_file, download_dir.
      await s.obs.uploadFile(join(home, 'file1.txt'), `obs://${bucket}/up/`);
      await s.obs.uploadDir(join(home, 'dir1'), `obs://${bucket}/up/`);
      const down = f.tempDir('pw-down');
      await s.obs.downloadFile(`obs://${bucket}/up/file1.txt`, `${down}/`);
      await s.obs.downloadDir(`obs://${bucket}/up/dir1/`, `${down}/`);
      expect(readFileSync(join(down, 'file1.txt'), 'utf8')).toBe('one');
      expect(readFileSync(join(down, 'dir1', 'sub', 'b.txt'), 'utf8')).toBe('bee');
      // The objects belong to the account: the AK/SK session sees them.
      expect(await f.session.obs.exists(`obs://${bucket}/up/dir1/sub/b.txt`)).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('fetches temporary keys once, and again when they near their expiry', async () => {
    const s = make();
    try {
      const iam = s.client.iam;
      const issue = iam.createSecurityToken.bind(iam);
      let issued = 0;
      let shortLived = false;
      iam.createSecurityToken = async (...args) => {
        issued++;
        const r = await issue(...args);
        // Pretend these keys expire in a second: the S3 client must ask for new ones before its next request.
        return shortLived ? { credential: { ...r.credential, expires_at: new Date(Date.now() + 1000).toISOString() } } : r;
      };
      await s.obs.makeBucket(bucket);
      await s.obs.exists(`obs://${bucket}/a`);
      await s.obs.exists(`obs://${bucket}/b`);
      expect(issued).toBe(1);
      const t = make();
      t.client.iam.createSecurityToken = iam.createSecurityToken;
      shortLived = true;
      await t.obs.exists(`obs://${bucket}/a`);
      const afterFirst = issued;
      expect(afterFirst).toBeGreaterThan(1);
      await t.obs.exists(`obs://${bucket}/b`);
      expect(issued).toBeGreaterThan(afterFirst);
      await t.close();
    } finally {
      await s.close();
    }
  });

  it('submits a remote job from a local code folder (uploaded first) and reads its output', async () => {
    const s = make();
    try {
      const code = f.tempDir('pw-code');
      writeFileSync(join(code, 'train.py'), TRAIN_PY);
      const lines: string[] = [];
      const job = await new Estimator(s, {
        training_files: { code_dir: code, boot_file: 'train.py', obs_path: `obs://${bucket}/code/` },
        outputs: [{ obs_path: `obs://${bucket}/out/` }],
        train_instance_type: 'modelarts.vm.cpu.2u',
      }).fit({ wait: true, show_log: true, onLog: (l) => lines.push(l) });
      expect((await job.getJobInfo()).status.phase).toBe('Completed');
      expect(lines).toContain('trained');
      let text = '';
      for await (const c of await s.obs.read(`obs://${bucket}/out/model.txt`)) text += c;
      expect(text).toBe('trained');
    } finally {
      await s.close();
    }
  });
});
