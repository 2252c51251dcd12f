// OBS transfer benchmark: SDK vs curl, aws CLI and disk baselines, all in one run against one ModelArts Local.
// Each SDK call runs in its own process (bench/obs/sdk-op.mjs) so that the SDK's CPU and the platform's are read
// apart; `--profile` instead profiles both processes (--cpu-prof) over the 1 GiB transfers and prints where the time goes.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { summaryLines } from '../cpu-profile.mjs';
import { loadAverage, procCpu, startPlatformProcess, stopPlatformProcess } from '../lib.mjs';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const AWS = process.env.AWS ?? '/usr/bin/aws';

function parseArgs(args) {
  const o = { sizeMiB: 1024, files: 10_000, fileKiB: 4, profile: false, repeat: 2 };
  for (const a of args) {
    const [k, v] = a.replace(/^--/, '').split('=');
    if (k === 'size-mib') o.sizeMiB = Number(v);
    if (k === 'files') o.files = Number(v);
    if (k === 'profile') o.profile = true;
    if (k === 'repeat') o.repeat = Math.max(1, Number(v));
  }
  return o;
}

function sh(cmd, args, env) {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } });
}

async function sha256(file) {
  const h = createHash('sha256');
  for await (const c of createReadStream(file, { highWaterMark: 4 * MiB })) h.update(c);
  return h.digest('hex');
}

function peakRssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** A platform process and what the runs need to reach it. */
async function platform(root, nodeArgs = []) {
  const { child, endpoint } = await startPlatformProcess(join(root, 'data'), [], process.env, nodeArgs);
  const creds = JSON.parse(readFileSync(join(root, 'data', 'credentials.json'), 'utf8'));
  const awsEnv = {
    AWS_ACCESS_KEY_ID: creds.access_key,
    AWS_SECRET_ACCESS_KEY: creds.secret_key,
    AWS_DEFAULT_REGION: creds.region_name,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const s3 = new S3Client({
    endpoint,
    region: creds.region_name,
    forcePathStyle: true,
    credentials: { accessKeyId: creds.access_key, secretAccessKey: creds.secret_key },
  });
  return {
    child,
    endpoint,
    creds,
    aws: (...a) => sh(AWS, ['--endpoint-url', endpoint, ...a], awsEnv),
    presignGet: (bucket, key) =>
      execFileSync(AWS, ['--endpoint-url', endpoint, 's3', 'presign', `s3://${bucket}/${key}`], {
        env: { ...process.env, ...awsEnv },
        encoding: 'utf8',
      }).trim(),
    presignPut: (bucket, key) => getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 3600 }),
  };
}

/**
 * Runs `fn` (which runs a child process to its end) and measures wall seconds, the CPU of the children it waited
 * for (curl, dd, the SDK process) and the CPU of the platform process over the same span.
 */
function measure(platformPid, fn) {
  const p0 = platformPid ? procCpu(platformPid) : undefined;
  const c0 = procCpu();
  const t = process.hrtime.bigint();
  const reported = fn();
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const c1 = procCpu();
  const p1 = platformPid ? procCpu(platformPid) : undefined;
  return {
    seconds: reported?.seconds ?? seconds,
    client: reported
      ? { user: reported.user, system: reported.system }
      : { user: c1.children_user - c0.children_user, system: c1.children_system - c0.children_system },
    platform: p0 && p1 ? { user: p1.user - p0.user, system: p1.system - p0.system } : undefined,
    // The platform's peak RSS so far: the row where it jumps is the transfer that raised it.
    rss: platformPid ? peakRssMiB(platformPid) : undefined,
  };
}

/** One session.obs call in its own process (bench/obs/sdk-op.mjs); answers its own wall and CPU seconds. */
function sdkOp(p, op, src, dst, nodeArgs = []) {
  const arg = JSON.stringify({ endpoint: p.endpoint, creds: p.creds, op, src, dst });
  const out = execFileSync(process.execPath, [...nodeArgs, 'bench/obs/sdk-op.mjs', arg], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1));
}

