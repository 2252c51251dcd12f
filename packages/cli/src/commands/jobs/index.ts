import { InvalidArgumentError } from 'commander';
import type { CommandGroup } from '../../core/command.js';
import { jobsDelete } from './delete.js';
import { jobsEngines } from './engines.js';
import { jobsFlavors } from './flavors.js';
import { jobsGet } from './get.js';
import { jobsList } from './list.js';
import { jobsLogs } from './logs.js';
import { jobsStop } from './stop.js';
import { jobsSubmit } from './submit.js';
import { collect } from './view.js';

function count(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

function order(v: string): 'asc' | 'desc' {
  if (v !== 'asc' && v !== 'desc') throw new InvalidArgumentError('must be asc or desc');
  return v;
}

/** `modelarts jobs …`: training jobs (the manual's Estimator). */
export const jobsCommands: CommandGroup = (program, host) => {
  const jobs = program.command('jobs').description('training jobs: submit, follow, inspect, stop (the manual’s Estimator)');
  jobs
    .command('submit')
    .description('submit a training job (estimator.fit); --flavor local runs it on this machine')
    .option('--name <name>', 'job name (default job-<time>-<hex>; local jobs get a time suffix)')
    .option('--code-dir <dir>', 'code folder: obs://bucket/dir/ or a local folder (uploaded to --code-obs-path for a remote job)')
    .option('--boot-file <file>', 'boot file, relative to --code-dir')
    .option('--code-obs-path <obs>', 'OBS folder a local --code-dir is uploaded to (TrainingFiles obs_path)')
    .option('--input <name=obs://…>', 'input channel, passed as --name=<local dir> (repeatable)', collect)
    .option('--output <name=obs://…>', 'output channel, uploaded to OBS (repeatable)', collect)
    .option('--param <k=v>', 'hyper-parameter, passed as --k=v; a bare name is a flag (repeatable)', collect)
    .option('--env <K=V>', 'environment variable (repeatable)', collect)
    .option('--flavor <id>', 'train_instance_type: a flavor id (see `jobs flavors`) or local')
    .option('--node-count <n>', 'train_instance_count (default 1)', count)
    .option('--framework-type <name>', 'engine name, e.g. PyTorch (see `jobs engines`)')
    .option('--framework-version <version>', 'engine version')
    .option('--image <url>', 'custom image (user_image_url), with --command')
    .option('--command <cmd>', 'boot command of a custom image (user_command)')
    .option('--log-url <obs>', 'OBS folder the logs are exported to')
    .option('--description <text>', 'job description')
    .option('--working-dir <dir>', 'working directory of the boot file')
    .option('--local-code-dir <dir>', 'where the code is downloaded in the job')
    .option('--pool-id <id>', 'dedicated resource pool')
    .option('--script-interpreter <path>', 'interpreter of the boot file (default python3; node for .js)')
    .option('--wait', 'wait until the job ends; exit 1 unless it completed')
    .option('--follow', 'print the log while the job runs (implies --wait)')
    .action(host.action((o) => jobsSubmit(host.ctx(), o)));
  jobs
    .command('list')
    .description('list training jobs (newest first)')
    .option('--limit <n>', 'jobs per page, 1–50 (default 50)', count)
    .option('--page <n>', 'page index, from 0 (the API’s offset is page × limit)', count)
    .option('--phase <phase>', 'only jobs in this phase (repeatable)', collect)
    .option('--name <text>', 'only jobs whose name contains the text')
    .option('--sort-by <field>', 'sort field (default create_time)')
    .option('--order <order>', 'asc or desc (default desc)', order)
    .action(host.action((o) => jobsList(host.ctx(), o)));
  jobs
    .command('get')
    .description('details of a training job')
    .argument('<id>')
    .action(host.action<[string]>((id) => jobsGet(host.ctx(), id)));
  jobs
    .command('logs')
    .description('print a task’s log; --follow until the job ends')
    .argument('<id>')
    .option('--follow', 'keep printing while the job runs')
    .option('--task <task>', 'task id (default worker-0)')
    .action(host.action<[string]>((id, o) => jobsLogs(host.ctx(), id, o)));
  jobs
    .command('stop')
    .description('terminate a training job')
    .argument('<id>')
    .option('--wait', 'wait until it has stopped')
    .action(host.action<[string]>((id, o) => jobsStop(host.ctx(), id, o)));
  jobs
    .command('delete')
    .description('delete a training job')
    .argument('<id>')
    .action(host.action<[string]>((id) => jobsDelete(host.ctx(), id)));
  jobs
    .command('flavors')
    .description('resource flavors for training')
    .option('--type <type>', 'CPU, GPU or Ascend')
    .action(host.action((o) => jobsFlavors(host.ctx(), o)));
  jobs
    .command('engines')
    .description('preset training engines (frameworks)')
    .action(host.action(() => jobsEngines(host.ctx())));
};
