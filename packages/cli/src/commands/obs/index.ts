import type { CommandGroup } from '../../core/command.js';
import { obsCp } from './cp.js';
import { obsLs } from './ls.js';
import { obsMb } from './mb.js';
import { obsRm } from './rm.js';

export const obsCommands: CommandGroup = (program, host) => {
  const obs = program.command('obs').description('move data to and from OBS (paths: obs://bucket/key; folders end with "/")');
  obs
    .command('cp')
    .description('copy a file or folder: local -> OBS, OBS -> local, OBS -> OBS (the manual’s session.obs.copy)')
    .argument('<src>')
    .argument('<dst>')
    .option('-r, --recursive', 'copy a folder')
    .option('--no-keep-last-dir', 'copy a folder’s contents, not the folder itself')
    .action(host.action<[string, string], { recursive?: boolean; keepLastDir?: boolean }>((src, dst, o) => obsCp(host.ctx(), src, dst, o)));
  obs
    .command('ls')
    .description('list objects and folders under a path')
    .argument('<path>')
    .option('-r, --recursive', 'every object below the path')
    .action(host.action<[string], { recursive?: boolean }>((path, o) => obsLs(host.ctx(), path, o)));
  obs
    .command('rm')
    .description('delete an object, or a folder with --recursive')
    .argument('<path>')
    .option('-r, --recursive', 'delete everything under the path')
    .action(host.action<[string], { recursive?: boolean }>((path, o) => obsRm(host.ctx(), path, o)));
  obs
    .command('mb')
    .description('create a bucket')
    .argument('<bucket>')
    .action(host.action<[string]>((bucket) => obsMb(host.ctx(), bucket)));
};