const curlPut = (file, url) => sh('curl', ['-sf', '-H', 'Expect:', '-T', file, url, '-o', '/dev/null']);
const curlGet = (url, file) => sh('curl', ['-sf', '-o', file, url]);

function makeBigFile(root, sizeMiB) {
  const big = join(root, 'big.bin');
  sh('dd', ['if=/dev/urandom', `of=${big}`, 'bs=1M', `count=${sizeMiB}`, 'status=none']);
  return big;
}

export async function run(args) {
  const o = parseArgs(args);
  const root = mkdtempSync(join(process.env.BENCH_TMP ?? tmpdir(), 'bench-obs-'));
  console.log(`load average at start: ${loadAverage()} (2 cores: above ~0.5 the figures are shared with other work)`);
  try {
    if (o.profile) await profile(o, root);
    else await figures(o, root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  console.log(`load average at end:   ${loadAverage()}`);
}

async function figures(o, root) {
  const p = await platform(root);
  try {
    const bucket = 'bench';
    p.aws('s3', 'mb', `s3://${bucket}`);
    console.log(`ModelArts Local ${p.endpoint}; big file ${o.sizeMiB} MiB; folder ${o.files} x ${o.fileKiB} KiB; data in ${root}`);
    const big = makeBigFile(root, o.sizeMiB);
    const bigSum = await sha256(big);
    const bytes = statSync(big).size;
    const pid = p.child.pid;
    const down = join(root, 'down');
    mkdirSync(down);
    const fresh = () => sh('sync', []);
    const checkAndDrop = async (file, who) => {
      if ((await sha256(file)) !== bigSum) throw new Error(`${who} download differs from the source`);
      rmSync(file);
    };

    // Every row runs `repeat` times, rows interleaved (round after round), and keeps its fastest run: on this VM a
    // run can pay for the host backing fresh memory or for ext4 skipping recently freed inodes (see bench/README.md),
    // and the best of each row is the same treatment for the SDK and its baselines.
    const m = {};
    const best = (k, r) => {
      const runs = [...(m[k]?.runs ?? []), r.seconds];
      // Peak RSS is the platform's high-water mark so far, whichever run was fastest.
      const rss = r.rss === undefined ? undefined : Math.max(r.rss, m[k]?.rss ?? 0);
      m[k] = !m[k] || r.seconds < m[k].seconds ? { ...r, runs, rss } : { ...m[k], runs, rss };
    };
    const row = (k, platformPid, fn) => {
      fresh();
      best(k, measure(platformPid, fn));
    };
    const putUrl = await p.presignPut(bucket, 'curl/big.bin');
    for (let round = 0; round < o.repeat; round++) {
      // 16 KiB blocks, the write size the platform uses: on this VM, 1 MiB writes cost dd several times the system
      // CPU (large page-cache folios, see bench/README.md), which would flatter the ratio to it.
      row('dd', undefined, () => sh('dd', [`if=${big}`, `of=${join(root, 'dd.bin')}`, 'bs=16K', 'conv=fsync', 'status=none']));
      rmSync(join(root, 'dd.bin'));
      row('cp', undefined, () => sh('cp', [big, join(root, 'cp.bin')]));
      rmSync(join(root, 'cp.bin'));
      // The transport's own limits: one plain HTTP PUT of the file and one GET of the object (curl, presigned URLs).
      row('curlPut', pid, () => curlPut(big, putUrl));
      row('sdkUp', pid, () => sdkOp(p, 'uploadFile', big, `obs://${bucket}/sdk/`));
      row('sdkDown', pid, () => sdkOp(p, 'downloadFile', `obs://${bucket}/sdk/big.bin`, `${down}/`));
      await checkAndDrop(join(down, 'big.bin'), 'SDK');
      const getUrl = p.presignGet(bucket, 'sdk/big.bin');
      row('curlGet', pid, () => curlGet(getUrl, join(down, 'curl.bin')));
      await checkAndDrop(join(down, 'curl.bin'), 'curl');
      row('awsUp', pid, () => p.aws('s3', 'cp', big, `s3://${bucket}/aws/big.bin`, '--only-show-errors'));
      row('awsDown', pid, () => p.aws('s3', 'cp', `s3://${bucket}/aws/big.bin`, join(down, 'aws.bin'), '--only-show-errors'));
      rmSync(join(down, 'aws.bin'));
    }
    rmSync(big);

    const folder = join(root, 'folder', 'small');
    mkdirSync(folder, { recursive: true });
    const payload = Buffer.alloc(o.fileKiB * 1024, 7);
    for (let i = 0; i < o.files; i++) {
      const d = join(folder, `d${Math.floor(i / 1000)}`);
      if (i % 1000 === 0) mkdirSync(d, { recursive: true });
      writeFileSync(join(d, `f${i}.bin`), payload);
    }
    // Downloaded folders are kept until the end: deleting 10,000 files would slow the next row's creates.
    for (let round = 0; round < o.repeat; round++) {
      row('sdkDirUp', pid, () => sdkOp(p, 'uploadDir', folder, `obs://${bucket}/sdkdir${round}/`));
      row('sdkDirDown', pid, () => sdkOp(p, 'downloadDir', `obs://${bucket}/sdkdir0/small/`, join(root, `sdkdir-down${round}/`)));
      row('awsDirUp', pid, () => p.aws('s3', 'cp', '--recursive', folder, `s3://${bucket}/awsdir${round}/small/`, '--only-show-errors'));
      row('awsDirDown', pid, () =>
        p.aws('s3', 'cp', '--recursive', `s3://${bucket}/awsdir0/small/`, join(root, `awsdir-down${round}`), '--only-show-errors'),
      );
    }

    const rate = (k) => bytes / MiB / m[k].seconds;
    const fps = (k) => o.files / m[k].seconds;
    const x = (base, k) => `${(m[base].seconds / m[k].seconds).toFixed(2)}x ${base}`;
    const perGiB = (c) => (c ? `${((c.user * GiB) / bytes).toFixed(2)}+${((c.system * GiB) / bytes).toFixed(2)}` : '');
    const per10k = (c) => (c ? `${((c.user * 10_000) / o.files).toFixed(2)}+${((c.system * 10_000) / o.files).toFixed(2)}` : '');
    const rows = [
      ['durable copy (dd 16K fsync)', rate('dd'), 'MiB/s', 'dd', ''],
      ['plain cp', rate('cp'), 'MiB/s', 'cp', ''],
      ['one HTTP PUT (curl, presigned)', rate('curlPut'), 'MiB/s', 'curlPut', 'the transport limit of one upload stream'],
      [
        'SDK uploadFile',
        rate('sdkUp'),
        'MiB/s',
        'sdkUp',
        `${x('curlPut', 'sdkUp')}, ${x('dd', 'sdkUp')}, ${x('awsUp', 'sdkUp')} (targets >= 0.8x curl PUT, >= 0.6x dd)`,
      ],
      ['aws s3 cp (up)', rate('awsUp'), 'MiB/s', 'awsUp', ''],
      ['one HTTP GET (curl, presigned)', rate('curlGet'), 'MiB/s', 'curlGet', 'the transport limit of one download stream'],
      [
        'SDK downloadFile',
        rate('sdkDown'),
        'MiB/s',
        'sdkDown',
        `${x('curlGet', 'sdkDown')}, ${x('cp', 'sdkDown')}, ${x('awsDown', 'sdkDown')} (target >= 0.8x curl GET)`,
      ],
      ['aws s3 cp (down)', rate('awsDown'), 'MiB/s', 'awsDown', ''],
    ].map((r) => [...r, perGiB]);
    rows.push(
      ['SDK uploadDir', fps('sdkDirUp'), 'files/s', 'sdkDirUp', `${x('awsDirUp', 'sdkDirUp')} (target >= 2.5x)`, per10k],
      ['aws s3 cp --recursive (up)', fps('awsDirUp'), 'files/s', 'awsDirUp', '', per10k],
      ['SDK downloadDir', fps('sdkDirDown'), 'files/s', 'sdkDirDown', `${x('awsDirDown', 'sdkDirDown')} (target >= 4x)`, per10k],
      ['aws s3 cp --recursive (down)', fps('awsDirDown'), 'files/s', 'awsDirDown', '', per10k],
    );
    const rss = peakRssMiB(pid);
    console.log('');
    console.log(
      `${'Figure'.padEnd(32)} ${'rate'.padStart(9)} ${'unit'.padEnd(8)} ${'client CPU'.padStart(11)} ${'platform CPU'.padStart(12)} ${'peak RSS'.padStart(8)}  ratios`,
    );
    console.log(`${''.padEnd(51)} user+sys s per GiB (or per 10k files); platform MiB`);
    for (const [name, v, unit, k, note, per] of rows) {
      const rssCol = m[k].rss === undefined ? '' : m[k].rss.toFixed(0);
      console.log(
        `${name.padEnd(32)} ${v.toFixed(1).padStart(9)} ${unit.padEnd(8)} ${per(m[k].client).padStart(11)} ${per(m[k].platform).padStart(12)} ${rssCol.padStart(8)}  ${note}`,
      );
    }
    console.log(`${'platform peak RSS (VmHWM)'.padEnd(32)} ${rss.toFixed(1).padStart(9)} MiB      (target < 300 MiB)`);
    console.log(`\nbest of ${o.repeat} runs per row (wall seconds of each run, in order):`);
    for (const [name, , , k] of rows) console.log(`  ${name.padEnd(30)} ${m[k].runs.map((t) => t.toFixed(2)).join('  ')}`);
    // A durable copy in 16 KiB writes needs ~0.4 s of system CPU per GiB on this VM; far more means the host is
    // backing fresh pages even for small page-cache folios, which inflates every row that writes new page cache.
    const ddSys = (m.dd.client.system * GiB) / bytes;
    if (ddSys > 1) {
      console.log(
        `\nwarning: dd needed ${ddSys.toFixed(2)} s of system CPU per GiB (about 0.4 usually): the VM is still backing fresh memory, ` +
          'so rows that write new pages pay extra at random. Run the bench again.',
      );
    }
  } finally {
    await stopPlatformProcess(p.child);
  }
}

/**
 * Profiles the platform and the SDK process over each 1 GiB transfer (and the platform under one curl stream, for
 * comparison): a fresh platform per run on the same data, so each profile holds one transfer. Files are kept.
 */
async function profile(o, root) {
  const dir = mkdtempSync(join(tmpdir(), 'obs-prof-'));
  const big = makeBigFile(root, o.sizeMiB);
  const down = join(root, 'down');
  mkdirSync(down);
  const prof = (name) => ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}.cpuprofile`];
  const runs = [
    ['upload', (p) => sdkOp(p, 'uploadFile', big, 'obs://bench/sdk/', prof('sdk-upload'))],
    ['download', (p) => sdkOp(p, 'downloadFile', 'obs://bench/sdk/big.bin', `${down}/`, prof('sdk-download'))],
    ['curl-put', async (p) => curlPut(big, await p.presignPut('bench', 'curl/big.bin'))],
    ['curl-get', (p) => curlGet(p.presignGet('bench', 'sdk/big.bin'), join(down, 'curl.bin'))],
  ];
  for (const [name, fn] of runs) {
    const p = await platform(root, prof(`platform-${name}`));
    try {
      if (name === 'upload') p.aws('s3', 'mb', 's3://bench');
      sh('sync', []);
      const t = process.hrtime.bigint();
      await fn(p);
      console.log(`${name}: ${((o.sizeMiB * MiB) / MiB / (Number(process.hrtime.bigint() - t) / 1e9)).toFixed(1)} MiB/s (profiled)`);
    } finally {
      await stopPlatformProcess(p.child);
    }
    rmSync(join(down, 'big.bin'), { force: true });
    rmSync(join(down, 'curl.bin'), { force: true });
  }
  console.log(`\nprofiles in ${dir} (open in Chrome DevTools, or: node bench/cpu-profile.mjs <file>)`);
  for (const f of readdirSync(dir).sort()) {
    console.log('');
    for (const l of summaryLines(join(dir, f), 15)) console.log(l);
  }
}
