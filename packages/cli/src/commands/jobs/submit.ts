import { Estimator, type EstimatorOptions } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { UserError } from '../../core/errors.js';
import { openSession } from '../../core/session.js';
import { abortSignal, pairs } from './view.js';

export interface SubmitFlags {
  name?: string;
  codeDir?: string;
  bootFile?: string;
  codeObsPath?: string;
  input?: string[];
  output?: string[];
  param?: string[];
  env?: string[];
  flavor?: string;
  nodeCount?: number;
  frameworkType?: string;
  frameworkVersion?: string;
  image?: string;
  command?: string;
  logUrl?: string;
  description?: string;
  workingDir?: string;
  localCodeDir?: string;
  poolId?: string;
  scriptInterpreter?: string;
  wait?: boolean;
  follow?: boolean;
}

/** The Estimator the flags describe (each flag is one of its parameters). */
export function estimatorOptions(f: SubmitFlags): EstimatorOptions {
  if (!f.flavor) throw new UserError('--flavor is required', 'a flavor id from `modelarts jobs flavors`, or "local" to run on this machine');
  if ((f.codeDir === undefined) !== (f.bootFile === undefined)) throw new UserError('--code-dir and --boot-file go together');
  if (f.codeDir === undefined && f.image === undefined) throw new UserError('nothing to run', 'give --code-dir and --boot-file, or --image and --command');
  const env = pairs('--env', f.env);
  return {
    train_instance_type: f.flavor,
    train_instance_count: f.nodeCount ?? 1,
    ...(f.codeDir !== undefined && f.bootFile !== undefined
      ? { training_files: { code_dir: f.codeDir, boot_file: f.bootFile, ...(f.codeObsPath ? { obs_path: f.codeObsPath } : {}) } }
      : {}),
    outputs: pairs('--output', f.output).map((o) => ({ name: o.name, obs_path: o.value ?? '' })),
    parameters: pairs('--param', f.param, true).map((p) => (p.value === undefined ? { name: p.name } : { name: p.name, value: p.value })),
    ...(env.length ? { env_variables: Object.fromEntries(env.map((e) => [e.name, e.value ?? ''])) } : {}),
    framework_type: f.frameworkType,
    framework_version: f.frameworkVersion,
    user_image_url: f.image,
    user_command: f.command,
    log_url: f.logUrl,
    job_description: f.description,
    working_dir: f.workingDir,
    local_code_dir: f.localCodeDir,
    pool_id: f.poolId,
    script_interpreter: f.scriptInterpreter,
  };
}

/**
 * `modelarts jobs submit …`: `estimator.fit()`. Prints the job id (or, at the end, the job as JSON); `--wait` waits
 * for the end (exit 1 unless Completed); `--follow` also streams the log to stdout (to stderr under --json). A local
 * job (`--flavor local`) runs in this process, so the command always waits for it.
 */
export async function jobsSubmit(ctx: Context, f: SubmitFlags): Promise<number> {
  const options = estimatorOptions(f);
  const inputs = pairs('--input', f.input).map((i) => ({ name: i.name, obs_path: i.value ?? '' }));
  const local = options.train_instance_type === 'local';
  const session = openSession(ctx);
  try {
    const signal = abortSignal(ctx);
    if (!local) ctx.note('submitting training job…');
    const job = await new Estimator(session, options).fit({ inputs, wait: false, show_log: false, signal, ...(f.name ? { job_name: f.name } : {}) });
    if (!ctx.json) ctx.out(job.job_id);
    ctx.note(`submitted job ${job.job_id}`);
    const waiting = Boolean(f.wait || f.follow || local);
    if (f.follow) {
      for await (const line of job.logs({ follow: true, signal })) {
        if (ctx.json) ctx.note(line);
        else ctx.out(line);
      }
    }
    // A job that does not complete throws ResourceFailedError: reported as the error (exit 1), with its reason.
    const info = waiting ? await job.wait({ signal, onStatus: (phase) => ctx.note(`status: ${phase}`) }) : await job.getJobInfo();
    if (ctx.json) ctx.out(JSON.stringify(info));
    else if (waiting) ctx.note(`job ${job.job_id} (${info.metadata.name}): ${info.status.phase}`);
    return 0;
  } finally {
    await session.close();
  }
}
