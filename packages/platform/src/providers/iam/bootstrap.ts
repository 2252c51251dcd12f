import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, readFileSync, type Stats, unwatchFile, watchFile } from 'node:fs';
import { join } from 'node:path';
import { CREDENTIALS_FILE, LocalCredentials } from '@modelarts-ts/contract';
import { Compile } from 'typebox/compile';
import { writeFileAtomic } from '../../fs/atomic.js';

const checkCredentials = Compile(LocalCredentials);

const hex32 = () => randomBytes(16).toString('hex');

function randomString(alphabet: string, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM = `${UPPER_DIGITS}abcdefghijklmnopqrstuvwxyz`;

/** Fresh credentials for a new data dir: one account, one user, one project named after the region, one AK/SK. */
export function generateCredentials(region: string): LocalCredentials {
  return {
    version: 1,
    account: 'modelarts-local',
    domain_id: hex32(),
    username: 'modelarts',
    user_id: hex32(),
    password: randomString(ALNUM, 24),
    project_id: hex32(),
    project_name: region,
    region_name: region,
    access_key: randomString(UPPER_DIGITS, 20),
    secret_key: randomString(ALNUM, 40),
  };
}

/** The ids a regenerated credentials file keeps: the account already in meta.db. */
export type ExistingIdentity = Pick<LocalCredentials, 'account' | 'domain_id' | 'username' | 'user_id' | 'project_id' | 'project_name'>;

/**
 * The data dir's `credentials.json` (mode 0600): read and validated, or created when missing. A missing
 * file on a data dir that already has its account (deleted by hand, as an invalid file's error advises)
 * gets new secrets for that same account: new password and AK/SK, same account, user and project ids,
 * so buckets and jobs stay its own and the old secrets stop working.
 */
export function ensureCredentials(dataDir: string, region: string, existing?: (account: string) => ExistingIdentity | undefined): LocalCredentials {
  const file = join(dataDir, CREDENTIALS_FILE);
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (text === undefined) {
    const fresh = generateCredentials(region);
    const creds = { ...fresh, ...existing?.(fresh.account) };
    writeFileAtomic(file, `${JSON.stringify(creds, null, 2)}\n`, 0o600);
    return creds;
  }
  const parsed = parseCredentials(file, text);
  chmodSync(file, 0o600);
  return parsed;
}

function parseCredentials(file: string, text: string): LocalCredentials {
  const advice = 'fix it, or delete it to issue new credentials for the same account (the old ones stop working)';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${(e as Error).message}); ${advice}`);
  }
  if (!checkCredentials.Check(parsed)) {
    const err = [...checkCredentials.Errors(parsed)][0];
    throw new Error(`${file} is invalid at "${err?.instancePath || '/'}": ${err?.message}; ${advice}`);
  }
  return parsed;
}

/**
 * Applies edits of `credentials.json` while the platform runs (checked every second): `apply` gets the
 * new content; a file that does not parse is reported to `fail` and the current credentials stay.
 * Answers the function that stops watching.
 */
export function watchCredentials(dataDir: string, apply: (c: LocalCredentials) => void, fail: (e: Error) => void): () => void {
  const file = join(dataDir, CREDENTIALS_FILE);
  const onChange = (cur: Stats, prev: Stats) => {
    if (cur.mtimeMs === prev.mtimeMs && cur.size === prev.size && cur.ino === prev.ino) return;
    try {
      apply(parseCredentials(file, readFileSync(file, 'utf8')));
    } catch (e) {
      fail(e as Error);
    }
  };
  watchFile(file, { interval: 1000, persistent: false }, onChange);
  return () => unwatchFile(file, onChange);
}
