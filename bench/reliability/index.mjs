// Reliability under hostile load: 64 KiB PUT/GET at N clients, clean, then while slow clients and unauthenticated
// 12 MB bodies hit the same ModelArts Local. Prints errors, p50/p99, requests/s, platform RSS, and the ratio of the
// hostile throughput to the clean one (the baseline of this run).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startPlatformProcess, stopPlatformProcess } from '../lib.mjs';

const KiB = 1024;
const MiB = 1024 * KiB;

function parseArgs(args) {
  const o = { seconds: 10, clients: 200, slow: 200, bodies: 50 };
  for (const a of args) {
    const [k, v] = a.replace(/^--/, '').split('=');
    if (k in o) o[k] = Number(v);
  }
  return o;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function rssMiB(pid, field) {
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

/** CPU seconds the process has used (user + system; the kernel counts in 1/100 s). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : Number.NaN;
}

/** `clients` loops of PUT then GET of a 64 KiB object for `seconds`; returns counts, latencies and peak RSS. */
async function putGetLoad(s3, pid, clients, seconds) {
  const body = Buffer.alloc(64 * KiB, 0x5a);
  const latencies = [];
  let errors = 0;
  let firstError;
  let peakRss = 0;
  const until = Date.now() + seconds * 1000;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssMiB(pid, 'VmRSS'));
  }, 200);
  const started = process.hrtime.bigint();
  const cpuBefore = cpuSeconds(pid);
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; Date.now() < until; i++) {
        const key = `c${c}/o${i % 8}`;
        for (const op of ['put', 'get']) {
          const t = process.hrtime.bigint();
          try {
            if (op === 'put') await s3.send(new PutObjectCommand({ Bucket: 'bench', Key: key, Body: body }));
            else {
              const r = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: key }));
              const got = await r.Body.transformToByteArray();
              if (got.length !== body.length) throw new Error(`short read ${got.length}`);
            }
            latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
          } catch (e) {
            errors++;
            firstError ??= e;
          }
        }
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = (100 * (cpuSeconds(pid) - cpuBefore)) / elapsed;
  clearInterval(sampler);
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    firstError,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rps: latencies.length / elapsed,
    peakRss,
    cpu,
  };
}

/** Slow clients: each trickles a request head one byte a second, reconnecting whenever the server closes it. */
function slowClients(endpoint, n) {
  const url = new URL(endpoint);
  let stopped = false;
  let closedByServer = 0;
  const sockets = new Set();
  const one = () => {
    if (stopped) return;
    const s = connect(Number(url.port), url.hostname);
    sockets.add(s);
    const head = `PUT /bench/slow HTTP/1.1\r\nHost: ${url.host}\r\nX-Slow: ${'a'.repeat(4000)}`;
    let i = 0;
    const timer = setInterval(() => {
      if (!s.destroyed) s.write(head[i++ % head.length]);
    }, 1000);
    s.on('error', () => {});
    s.on('close', () => {
      clearInterval(timer);
      sockets.delete(s);
      if (!stopped) {
        closedByServer++;
        setTimeout(one, 100);
      }
    });
  };
  for (let i = 0; i < n; i++) one();
  return {
    stop: () => {
      stopped = true;
      for (const s of sockets) s.destroy();
      return closedByServer;
    },
  };
}

/** Unauthenticated 12 MB PUTs in `n` loops; counts the answers by status. */
function unauthenticatedBodies(endpoint, n) {
  const url = new URL(endpoint);
  const body = Buffer.alloc(12 * MiB, 0x61);
  const agent = new Agent({ keepAlive: true, maxSockets: n });
  const statuses = new Map();
  let stopped = false;
  const count = (k) => statuses.set(k, (statuses.get(k) ?? 0) + 1);
  const loop = async () => {
    while (!stopped) {
      await new Promise((resolve) => {
        const req = request(
          { host: url.hostname, port: url.port, method: 'PUT', path: '/bench/intruder', agent, headers: { 'content-length': String(body.length) } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(count(res.statusCode)));
            res.on('error', () => resolve(count(res.statusCode)));
          },
        );
        req.on('error', (e) => resolve(count(e.code ?? 'error')));
        req.end(body);
      });
    }
  };
  const loops = Array.from({ length: n }, loop);
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
      agent.destroy();
      return statuses;
    },
  };
}

function row(name, r) {
  return `${name.padEnd(34)} ${String(r.requests).padStart(8)} ${String(r.errors).padStart(7)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${r.rps.toFixed(0).padStart(8)} ${r.peakRss.toFixed(0).padStart(8)} ${r.cpu.toFixed(0).padStart(8)}`;
}

export async function run(args) {
  const o = parseArgs(args);
  const root = mkdtempSync(join(process.env.BENCH_TMP ?? tmpdir(), 'bench-reliability-'));
  const { child, endpoint } = await startPlatformProcess(join(root, 'data'));
  try {
    const creds = JSON.parse(readFileSync(join(root, 'data', 'credentials.json'), 'utf8'));
    const s3 = new S3Client({
      endpoint,
      forcePathStyle: true,
      region: creds.region_name,
      credentials: { accessKeyId: creds.access_key, secretAccessKey: creds.secret_key },
      requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: o.clients }) }),
      maxAttempts: 1,
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
    console.log(`ModelArts Local ${endpoint}; ${o.clients} clients x 64 KiB PUT+GET for ${o.seconds} s per phase`);
    console.log(`hostile phase adds ${o.slow} slow clients (1 header byte/s) and ${o.bodies} loops of unauthenticated 12 MB PUTs`);
    await putGetLoad(s3, child.pid, Math.min(o.clients, 20), 1); // warm-up

    const clean = await putGetLoad(s3, child.pid, o.clients, o.seconds);
    const slow = slowClients(endpoint, o.slow);
    const intruders = unauthenticatedBodies(endpoint, o.bodies);
    await sleep(500);
    const hostile = await putGetLoad(s3, child.pid, o.clients, o.seconds);
    const reconnects = slow.stop();
    const statuses = await intruders.stop();
    const health = await fetch(`${endpoint}/-/health`).then((r) => r.status);

    console.log('');
    console.log(
      `${'phase'.padEnd(34)} ${'requests'.padStart(8)} ${'errors'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'req/s'.padStart(8)} ${'RSS MiB'.padStart(8)}`,
    );
    console.log(row('clean', clean));
    console.log(row('with slow clients + 12 MB intruders', hostile));
    console.log('');
    console.log('(CPU %: the platform process, 100 = one core; the load generator shares the same machine.)');
    console.log(`throughput ratio hostile/clean: ${(hostile.rps / clean.rps).toFixed(2)} (goal >= 0.8)`);
    console.log(`platform peak RSS (VmHWM): ${rssMiB(child.pid, 'VmHWM').toFixed(0)} MiB (goal < 300 MiB)`);
    console.log(`intruder answers: ${[...statuses].map(([k, v]) => `${k} x${v}`).join(', ')}; slow clients closed by the server: ${reconnects}`);
    console.log(`health after the run: ${health}`);
    for (const [name, r] of [
      ['clean', clean],
      ['hostile', hostile],
    ]) {
      if (r.firstError) console.log(`first error (${name}): ${r.firstError.name}: ${r.firstError.message}`);
    }
    s3.destroy();
  } finally {
    await stopPlatformProcess(child);
    rmSync(root, { recursive: true, force: true });
  }
}
