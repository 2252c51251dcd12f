import { Estimator, ResourceFailedError, TrainingJob, type TrainingJobInfo } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { openSession } from '../../core/session.js';
import { abortSignal } from './view.js';

/** `modelarts jobs stop ID [--wait]`: terminates the job (`Estimator.controlJobById`); `--wait` until it has stopped. */
export async function jobsStop(ctx: Context, id: string, f: { wait?: boolean }): Promise<number> {
  const session = await openSession(ctx);
  try {
    let job = await Estimator.controlJobById(session, id);
    ctx.note(`job ${id}: ${job.status.phase}`);
    if (f.wait) job = await untilEnded(new TrainingJob(session, id), ctx);
    if (ctx.json) ctx.out(JSON.stringify(job));
    else ctx.out(`${id} ${job.status.phase}`);
    return 0;
  } finally {
    await session.close();
  }
}

/** Any terminal phase: `wait()` treats Terminated as a failure, but here it is the goal. */
async function untilEnded(job: TrainingJob, ctx: Context): Promise<TrainingJobInfo> {
  try {
    return await job.wait({ signal: abortSignal(ctx), onStatus: (p) => ctx.note(`status: ${p}`) });
  } catch (e) {
    if (e instanceof ResourceFailedError) return e.last as TrainingJobInfo;
    throw e;
  }
}
