// Model serving on ModelArts Local (a separate process, as users run it): deploy → `running` for a stdlib model;
// predict latency (p50/p99) and throughput through the router against the same model server started directly, same
// run, same clients; and 10 services × 2 instances at once with the platform's RSS. Figures and ratios only.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { getOperation } from '@modelarts-ts/contract';
import { startModelServer } from '@modelarts-ts/runtime';
import { Session } from '@modelarts-ts/sdk';
import { startPlatformProcess, stopPlatformProcess } from '../lib.mjs';

const CONFIG = { model_type: 'MindSpore', model_algorithm: 'predict_analysis' };
const CODE = `from model_service.model_service import SingleNodeService


class Sum(SingleNodeService):
    def _inference(self, data):
        return {'sum': sum(data.get('x', []))}
`;
const BODY = Buffer.from(JSON.stringify({ x: [1, 2, 3, 4] }));

const now = () => performance.now();
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const median = (xs) =>
  pct(
    [...xs].sort((a, b) => a - b),
    50,
  );

function parseArgs(args) {
  const o = { runs: 5, clients: 32, seconds: 5, services: 10, python: process.env.PYTHON ?? 'python3' };
  for (const a of args) {
    const [k, v] = a.replace(/^--/, '').split('=');
    if (k in o) o[k] = k === 'python' ? v : Number(v);
  }
  o.python = execFileSync(o.python, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  return o;
}

function rssMiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

/** `clients` loops posting BODY to `url` for `seconds`; latencies in ms and requests per second. */
async function load(url, headers, clients, seconds) {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const lat = [];
  let errors = 0;
  const until = now() + seconds * 1000;
  const one = () =>
    new Promise((resolve) => {
      const t0 = now();
      const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': BODY.length, ...headers } }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) lat.push(now() - t0);
          else errors++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(BODY);
    });
  const started = now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (now() < until) await one();
    }),
  );
  const elapsed = (now() - started) / 1000;
  agent.destroy();
  lat.sort((a, b) => a - b);
  return { p50: pct(lat, 50), p99: pct(lat, 99), rps: lat.length / elapsed, n: lat.length, errors };
}

/**
 * A minimal keep-alive Node proxy in front of `target` (no auth, no routing): what any extra hop costs on this
 * machine, so that the router's overhead can be told apart from the hop's.
 */
async function bareProxy(target) {
  const upstream = new Agent({ keepAlive: true });
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const out = request(
        `${target}/`,
        { method: 'POST', agent: upstream, headers: { 'content-type': 'application/json', 'content-length': body.length } },
        (r) => {
          const parts = [];
          r.on('data', (c) => parts.push(c));
          r.on('end', () => {
            res.writeHead(r.statusCode ?? 502, { 'content-type': 'application/json' });
            res.end(Buffer.concat(parts));
          });
        },
      );
      out.on('error', () => res.writeHead(502).end());
      out.end(body);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      upstream.destroy();
      return new Promise((r) => server.close(r));
    },
  };
}

