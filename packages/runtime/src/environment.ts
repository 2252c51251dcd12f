import { delimiter } from 'node:path';
import type { JobLayout } from './layout.js';

/**
 * Variables a worker takes from its parent: where programs, libraries and the user's Python live, and the
 * locale. Everything else is dropped, so the platform's AK/SK, tokens and settings never reach user code.
 */
export const INHERITED_VARIABLES: readonly string[] = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'TERM',
  'LD_LIBRARY_PATH',
  'PYENV_ROOT',
  'PYENV_VERSION',
  'VIRTUAL_ENV',
  'CONDA_PREFIX',
  'CONDA_DEFAULT_ENV',
  'CONDA_EXE',
  'CUDA_HOME',
];

const FALLBACK_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The clean base of every child environment: the allow-listed variables (and `LC_*`) of `parent`, nothing more. */
export function cleanBaseEnv(parent: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(parent)) {
    if (v === undefined) continue;
    if (INHERITED_VARIABLES.includes(k) || /^LC_[A-Z]+$/.test(k)) env[k] = v;
  }
  env.PATH ??= FALLBACK_PATH;
  return env;
}

export interface ChannelEnv {
  name: string;
  localDir: string;
  obsUrl?: string | undefined;
  /** `env`: the path is also given as a variable named after the channel (cloud `access_method: env`). */
  accessMethod?: 'parameter' | 'env' | undefined;
}

export interface WorkerEnvOptions {
  layout: JobLayout;
  jobId: string;
  taskIndex: number;
  nodeCount: number;
  gpus: number;
  /** The downloaded code folder (`WORKSPACE`). */
  codeDir: string;
  inputs: readonly ChannelEnv[];
  outputs: readonly ChannelEnv[];
  masterPort: number;
  /** The user's variables (`algorithm.environments`, `env_variables`): applied last, they win. */
  environments: Readonly<Record<string, string>>;
  /** Where the allow-listed toolchain variables come from (normally `process.env`). */
  parent: Readonly<Record<string, string | undefined>>;
  /** Host every worker is reachable on (one machine: loopback). */
  host?: string;
}

/**
 * The environment of one worker, as in a cloud training container: its documented `MA_*` and `VC_*` variables, with
 * the worker hosts and task index a multi-node job sees.
 */
export function workerEnv(o: WorkerEnvOptions): Record<string, string> {
  const host = o.host ?? '127.0.0.1';
  const vjName = `ma-job-${o.jobId}`;
  const hosts = Array.from({ length: o.nodeCount }, () => host).join(',');
  const channel = (c: ChannelEnv) => ({ name: c.name, local_dir: c.localDir, ...(c.obsUrl ? { remote: { obs: { obs_url: c.obsUrl } } } : {}) });
  const env: Record<string, string> = {
    ...cleanBaseEnv(o.parent),
    MA_HOME: o.layout.home,
    MA_MOUNT_PATH: o.layout.mount,
    MA_JOB_DIR: o.layout.jobDir,
    MA_LOG_DIR: o.layout.logDir,
    WORKSPACE: o.codeDir,
    MA_VJ_NAME: vjName,
    MA_TASK_NAME: 'worker',
    MA_CURRENT_INSTANCE_NAME: `modelarts-job-${o.jobId}-worker-${o.taskIndex}`,
    MA_NUM_HOSTS: String(o.nodeCount),
    MA_NUM_GPUS: String(o.gpus),
    MA_CURRENT_IP: host,
    VC_TASK_INDEX: String(o.taskIndex),
    VC_WORKER_NUM: String(o.nodeCount),
    VC_WORKER_HOSTS: hosts,
    MA_INPUTS: JSON.stringify({ inputs: o.inputs.map(channel) }),
    MA_OUTPUTS: JSON.stringify({ outputs: o.outputs.map(channel) }),
    MASTER_ADDR: host,
    MASTER_PORT: String(o.masterPort),
    RANK: String(o.taskIndex),
    WORLD_SIZE: String(o.nodeCount),
    PYTHONUNBUFFERED: '1',
  };
  for (const c of [...o.inputs, ...o.outputs]) if (c.accessMethod === 'env') env[c.name] = c.localDir;
  const ours = [o.layout.pipPackages, o.layout.jobDir];
  for (const [k, v] of Object.entries(o.environments)) env[k] = v;
  // The cloud prepends MA_JOB_DIR to PYTHONPATH; the requirements' packages come first so they win.
  env.PYTHONPATH = [...ours, ...(o.environments.PYTHONPATH ? [o.environments.PYTHONPATH] : [])].join(delimiter);
  return env;
}
