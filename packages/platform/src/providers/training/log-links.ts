import { createHmac, timingSafeEqual } from 'node:crypto';
import { loadKeyFile } from '../../fs/key-file.js';

/** The cloud's temporary log links last about 5 minutes. */
export const LOG_LINK_TTL_SECONDS = 300;
const KEY_FILE = 'training-log-links.key';

/** The key log links are signed with: made once in the data dir (mode 0600), never logged, never sent. */
export function loadLinkKey(dataDir: string): Buffer {
  return loadKeyFile(dataDir, KEY_FILE);
}

/** Signs and checks `GET /-/training-logs/{job}/{task}?expires=&signature=` links. */
export class LogLinks {
  constructor(
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  private mac(jobId: string, task: string, expires: number): string {
    return createHmac('sha256', this.key).update(`training-log\n${jobId}\n${task}\n${expires}`).digest('hex');
  }

  /** The link's path and query, valid for LOG_LINK_TTL_SECONDS. */
  sign(jobId: string, task: string): string {
    const expires = Math.floor(this.now() / 1000) + LOG_LINK_TTL_SECONDS;
    return `/-/training-logs/${encodeURIComponent(jobId)}/${encodeURIComponent(task)}?expires=${expires}&signature=${this.mac(jobId, task, expires)}`;
  }

  /** 'ok', or why the link is refused. */
  check(jobId: string, task: string, expires: number, signature: string): 'ok' | 'expired' | 'invalid' {
    const want = Buffer.from(this.mac(jobId, task, expires), 'hex');
    const got = Buffer.from(signature, 'hex');
    if (got.length !== want.length || !timingSafeEqual(got, want)) return 'invalid';
    return expires * 1000 < this.now() ? 'expired' : 'ok';
  }
}
