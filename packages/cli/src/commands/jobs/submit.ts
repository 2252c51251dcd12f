import { APIUserAbortError, ConfigError, Estimator, type EstimatorOptions, InvalidArgumentError, type TrainingJob } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { EXIT_INTERRUPTED, UsageError, UserError } from '../../core/errors.js';
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
  if (!f.flavor) throw new UsageError('--flavor is required', 'a flavor id from `modelarts jobs flavors`, or "local" to run on this machine');
  if ((f.codeDir === undefined) !== (f.bootFile === undefined)) throw new UsageError('--code-dir and --boot-file go together');
  if (f.codeDir === undefined && f.image === undefined) throw new UsageError('nothing to run', 'give --code-dir and --boot-file, or --image and --command');
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

/** The Estimator's parameter names in SDK messages, most specific first, and the flag that sets each. */
const FLAG_OF: ReadonlyArray<[RegExp, string]> = [
  [/\btraining_files\.obs_path\b/g, '--code-obs-path'],
  [/\btraining_files\.code_dir\b/g, '--code-dir'],
  [/\btraining_files\.boot_file\b/g, '--boot-file'],
  [/\btraining_files \(code_dir \+ boot_file\)|\btraining_files\b/g, '--code-dir and --boot-file'],
  [/\buser_image_url \+ user_command\b/g, '--image and --command'],
  [/\btrain_instance_type\b/g, '--flavor'],
  [/\btrain_instance_count\b/g, '--node-count'],
  [/\buser_image_url\b/g, '--image'],
  [/\buser_command\b/g, '--command'],
  [/\bframework_type\b/g, '--framework-type'],
  [/\bframework_version\b/g, '--framework-version'],
  [/\blog_url\b/g, '--log-url'],
  [/\bjob_description\b/g, '--description'],
  [/\bworking_dir\b/g, '--working-dir'],
  [/\blocal_code_dir\b/g, '--local-code-dir'],
  [/\bpool_id\b/g, '--pool-id'],
  [/\bscript_interpreter\b/g, '--script-interpreter'],
  [/\bjob_name\b/g, '--name'],
  [/\benv_variables\b/g, '--env'],
  [/\bparameters\[(\d+)\]/g, '--param #$1'],
  [/\binputs\[(\d+)\]/g, '--input #$1'],
  [/\boutputs\[(\d+)\]/g, '--output #$1'],
  [/\bcode_dir\b/g, '--code-dir'],
  [/\bboot_file\b/g, '--boot-file'],
  [/\bEstimator\.getSpecList\b/g, '`modelarts jobs flavors`'],
  [/\bEstimator\.getFrameworkList\b/g, '`modelarts jobs engines`'],
];

/** An SDK message about the Estimator's parameters, restated with the flags that set them. */
export function inFlagTerms(message: string): string {
  // #N in the SDK counts from 0; people count flags from 1.
  return FLAG_OF.reduce((m, [re, flag]) => m.replace(re, flag), message).replace(
    /(--(?:param|input|output)) #(\d+)/g,
    (_m, f: string, n: string) => `${f} #${Number(n) + 1}`,
  );
}

/** Where a local-mode job keeps its files and logs: only this process knows, so it says so. */
function printLocalFiles(ctx: Context, job: TrainingJob): void {
  const files = job.backend.localFiles?.();
  if (!files) return;
  ctx.note(`local job folder: ${files.root}`);
  for (const [task, log] of Object.entries(files.logs)) ctx.note(`log of ${task}: ${log}`);
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
  const session = await openSession(ctx);
  let job: TrainingJob | undefined;
  try {
    const signal = abortSignal(ctx);
    if (!local) ctx.note('submitting training job…');
    job = await new Estimator(session, options).fit({ inputs, wait: false, show_log: false, signal, ...(f.name ? { job_name: f.name } : {}) });
    if (!ctx.json) ctx.out(job.job_id);
    ctx.note(`submitted job ${job.job_id}`);
    if (local) printLocalFiles(ctx, job);
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
    if (local) printLocalFiles(ctx, job);
    return 0;
  } catch (e) {
    if (ctx.signal?.aborted && (e instanceof APIUserAbortError || job)) return interrupted(ctx, job, local);
    if (e instanceof InvalidArgumentError) throw new UsageError(inFlagTerms(e.message));
    if (e instanceof ConfigError) throw new UserError(inFlagTerms(e.message));
    throw e;
  } finally {
    await session.close();
  }
}

/** Ctrl+C after submitting: a platform job goes on without us (say how to stop it); a local one ends with us. */
async function interrupted(ctx: Context, job: TrainingJob | undefined, local: boolean): Promise<number> {
  if (!job) return EXIT_INTERRUPTED;
  if (local) {
    await job.controlJob().catch(() => undefined);
    ctx.note(`Stopped the local job ${job.job_id}.`);
    printLocalFiles(ctx, job);
  } else {
    ctx.note(
      `Job ${job.job_id} keeps running on the platform. Stop it with \`modelarts jobs stop ${job.job_id}\`; follow it again with \`modelarts jobs logs ${job.job_id} --follow\`.`,
    );
  }
  return EXIT_INTERRUPTED;
}
