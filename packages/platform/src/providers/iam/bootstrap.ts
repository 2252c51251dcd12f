import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, readFileSync } from 'node:fs';
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

/**
 * The data dir's `credentials.json` (mode 0600): read and validated, or created on first start.
 * It is the source of the bootstrap identity: edits to it take effect at the next start.
 */
export function ensureCredentials(dataDir: string, region: string): LocalCredentials {
  const file = join(dataDir, CREDENTIALS_FILE);
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (text === undefined) {
    const creds = generateCredentials(region);
    writeFileAtomic(file, `${JSON.stringify(creds, null, 2)}\n`, 0o600);
    return creds;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${(e as Error).message}); fix it or delete it to generate new credentials`);
  }
  if (!checkCredentials.Check(parsed)) {
    const err = [...checkCredentials.Errors(parsed)][0];
    throw new Error(`${file} is invalid at "${err?.instancePath || '/'}": ${err?.message}; fix it or delete it to generate new credentials`);
  }
  chmodSync(file, 0o600);
  return parsed;
}
