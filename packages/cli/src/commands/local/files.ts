import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CREDENTIALS_FILE, ENDPOINT_FILE, type LocalCredentials, type LocalEndpoint } from '@modelarts-ts/contract';
import { findRunningLocal } from '@modelarts-ts/sdk';
import { UserError } from '../../core/errors.js';

export function readCredentials(dataDir: string): LocalCredentials {
  const file = join(dataDir, CREDENTIALS_FILE);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LocalCredentials;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UserError(`No ModelArts Local credentials in ${dataDir}`, `run \`modelarts local start --data-dir ${dataDir}\` once to create them`);
    }
    throw new UserError(`Cannot read ${file}: ${(e as Error).message}`);
  }
}

export function readEndpointRecord(dataDir: string): LocalEndpoint | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, ENDPOINT_FILE), 'utf8')) as LocalEndpoint;
  } catch {
    return undefined;
  }
}

/** The endpoint of the platform serving `dataDir` right now, if any. */
export async function liveEndpoint(dataDir: string): Promise<string | undefined> {
  return (await findRunningLocal(dataDir))?.endpoint;
}
