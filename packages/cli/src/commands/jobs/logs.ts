import { APIUserAbortError, TrainingJob } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { EXIT_INTERRUPTED } from '../../core/errors.js';
import { openSession } from '../../core/session.js';
import { abortSignal } from './view.js';

/**
 * `modelarts jobs logs ID [--follow] [--task worker-1]`: the task's log on stdout; `--follow` keeps printing until the
 * job ends. Under --json each line is `{"line": …}`.
 */
export async function jobsLogs(ctx: Context, id: string, f: { follow?: boolean; task?: string }): Promise<number> {
  const session = await openSession(ctx);
  try {
    const job = new TrainingJob(session, id);
    for await (const line of job.logs({ follow: Boolean(f.follow), task_id: f.task ?? 'worker-0', signal: abortSignal(ctx) })) {
      ctx.out(ctx.json ? JSON.stringify({ line }) : line);
    }
    // Ctrl+C ends a followed log quietly: the job is not affected, and the shell sees an interrupted command.
    return ctx.signal?.aborted ? EXIT_INTERRUPTED : 0;
  } catch (e) {
    if (e instanceof APIUserAbortError && ctx.signal?.aborted) return EXIT_INTERRUPTED;
    throw e;
  } finally {
    await session.close();
  }
}
