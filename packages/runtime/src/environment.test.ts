import { describe, expect, it } from 'vitest';
import { cleanBaseEnv, workerEnv } from './environment.js';
import { jobLayout } from './layout.js';

const parent = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/u',
  LANG: 'C.UTF-8',
  LC_ALL: 'C.UTF-8',
  HUAWEICLOUD_SDK_AK: 'AKSECRET',
  HUAWEICLOUD_SDK_SK: 'SKSECRET',
  MODELARTS_LOCAL_DATA_DIR: '/secret/dir',
  AWS_SECRET_ACCESS_KEY: 'x',
  NODE_OPTIONS: '--require /evil.js',
};

describe('cleanBaseEnv', () => {
  it('keeps only the toolchain variables and the locale', () => {
    expect(cleanBaseEnv(parent)).toEqual({ PATH: '/usr/bin:/bin', HOME: '/home/u', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' });
  });

  it('falls back to a standard PATH', () => {
    expect(cleanBaseEnv({}).PATH).toMatch(/\/usr\/bin/);
  });
});

describe('workerEnv', () => {
  const layout = jobLayout('/jobs/j1', 'j1');
  const base = {
    layout,
    jobId: 'j1',
    taskIndex: 1,
    nodeCount: 2,
    gpus: 0,
    codeDir: '/jobs/j1/modelarts/user-job-dir/code',
    inputs: [{ name: 'data_url', localDir: '/jobs/j1/modelarts/inputs/data_url_0', obsUrl: 'obs://b/data/' }],
    outputs: [{ name: 'train_url', localDir: '/jobs/j1/modelarts/outputs/train_url_0', obsUrl: 'obs://b/out/', accessMethod: 'env' as const }],
    masterPort: 29500,
    environments: { USER_ENV_VAR: 'v' },
    parent,
  };

  it('sets the cloud variables for the task', () => {
    const env = workerEnv(base);
    expect(env).toMatchObject({
      MA_HOME: '/jobs/j1',
      MA_MOUNT_PATH: '/jobs/j1/modelarts',
      MA_JOB_DIR: '/jobs/j1/modelarts/user-job-dir',
      MA_LOG_DIR: '/jobs/j1/modelarts/log',
      MA_VJ_NAME: 'ma-job-j1',
      MA_TASK_NAME: 'worker',
      MA_NUM_HOSTS: '2',
      MA_NUM_GPUS: '0',
      VC_TASK_INDEX: '1',
      VC_WORKER_NUM: '2',
      VC_WORKER_HOSTS: '127.0.0.1,127.0.0.1',
      MA_CURRENT_IP: '127.0.0.1',
      MASTER_ADDR: '127.0.0.1',
      MASTER_PORT: '29500',
      RANK: '1',
      WORLD_SIZE: '2',
      USER_ENV_VAR: 'v',
      train_url: '/jobs/j1/modelarts/outputs/train_url_0',
    });
    expect(JSON.parse(env.MA_INPUTS as string)).toEqual({
      inputs: [{ name: 'data_url', local_dir: '/jobs/j1/modelarts/inputs/data_url_0', remote: { obs: { obs_url: 'obs://b/data/' } } }],
    });
    expect(env.data_url).toBeUndefined();
  });

  it('never passes the parent secrets on', () => {
    const env = workerEnv(base);
    for (const k of ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'MODELARTS_LOCAL_DATA_DIR', 'AWS_SECRET_ACCESS_KEY', 'NODE_OPTIONS'])
      expect(env[k], k).toBeUndefined();
    expect(Object.values(env).join('\n')).not.toMatch(/SECRET/);
  });

  it('puts the pip packages and MA_JOB_DIR first on PYTHONPATH, keeping the user one after', () => {
    expect(workerEnv(base).PYTHONPATH).toBe('/jobs/j1/pip-packages:/jobs/j1/modelarts/user-job-dir');
    expect(workerEnv({ ...base, environments: { PYTHONPATH: '/mine' } }).PYTHONPATH).toBe('/jobs/j1/pip-packages:/jobs/j1/modelarts/user-job-dir:/mine');
  });

  it('lets the user override the platform variables', () => {
    expect(workerEnv({ ...base, environments: { MASTER_PORT: '6666' } }).MASTER_PORT).toBe('6666');
  });
});
