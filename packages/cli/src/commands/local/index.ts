import { InvalidArgumentError } from 'commander';
import type { CommandGroup } from '../../core/command.js';
import { localCredentials } from './credentials.js';
import { localRecover } from './recover.js';
import { localStart, type StartFlags } from './start.js';
import { localStatus } from './status.js';

function intOption(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

export const localCommands: CommandGroup = (program, host) => {
  const local = program.command('local').description('run and inspect ModelArts Local, the single-machine platform');
  local
    .command('start')
    .description('start ModelArts Local in the foreground (Ctrl+C stops it)')
    .option('--port <n>', 'port to listen on (0: any free port)', intOption)
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'data directory (default $MODELARTS_LOCAL_DATA_DIR or ~/.local/share/modelarts-local)')
    .option('--log-level <level>', 'server log level: fatal, error, warn, info, debug')
    .action(host.action<[], StartFlags>((o) => localStart(host.ctx(), o)));
  local
    .command('credentials')
    .description('print the endpoint and credentials of the ModelArts Local on a data dir')
    .option('--data-dir <dir>', 'data directory')
    .action(host.action<[], { dataDir?: string }>((o) => localCredentials(host.ctx(), o)));
  local
    .command('status')
    .description('say whether ModelArts Local is running on a data dir (exit 3 when not)')
    .option('--data-dir <dir>', 'data directory')
    .action(host.action<[], { dataDir?: string }>((o) => localStatus(host.ctx(), o)));
  local
    .command('recover')
    .description('rebuild the object index of a stopped ModelArts Local from its blobs (none is deleted)')
    .option('--data-dir <dir>', 'data directory')
    .action(host.action<[], { dataDir?: string }>((o) => localRecover(host.ctx(), o)));
};