async function waitStatus(session, id, statuses) {
  for (;;) {
    const s = await session.client.request(getOperation('services.get'), { params: { service_id: id } });
    if (statuses.includes(s.status)) return s;
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function deployService(session, name, modelId, instances) {
  const body = {
    service_name: name,
    infer_type: 'real-time',
    config: [{ model_id: modelId, specification: 'modelarts.vm.cpu.2u', instance_count: instances, weight: 100 }],
  };
  return (await session.client.request(getOperation('services.deploy'), { body })).service_id;
}

async function deleteService(session, id) {
  await session.client.request(getOperation('services.delete'), { params: { service_id: id } });
}

export async function run(args) {
  const o = parseArgs(args);
  const root = mkdtempSync(join(process.env.BENCH_TMP ?? tmpdir(), 'bench-serving-'));
  const { child, endpoint } = await startPlatformProcess(join(root, 'data'), [], { ...process.env, MODELARTS_LOCAL_PYTHON: o.python });
  let direct;
  try {
    const creds = JSON.parse(readFileSync(join(root, 'data', 'credentials.json'), 'utf8'));
    const session = new Session({
      access_key: creds.access_key,
      secret_key: creds.secret_key,
      project_id: creds.project_id,
      region_name: creds.region_name,
      endpoint,
    });
    const tokenRes = await fetch(`${endpoint}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: { methods: ['password'], password: { user: { name: creds.username, password: creds.password, domain: { name: creds.account } } } },
          scope: { project: { id: creds.project_id } },
        },
      }),
    });
    const token = tokenRes.headers.get('x-subject-token');
    await session.obs.makeBucket('bench-serving');
    const modelDir = join(root, 'pkg', 'model');
    mkdirSync(modelDir, { recursive: true });
    writeFileSync(join(modelDir, 'config.json'), JSON.stringify(CONFIG));
    writeFileSync(join(modelDir, 'customize_service.py'), CODE);
    for (const f of ['config.json', 'customize_service.py']) await session.obs.copy(join(modelDir, f), `obs://bench-serving/pkg/model/${f}`);
    const { model_id } = await session.client.request(getOperation('models.create'), {
      body: { model_name: 'bench', model_version: '1.0.0', source_location: 'obs://bench-serving/pkg/', model_type: 'MindSpore' },
    });
    for (;;) {
      const m = await session.client.request(getOperation('models.get'), { params: { model_id } });
      if (m.model_status === 'published') break;
      if (m.model_status !== 'publishing') throw new Error(`model ${m.model_status}: ${m.error_msg}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    console.log(
      `ModelArts Local ${endpoint}; ${o.python}; ${o.clients} clients × ${o.seconds} s; load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );

    // 1. deploy → running.
    const deployMs = [];
    for (let i = 0; i <= o.runs; i++) {
      const t0 = now();
      const id = await deployService(session, `deploy-${i}`, model_id, 1);
      const s = await waitStatus(session, id, ['running', 'failed']);
      if (s.status !== 'running') throw new Error(`deployment failed: ${s.error_msg}`);
      if (i > 0) deployMs.push(now() - t0); // the first run warms up
      await deleteService(session, id);
    }
    console.log(`deploy → running (1 instance, median of ${o.runs}): ${median(deployMs).toFixed(0)} ms (goal ≤ 2000 ms)`);

    // 2. predict through the router vs straight to a model server of the same package.
    const svc = await deployService(session, 'predict', model_id, 1);
    await waitStatus(session, svc, ['running']);
    direct = await startModelServer({ modelDir, python: o.python, modelName: 'bench' });
    const routerUrl = `${endpoint}/v1/infers/${svc}/`;
    await load(routerUrl, { 'x-auth-token': token }, o.clients, 1);
    await load(`${direct.url}/`, {}, o.clients, 1);
    const proxy = await bareProxy(direct.url);
    const viaRouter = await load(routerUrl, { 'x-auth-token': token }, o.clients, o.seconds);
    const straight = await load(`${direct.url}/`, {}, o.clients, o.seconds);
    const viaProxy = await load(`${proxy.url}/`, {}, o.clients, o.seconds);
    await proxy.close();
    const row = (name, r) =>
      `${name.padEnd(26)} p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms   ${r.rps.toFixed(0).padStart(6)} req/s   (${r.n} ok, ${r.errors} errors)`;
    console.log(row('router (token)', viaRouter));
    console.log(row('model server directly', straight));
    console.log(row('minimal Node proxy (hop)', viaProxy));
    console.log(
      `router overhead: p50 +${(viaRouter.p50 - straight.p50).toFixed(2)} ms (goal ≤ 0.5 ms), throughput ${(viaRouter.rps / straight.rps).toFixed(2)}× direct (goal ≥ 0.8×)`,
    );
    console.log(
      `a bare hop on this machine: p50 +${(viaProxy.p50 - straight.p50).toFixed(2)} ms, ${(viaProxy.rps / straight.rps).toFixed(2)}× direct; router vs bare hop: ${(viaRouter.rps / viaProxy.rps).toFixed(2)}× its throughput`,
    );
    await direct.stop(2000);
    direct = undefined;
    await deleteService(session, svc);

    // 3. many services at once.
    const t0 = now();
    const ids = [];
    for (let i = 0; i < o.services; i++) ids.push(await deployService(session, `many-${i}`, model_id, 2));
    const states = await Promise.all(ids.map((id) => waitStatus(session, id, ['running', 'failed'])));
    const running = states.filter((s) => s.status === 'running').length;
    console.log(
      `${o.services} services × 2 instances: ${running} running after ${(now() - t0).toFixed(0)} ms; platform RSS ${rssMiB(child.pid).toFixed(0)} MiB (goal < 300 MiB)`,
    );
    for (const id of ids) await deleteService(session, id);
    await session.close();
  } finally {
    await direct?.stop(0);
    await stopPlatformProcess(child);
    rmSync(root, { recursive: true, force: true });
  }
}
