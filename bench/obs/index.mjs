// OBS transfer benchmark: SDK vs aws CLI vs disk baselines, all in one run against one ModelArts Local.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '@modelarts-ts/sdk';
import { startPlatformProcess, stopPlatformProcess } from '../lib.mjs';

const MiB = 1024 * 1024;
const AWS = process.env.AWS ?? '/usr/bin/aws';

function parseArgs(args) {
  const o = { sizeMiB: 1024, files: 10_000, fileKiB: 4 };
  for (const a of args) {
    const [k, v] = a.replace(/^--/, '').split('=');
    if (k === 'size-mib') o.sizeMiB = Number(v);
    if (k === 'files') o.files = Number(v);
  }
  return o;
}

async function time(fn) {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
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

export async function run(args) {
  const o = parseArgs(args);
  const root = mkdtempSync(join(process.env.BENCH_TMP ?? tmpdir(), 'bench-obs-'));
  const { child, endpoint } = await startPlatformProcess(join(root, 'data'));
  try {
    const creds = JSON.parse(readFileSync(join(root, 'data', 'credentials.json'), 'utf8'));
    const session = new Session({
      access_key: creds.access_key,
      secret_key: creds.secret_key,
      project_id: creds.project_id,
      region_name: creds.region_name,
      endpoint,
    });
    const awsEnv = {
      AWS_ACCESS_KEY_ID: creds.access_key,
      AWS_SECRET_ACCESS_KEY: creds.secret_key,
      AWS_DEFAULT_REGION: creds.region_name,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const aws = (...a) => sh(AWS, ['--endpoint-url', endpoint, ...a], awsEnv);
    await session.obs.makeBucket('bench');

    console.log(`ModelArts Local ${endpoint}; big file ${o.sizeMiB} MiB; folder ${o.files} x ${o.fileKiB} KiB; data in ${root}`);
    const big = join(root, 'big.bin');
    sh('dd', ['if=/dev/urandom', `of=${big}`, 'bs=1M', `count=${o.sizeMiB}`, 'status=none']);
    const bigSum = await sha256(big);
    const bytes = statSync(big).size;
    const rate = (s) => bytes / MiB / s;

    const rows = [];
    const ddS = await time(() => sh('dd', [`if=${big}`, `of=${join(root, 'dd.bin')}`, 'bs=1M', 'conv=fsync', 'status=none']));
    rmSync(join(root, 'dd.bin'));
    const cpS = await time(() => sh('cp', [big, join(root, 'cp.bin')]));
    rmSync(join(root, 'cp.bin'));
    sh('sync', []);
    const sdkUpS = await time(() => session.obs.uploadFile(big, 'obs://bench/sdk/'));
    const down = join(root, 'down');
    mkdirSync(down);
    sh('sync', []);
    const sdkDownS = await time(() => session.obs.downloadFile('obs://bench/sdk/big.bin', `${down}/`));
    if ((await sha256(join(down, 'big.bin'))) !== bigSum) throw new Error('SDK download differs from the source');
    rmSync(join(down, 'big.bin'));
    sh('sync', []);
    const awsUpS = await time(() => aws('s3', 'cp', big, 's3://bench/aws/big.bin', '--only-show-errors'));
    const awsDownS = await time(() => aws('s3', 'cp', 's3://bench/aws/big.bin', join(down, 'aws.bin'), '--only-show-errors'));
    rmSync(join(down, 'aws.bin'));
    // The transport's own limit: one plain HTTP GET of the same object to a file (curl on a presigned URL).
    const url = execFileSync(AWS, ['--endpoint-url', endpoint, 's3', 'presign', 's3://bench/sdk/big.bin'], {
      env: { ...process.env, ...awsEnv },
      encoding: 'utf8',
    }).trim();
    sh('sync', []);
    const curlS = await time(() => sh('curl', ['-sf', '-o', join(down, 'curl.bin'), url]));
    rmSync(join(down, 'curl.bin'));
    rmSync(big);
    rows.push(['durable copy (dd conv=fsync)', rate(ddS), 'MiB/s', '']);
    rows.push(['plain cp', rate(cpS), 'MiB/s', '']);
    rows.push([
      'SDK uploadFile',
      rate(sdkUpS),
      'MiB/s',
      `${(ddS / sdkUpS).toFixed(2)}x dd, ${(awsUpS / sdkUpS).toFixed(2)}x aws (targets >= 0.6x dd, >= 1x aws)`,
    ]);
    rows.push(['aws s3 cp (up)', rate(awsUpS), 'MiB/s', '']);
    rows.push([
      'SDK downloadFile',
      rate(sdkDownS),
      'MiB/s',
      `${(cpS / sdkDownS).toFixed(2)}x cp, ${(awsDownS / sdkDownS).toFixed(2)}x aws, ${(curlS / sdkDownS).toFixed(2)}x one curl GET (targets >= 0.5x cp, >= 1x aws)`,
    ]);
    rows.push(['aws s3 cp (down)', rate(awsDownS), 'MiB/s', '']);
    rows.push(['one HTTP GET (curl, presigned)', rate(curlS), 'MiB/s', 'the transport limit of a single stream']);

    const folder = join(root, 'folder', 'small');
    mkdirSync(folder, { recursive: true });
    const payload = Buffer.alloc(o.fileKiB * 1024, 7);
    for (let i = 0; i < o.files; i++) {
      const d = join(folder, `d${Math.floor(i / 1000)}`);
      if (i % 1000 === 0) mkdirSync(d, { recursive: true });
      writeFileSync(join(d, `f${i}.bin`), payload);
    }
    const fps = (s) => o.files / s;
    sh('sync', []);
    const sdkDirUpS = await time(() => session.obs.uploadDir(folder, 'obs://bench/sdkdir/'));
    sh('sync', []);
    const sdkDirDownS = await time(() => session.obs.downloadDir('obs://bench/sdkdir/small/', join(root, 'sdkdir-down/')));
    sh('sync', []);
    const awsDirUpS = await time(() => aws('s3', 'cp', '--recursive', folder, 's3://bench/awsdir/small/', '--only-show-errors'));
    const awsDirDownS = await time(() => aws('s3', 'cp', '--recursive', 's3://bench/awsdir/small/', join(root, 'awsdir-down'), '--only-show-errors'));
    rows.push(['SDK uploadDir', fps(sdkDirUpS), 'files/s', `${(awsDirUpS / sdkDirUpS).toFixed(2)}x aws (target >= 1.5x)`]);
    rows.push(['aws s3 cp --recursive (up)', fps(awsDirUpS), 'files/s', '']);
    rows.push(['SDK downloadDir', fps(sdkDirDownS), 'files/s', `${(awsDirDownS / sdkDirDownS).toFixed(2)}x aws (target >= 1.5x)`]);
    rows.push(['aws s3 cp --recursive (down)', fps(awsDirDownS), 'files/s', '']);

    const rss = peakRssMiB(child.pid);
    console.log('');
    for (const [name, v, unit, note] of rows) console.log(`${name.padEnd(32)} ${v.toFixed(1).padStart(9)} ${unit.padEnd(8)} ${note}`);
    console.log(`${'platform peak RSS (VmHWM)'.padEnd(32)} ${rss.toFixed(1).padStart(9)} MiB      (target < 300 MiB)`);
    await session.close();
  } finally {
    await stopPlatformProcess(child);
    rmSync(root, { recursive: true, force: true });
  }
}
