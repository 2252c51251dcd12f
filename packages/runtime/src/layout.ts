import { join } from 'node:path';
import { resolveInside, safeRelativePath, UnsafePathError } from './safe-path.js';

/** The training container's home in the cloud; a job's root folder stands for it here. */
export const CONTAINER_HOME = '/home/ma-user';

/** A job's folder, laid out as the cloud's training container with `root` as `/home/ma-user` (paths below). */
export interface JobLayout {
  /** `MA_HOME` (`/home/ma-user`). */
  readonly home: string;
  /** `MA_MOUNT_PATH` (`/home/ma-user/modelarts`). */
  readonly mount: string;
  /** `MA_JOB_DIR` (`.../modelarts/user-job-dir`): parent of the downloaded code folder. */
  readonly jobDir: string;
  /** `MA_LOG_DIR` (`.../modelarts/log`). */
  readonly logDir: string;
  /** `pip install --target` of the requirements file; first on `PYTHONPATH`. */
  readonly pipPackages: string;
  /** `.../modelarts/inputs/<name>_0`. */
  inputDir(name: string): string;
  /** `.../modelarts/outputs/<name>_0`. */
  outputDir(name: string): string;
  /** `.../modelarts/log/modelarts-job-<id>-<task>.log`. */
  logFile(task: string): string;
}

export function jobLayout(root: string, jobId: string): JobLayout {
  const mount = join(root, 'modelarts');
  const logDir = join(mount, 'log');
  return {
    home: root,
    mount,
    jobDir: join(mount, 'user-job-dir'),
    logDir,
    pipPackages: join(root, 'pip-packages'),
    inputDir: (name) => join(mount, 'inputs', `${safeRelativePath(name, 'input name')}_0`),
    outputDir: (name) => join(mount, 'outputs', `${safeRelativePath(name, 'output name')}_0`),
    logFile: (task) => join(logDir, logFileName(jobId, task)),
  };
}

export function logFileName(jobId: string, task: string): string {
  return `modelarts-job-${jobId}-${task}.log`;
}

/** `worker-0`, `worker-1`, ... */
export function taskNames(nodeCount: number): string[] {
  return Array.from({ length: nodeCount }, (_, i) => `worker-${i}`);
}

/**
 * A container path (`/home/ma-user/...`) as a path in the job folder. Relative paths resolve against
 * `relativeTo`. Any other absolute path, or one leaving the folder, is refused: user paths never escape the job.
 */
export function mapContainerPath(layout: JobLayout, p: string, relativeTo: string, what = 'path'): string {
  if (p === CONTAINER_HOME || p === `${CONTAINER_HOME}/`) return layout.home;
  if (p.startsWith(`${CONTAINER_HOME}/`)) return resolveInside(layout.home, p.slice(CONTAINER_HOME.length + 1), what);
  if (p.startsWith('/')) throw new UnsafePathError(`${what} "${p}" must be under ${CONTAINER_HOME} or relative`);
  return resolveInside(relativeTo, p, what);
}

/** Rewrites `/home/ma-user` in a custom-image command to the job folder, since no container provides that path here. */
export function mapContainerPathsInCommand(layout: JobLayout, command: string): string {
  return command.replace(/(^|[\s=:'"])\/home\/ma-user(?=\/|$|[\s'";&|])/g, (_m, lead: string) => `${lead}${layout.home}`);
}
