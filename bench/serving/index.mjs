// Model serving on ModelArts Local (a separate process, as users run it): deploy → `running` for a stdlib model;
// predict latency (p50/p99) and throughput through the router against the same model server started directly, same
// run, same clients; and 10 services × 2 instances at once with the platform's RSS. Figures and ratios only.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getOperation } from '@modelarts-ts/contract';
import { startModelServer } from '@modelarts-ts/runtime';
import { summarise } from '../cpu-profile.mjs';
import { sessionFor, startPlatformProcess, stopPlatformProcess } from '../lib.mjs';

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
  const o = { runs: 5, clients: 32, seconds: 5, rounds: 2, services: 10, profile: '', python: process.env.PYTHON ?? 'python3' };
  for (const a of args) {
    const [k, v] = a.replace(/^--/, '').split('=');
    if (k in o) o[k] = typeof o[k] === 'string' ? v : Number(v);
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

/** Starts bare-proxy.mjs (a minimal Node hop in its own process) in front of `target`. */
async function bareProxy(target, nodeArgs) {
  const child = spawn(process.execPath, [...nodeArgs, fileURLToPath(new URL('./bare-proxy.mjs', import.meta.url)), target], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (c) => resolve(Number(String(c).trim())));
    child.once('exit', (code) => reject(new Error(`the bare proxy exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    close: () => {
      child.kill('SIGTERM');
      return new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    },
  };
}

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** User + system CPU time of a process so far, in ms (from /proc; 10 ms resolution). */
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
}

/** `pid` and every process below it (for the platform: its model servers, sandboxed or not). */
function processTree(pid) {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const tid of readdirSync(`/proc/${out[i]}/task`)) {
        const kids = readFileSync(`/proc/${out[i]}/task/${tid}/children`, 'utf8').trim();
        if (kids) out.push(...kids.split(' ').map(Number));
      }
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const sumCpuMs = (pids) =>
  pids.reduce((a, p) => {
    try {
      return a + cpuMs(p);
    } catch {
      return a;
    }
  }, 0);

/**
 * `load` while measuring the CPU time spent per request answered, in µs, by the hop (`hop`: the platform or the bare
 * proxy, without its children), the model server(s) (`model`: these processes and their children), and this
 * process, the load generator (`client`). Unlike req/s, these hardly depend on what else the machine runs.
 */
async function loadWithCpu(hopPid, modelPids, url, headers, clients, seconds) {
  const models = modelPids.flatMap(processTree).filter((p) => p !== hopPid);
  const hop0 = hopPid ? cpuMs(hopPid) : 0;
  const model0 = sumCpuMs(models);
  const client0 = process.cpuUsage();
  const r = await load(url, headers, clients, seconds);
  const client = process.cpuUsage(client0);
  const per = (ms) => (ms * 1000) / Math.max(1, r.n + r.errors);
  return {
    ...r,
    cpuUs: hopPid ? per(cpuMs(hopPid) - hop0) : 0,
    modelUs: per(sumCpuMs(models) - model0),
    clientUs: per((client.user + client.system) / 1000),
  };
}

/** Several results of the same target as one (latencies weighted by count). */
function merge(rs) {
  const n = rs.reduce((a, r) => a + r.n, 0);
  const w = (k) => rs.reduce((a, r) => a + r[k] * r.n, 0) / Math.max(1, n);
  return {
    p50: w('p50'),
    p99: w('p99'),
    rps: w('rps'),
    cpuUs: w('cpuUs'),
    modelUs: w('modelUs'),
    clientUs: w('clientUs'),
    n,
    errors: rs.reduce((a, r) => a + r.errors, 0),
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
  const nodeArgs = o.profile ? ['--cpu-prof', `--cpu-prof-dir=${o.profile}`] : [];
  const { child, endpoint } = await startPlatformProcess(join(root, 'data'), [], { ...process.env, MODELARTS_LOCAL_PYTHON: o.python }, nodeArgs);
  let direct;
  try {
    const creds = JSON.parse(readFileSync(join(root, 'data', 'credentials.json'), 'utf8'));
    const session = sessionFor(creds, endpoint);
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
    const proxy = await bareProxy(direct.url, o.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(o.profile, 'bare-hop')}`] : []);
    const auth = { 'x-auth-token': token };
    await load(routerUrl, auth, o.clients, 1);
    await load(`${direct.url}/`, {}, o.clients, 1);
    await load(`${proxy.url}/`, {}, o.clients, 1);
    // Rounds alternate the three targets, so that a change of the machine's load hits them alike.
    const targets = {
      router: [child.pid, [child.pid], routerUrl, auth],
      direct: [undefined, [direct.pid], `${direct.url}/`, {}],
      proxy: [proxy.pid, [direct.pid], `${proxy.url}/`, {}],
    };
    const measure = async (clients, seconds, rounds) => {
      const got = { router: [], direct: [], proxy: [] };
      for (let i = 0; i < rounds; i++) {
        for (const [name, [hop, models, url, headers]] of Object.entries(targets))
          got[name].push(await loadWithCpu(hop, models, url, headers, clients, seconds / rounds));
      }
      return { router: merge(got.router), direct: merge(got.direct), proxy: merge(got.proxy) };
    };
    const busy = await measure(o.clients, o.seconds, o.rounds);
    // One client: the time a request spends in each hop, without queueing behind the others.
    const single = await measure(1, Math.max(1, o.seconds / 4), 1);
    await proxy.close();
    const { router: viaRouter, direct: straight, proxy: viaProxy } = busy;
    const row = (name, r) =>
      `${name.padEnd(26)} p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms   ${r.rps.toFixed(0).padStart(6)} req/s   (${r.n} ok, ${r.errors} errors)`;
    console.log(`${o.clients} clients:`);
    console.log(row('router (token)', viaRouter));
    console.log(row('model server directly', straight));
    console.log(row('minimal Node proxy (hop)', viaProxy));
    console.log(
      `router overhead: p50 +${(viaRouter.p50 - straight.p50).toFixed(2)} ms (goal ≤ 0.5 ms), throughput ${(viaRouter.rps / straight.rps).toFixed(2)}× direct (goal ≥ 0.8×)`,
    );
    console.log(
      `a bare hop on this machine: p50 +${(viaProxy.p50 - straight.p50).toFixed(2)} ms, ${(viaProxy.rps / straight.rps).toFixed(2)}× direct; router vs bare hop: ${(viaRouter.rps / viaProxy.rps).toFixed(2)}× its throughput, ${(viaRouter.cpuUs / viaProxy.cpuUs).toFixed(2)}× its CPU per request`,
    );
    const cpuRow = (name, r) =>
      `${name.padEnd(26)} hop ${r.cpuUs.toFixed(0).padStart(4)} µs   model server ${r.modelUs.toFixed(0).padStart(4)} µs   load generator ${r.clientUs.toFixed(0).padStart(4)} µs   total ${(r.cpuUs + r.modelUs + r.clientUs).toFixed(0).padStart(4)} µs`;
    console.log(`CPU time per request (${o.clients} clients; load-independent, unlike req/s):`);
    console.log(cpuRow('router (platform)', viaRouter));
    console.log(cpuRow('model server directly', straight));
    console.log(cpuRow('minimal Node proxy (hop)', viaProxy));
    // With every core busy, req/s is at most cores / total CPU per request: the ratio a hop can reach at best.
    const total = (r) => r.cpuUs + r.modelUs + r.clientUs;
    console.log(
      `on ${cpus().length} cores, CPU-bound: the router can reach at most ${(total(straight) / total(viaRouter)).toFixed(2)}× direct, a bare hop ${(total(straight) / total(viaProxy)).toFixed(2)}× direct`,
    );
    console.log('1 client (no queueing):');
    console.log(row('router (token)', single.router));
    console.log(row('model server directly', single.direct));
    console.log(row('minimal Node proxy (hop)', single.proxy));
    console.log(
      `router overhead at 1 client: p50 +${(single.router.p50 - single.direct.p50).toFixed(2)} ms; a bare hop: +${(single.proxy.p50 - single.direct.p50).toFixed(2)} ms`,
    );
    console.log(
      `load average now ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
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
  if (o.profile) printProfile(o.profile);
}

/** The platform's profile of this run (the newest in `dir`): top self time, and time under the router's steps. */
function printProfile(dir) {
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort()
    .at(-1);
  if (!file) return;
  const s = summarise(JSON.parse(readFileSync(file, 'utf8')));
  const busy = s.totalMs - (s.self.get('(idle)') ?? 0);
  console.log(`platform CPU profile ${file}: ${busy.toFixed(0)} ms busy; top self time:`);
  const top = [...s.self].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]);
  for (const [k, v] of top.slice(0, 25)) console.log(`${v.toFixed(0).padStart(7)} ms ${((100 * v) / busy).toFixed(1).padStart(5)}%  ${k}`);
}
