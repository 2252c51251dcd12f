import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { get } from 'node:http';
import { delimiter, dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { splitInterpreter } from '../command.js';
import { cleanBaseEnv } from '../environment.js';
import { signalTree } from '../proc.js';
import { type Isolation, sandboxCommand } from '../sandbox.js';
import { LineTail } from '../worker-log.js';

/** The Python side: the `model_service`, `log` and `metric` modules and the server script (stdlib only, Python 3.8+). */
export const MODEL_SERVER_PYTHON_DIR = fileURLToPath(new URL('../../python/', import.meta.url));
export const MODEL_SERVER_SCRIPT = fileURLToPath(new URL('../../python/model_server.py', import.meta.url));

export interface ModelServerSpec {
  /** The package's `model/` folder: config.json, customize_service.py, the model files. Also the working directory. */
  modelDir: string;
  /** Interpreter (`python3`, a path, or a path with options). */
  python: string;
  /** 0 (default): a free loopback port, chosen by the server when it binds, so two servers never race for one. */
  port?: number;
  /** The service's `envs`, on top of a clean base environment (no platform secrets). */
  env?: Record<string, string>;
  /** Appended to with the server's stdout and stderr (the user's prints and logs). */
  logFile?: string;
  /** Until `GET /health` answers 200 (default 60 s): loading the model counts. */
  startTimeoutMs?: number;
  onLog?: (line: string) => void;
  /** Put first on `PYTHONPATH`, e.g. the installed dependencies (`modelPythonPath`). */
  pythonPath?: string[];
  /** `self.model_name` of the service (default `serve`). */
  modelName?: string;
  /** Overrides config.json `model_type` (which base class serves a package without customize_service.py, which file `model_path` names). */
  modelType?: string;
  /** Runs the server in a bubblewrap sandbox (the platform's services); unset (the SDK's local services): a plain process. */
  sandbox?: ModelServerSandbox | undefined;
}

/**
 * What a sandboxed model server sees: `modelDir`, `pythonPath` and `readOnly` read-only, `writable` read-write, the
 * interpreter and system folders read-only, never `hidden` otherwise. It shares this machine's network: the platform
 * reaches it on a loopback port.
 */
export interface ModelServerSandbox {
  bwrap: string;
  /** The service's work folder(s). */
  writable: readonly string[];
  /** Further read-only folders (e.g. the published model's folder holding `model/` and its installed packages). */
  readOnly?: readonly string[];
  /** Never shown as part of an interpreter's prefix (the platform's data dir). */
  hidden: readonly string[];
}

/** Describes a model server's isolation for a service's events. */
export function describeModelServerIsolation(i: Isolation): string {
  if (!i.sandbox) return `Isolation: none: ${i.reason}. The model server runs as the platform's user and can read what that user can.`;
  return "Isolation: sandbox (bubblewrap): the model server sees only its model folder and installed packages read-only, its service folder, the interpreter and system folders read-only, and this machine's network (the platform reaches it over loopback).";
}

export interface ModelServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  /** SIGTERM to the process group (the server finishes requests in flight), SIGKILL after `graceMs` (default 10 s). */
  stop(graceMs?: number): Promise<void>;
  /** Whether `GET /health` answers 200 within `timeoutMs` (default 2 s). */
  healthy(timeoutMs?: number): Promise<boolean>;
  /** The last lines the server wrote (for error messages after a crash). */
  logTail(lines?: number): string[];
  /**
   * Lets this Node process exit while the server runs (a script that deployed a local service and is done); the
   * server then ends with it, since its stdin closes.
   */
  unref(): void;
}

/** The server did not become healthy: its process exited, it reported a failed load, or the start timed out. */
export class ModelServerError extends Error {
  override name = 'ModelServerError';
  constructor(
    message: string,
    readonly logLines: string[],
  ) {
    super(logLines.length ? `${message}\n${logLines.join('\n')}` : message);
  }
}

type ControlEvent = { event: 'listening' | 'ready'; port: number } | { event: 'failed'; message: string };

function checkHealth(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((done) => {
    const req = get(`${url}/health`, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      done(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(false));
  });
}

/** Calls `onLine` for each complete line of a stream. */
function eachLine(stream: Readable, onLine: (line: string) => void): void {
  createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', onLine);
}

/**
 * Starts the Python model server for one model folder, in its own process group, and resolves once it is healthy.
 * Rejects with `ModelServerError` (carrying the last log lines) when the process exits, the service fails to load,
 * or `startTimeoutMs` passes; the process is killed then.
 */
export async function startModelServer(spec: ModelServerSpec): Promise<ModelServer> {
  const [file, ...options] = splitInterpreter(spec.python);
  if (!file) throw new ModelServerError(`empty python setting "${spec.python}"`, []);
  const modelDir = resolve(spec.modelDir);
  const args = [
    ...options,
    '-u',
    '-B',
    MODEL_SERVER_SCRIPT,
    '--model-dir',
    modelDir,
    '--host',
    '127.0.0.1',
    '--port',
    String(spec.port ?? 0),
    '--control-fd',
    '3',
    '--exit-with-stdin',
    '--model-name',
    spec.modelName ?? 'serve',
    ...(spec.modelType ? ['--model-type', spec.modelType] : []),
  ];
  const userEnv = spec.env ?? {};
  const env: Record<string, string> = {
    ...cleanBaseEnv(process.env),
    ...userEnv,
    PYTHONUNBUFFERED: '1',
    PYTHONPATH: [...(spec.pythonPath ?? []), ...(userEnv.PYTHONPATH ? [userEnv.PYTHONPATH] : [])].join(delimiter),
  };
  if (!env.PYTHONPATH) delete env.PYTHONPATH;

  const tail = new LineTail(40);
  let log: WriteStream | undefined;
  if (spec.logFile) {
    mkdirSync(dirname(spec.logFile), { recursive: true });
    log = createWriteStream(spec.logFile, { flags: 'a' });
    log.on('error', () => {});
  }
  const sb = spec.sandbox;
  const command = sb
    ? sandboxCommand(
        sb.bwrap,
        { file, args },
        {
          writable: sb.writable,
          programs: [file],
          readOnly: [MODEL_SERVER_PYTHON_DIR, modelDir, ...(spec.pythonPath ?? []), ...(sb.readOnly ?? [])],
          hidden: sb.hidden,
          network: 'host',
          cwd: modelDir,
          path: env.PATH,
        },
      )
    : { file, args };
  const child: ChildProcess = spawn(command.file, command.args, { cwd: modelDir, env, detached: true, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
  // Never written: when this process dies the pipe closes and the server exits instead of living on as an orphan.
  child.stdin?.on('error', () => {});
  for (const stream of [child.stdout, child.stderr] as Readable[]) {
    stream.on('data', (chunk: Buffer) => {
      log?.write(chunk);
      tail.push(chunk);
    });
    if (spec.onLog) eachLine(stream, spec.onLog);
  }

  let spawnError: string | undefined;
  // Once the process is gone its pid may be reused: never signal it again.
  let ended = false;
  const exited = new Promise<{ code: number | null; signal: string | null }>((done) => {
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return;
      spawnError = `cannot start ${file}: ${e.code ?? e.message}`;
      done({ code: e.code === 'ENOENT' ? 127 : 126, signal: null });
    });
    child.on('exit', (code, signal) => {
      ended = true;
      // Whatever the server left in its group goes with it, as with a container.
      if (child.pid !== undefined) signalTree(child.pid, 'SIGKILL');
      const drained = new Promise<void>((r) => child.once('close', () => r()));
      void Promise.race([drained, sleep(1000)]).then(() => {
        log?.end();
        done({ code, signal });
      });
    });
  });

  const control = new Promise<ControlEvent>((done) => {
    const stream = child.stdio[3] as Readable | null;
    if (!stream) return;
    eachLine(stream, (line) => {
      let event: ControlEvent;
      try {
        event = JSON.parse(line) as ControlEvent;
      } catch {
        return;
      }
      if (event.event !== 'listening') done(event);
    });
  });

  const pid = child.pid;
  const fail = async (message: string): Promise<never> => {
    if (pid !== undefined && !ended) signalTree(pid, 'SIGKILL');
    await exited;
    throw new ModelServerError(message, tail.last());
  };

  const timeoutMs = spec.startTimeoutMs ?? 60_000;
  const ac = new AbortController();
  const outcome = await Promise.race([
    control,
    exited.then((e) => ({ event: 'exited' as const, ...e })),
    sleep(timeoutMs, { event: 'timeout' as const }, { signal: ac.signal }).catch(() => ({ event: 'timeout' as const })),
  ]);
  ac.abort();
  if (pid === undefined || spawnError) return fail(spawnError ?? `cannot start ${file}`);
  if (outcome.event === 'exited') return fail(`the model server exited during start (${outcome.signal ?? `code ${outcome.code}`})`);
  if (outcome.event === 'timeout') return fail(`the model server was not healthy within ${timeoutMs} ms`);
  if (outcome.event === 'failed') return fail(`the model service failed to load: ${outcome.message}`);
  const port = outcome.port;
  const url = `http://127.0.0.1:${port}`;
  if (!(await checkHealth(url, 5000))) return fail('the model server reported ready but GET /health did not answer 200');

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    pid,
    exited,
    healthy: (ms = 2000) => checkHealth(url, ms),
    logTail: (n?: number) => tail.last(n),
    unref() {
      child.unref();
      for (const stream of child.stdio) (stream as { unref?: () => void } | null)?.unref?.();
    },
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        if (ended) return;
        signalTree(pid, 'SIGTERM');
        const timer = new AbortController();
        const first = await Promise.race([exited.then(() => 'exited'), sleep(graceMs, 'timeout', { signal: timer.signal }).catch(() => 'cancelled')]);
        timer.abort();
        if (first === 'timeout' && !ended) signalTree(pid, 'SIGKILL');
        await exited;
      })();
      return stopping;
    },
  };
}
