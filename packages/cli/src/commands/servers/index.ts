import { ImageBody, ServerManagement } from '@modelarts-ts/sdk';
import { InvalidArgumentError } from 'commander';
import type { CommandGroup } from '../../core/command.js';
import { collect } from '../jobs/view.js';
import {
  hpsAction,
  hpsGet,
  hpsList,
  hpsTags,
  type ListFlags,
  type LoginFlags,
  login,
  serverAction,
  serversAttachVolume,
  serversChangeOs,
  serversFlavors,
  serversGet,
  serversImages,
  serversList,
  serversReinstall,
  serversSync,
} from './actions.js';
import { serversCreate } from './create.js';

function int(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

function dir(v: string): 'ASC' | 'DESC' {
  const u = v.toUpperCase();
  if (u !== 'ASC' && u !== 'DESC') throw new InvalidArgumentError('must be ASC or DESC');
  return u;
}

type Wait = { wait?: boolean };

/** `modelarts servers …`: Lite Servers and supernodes (the manual's ServerManagement, chapter 11). */
export const serversCommands: CommandGroup = (program, host) => {
  const servers = program
    .command('servers')
    .description('Lite Servers and supernodes (the manual’s ServerManagement); on ModelArts Local no machine is created');
  const listFlags = (c: ReturnType<typeof servers.command>) =>
    c
      .option('--limit <n>', 'page size, 0–1024 (default 10)', int)
      .option('--offset <n>', 'records to skip', int)
      .option('--sort-key <key>', 'createTime or updateTime')
      .option('--sort-dir <dir>', 'ASC or DESC', dir)
      .option('--owner <user_id>', 'whose servers (default: yours)');
  listFlags(servers.command('list').description('your Lite Servers (getUserServersList)')).action(
    host.action<[], ListFlags>((o) => serversList(host.ctx(), o)),
  );
  servers
    .command('create')
    .description('create a Lite Server (ServerManagement.create); --wait until RUNNING')
    .option('--name <name>', 'server name')
    .option('--flavor <flavor>', 'flavor (see `servers flavors`)')
    .option('--image <id>', 'image id (see `servers images`)')
    .option('--key-pair <name>', 'key pair to log in with')
    .option('--admin-pass-env <VAR>', 'environment variable holding the login password (instead of --key-pair)')
    .option('--vpc <id>', 'VPC id')
    .option('--subnet <id>', 'subnet id')
    .option('--security-group <id>', 'security group id')
    .option('--root-type <type>', 'system disk type: ESSD, GPSSD, SAS, SATA or SSD')
    .option('--root-size <gb>', 'system disk size, 100–1024 GB', int)
    .option('--data-type <type>', 'data disk type')
    .option('--data-size <gb>', 'data disk size, 100–32768 GB', int)
    .option('--data-count <n>', 'data disks, 1–8', int)
    .option('--charging-mode <mode>', 'POST_PAID (default) or PRE_PAID')
    .option('--period-type <type>', 'MONTH (default), YEAR, …')
    .option('--period-num <n>', 'periods, 1–11', int)
    .option('--arch <arch>', 'X86 or ARM')
    .option('--server-type <type>', 'BMS, ECS or HPS')
    .option('--count <n>', 'servers to create, 1–10', int)
    .option('--hps-cluster-id <id>', 'supernode cluster network (supernode flavors only)')
    .option('--availability-zone <az>', 'availability zone')
    .option('--user-data-file <file>', 'user data (sent base64-encoded)')
    .option('--wait', 'wait until the server is RUNNING')
    .action(host.action((o) => serversCreate(host.ctx(), o)));
  servers
    .command('get')
    .description('details of a Lite Server (getServerInfo)')
    .argument('<id>')
    .action(host.action<[string]>((id) => serversGet(host.ctx(), id)));
  const simple: Array<[string, string, 'start' | 'stop' | 'restart' | 'delete', 'RUNNING' | 'STOPPED' | 'DELETED']> = [
    ['start', 'start a stopped server', 'start', 'RUNNING'],
    ['stop', 'stop a running server', 'stop', 'STOPPED'],
    ['reboot', 'reboot a running server (restart)', 'restart', 'RUNNING'],
    ['delete', 'delete a pay-per-use server', 'delete', 'DELETED'],
  ];
  for (const [name, description, fn, target] of simple) {
    servers
      .command(name)
      .description(`${description}; --wait until ${target}`)
      .argument('<id>')
      .option('--wait', `wait until ${target}`)
      .action(host.action<[string], Wait>((id, o) => serverAction(host.ctx(), id, (s) => ServerManagement[fn](s, id), target, o.wait)));
  }
  servers
    .command('reinstall')
    .description('reinstall the OS of a stopped server (reinstallServerImage); --wait until RUNNING')
    .argument('<id>')
    .option('--image <id>', 'image (default: the current one)')
    .option('--key-pair <name>', 'key pair to log in with')
    .option('--admin-pass-env <VAR>', 'environment variable holding the new password')
    .option('--wait', 'wait until RUNNING')
    .action(host.action<[string], LoginFlags & Wait & { image?: string }>((id, o) => serversReinstall(host.ctx(), id, o)));
  servers
    .command('change-os')
    .description('change the image of a stopped server (changeServerImage); --wait until RUNNING')
    .argument('<id>')
    .requiredOption('--image <id>', 'the new image')
    .option('--key-pair <name>', 'key pair to log in with')
    .option('--admin-pass-env <VAR>', 'environment variable holding the new password')
    .option('--wait', 'wait until RUNNING')
    .action(host.action<[string], LoginFlags & Wait & { image: string }>((id, o) => serversChangeOs(host.ctx(), id, o)));
  servers
    .command('attach-volume')
    .description('attach an EVS disk to an A3 server (attachVolume); --wait for the operation')
    .argument('<id>')
    .argument('<volume_id>')
    .option('--wait', 'wait until the operation succeeds')
    .action(host.action<[string, string], Wait>((id, v, o) => serversAttachVolume(host.ctx(), id, v, o)));
  listFlags(
    servers
      .command('sync')
      .description('refresh the statuses of your servers and list them (syncServerStatus)')
      .argument('[id]', 'a server that must be among them'),
  ).action(host.action<[string | undefined], ListFlags>((id, o) => serversSync(host.ctx(), id, o)));
  servers
    .command('flavors')
    .description('flavors a Lite Server can have')
    .action(host.action(() => serversFlavors(host.ctx())));
  servers
    .command('images')
    .description('images a Lite Server can run')
    .action(host.action(() => serversImages(host.ctx())));

  const hps = servers.command('hps').description('Lite Server supernodes');
  listFlags(hps.command('list').description('your supernodes (getHpsList)')).action(host.action<[], ListFlags>((o) => hpsList(host.ctx(), o)));
  hps
    .command('get')
    .description('details of a supernode and its nodes (getHpsInfo)')
    .argument('<id>')
    .action(host.action<[string]>((id) => hpsGet(host.ctx(), id)));
  const hpsSimple: Array<[string, string, 'startHps' | 'stopHps' | 'deleteHps', 'RUNNING' | 'STOPPED' | 'DELETED']> = [
    ['start', 'power on a stopped supernode', 'startHps', 'RUNNING'],
    ['stop', 'power off a running supernode', 'stopHps', 'STOPPED'],
    ['delete', 'delete a pay-per-use supernode', 'deleteHps', 'DELETED'],
  ];
  for (const [name, description, fn, target] of hpsSimple) {
    hps
      .command(name)
      .description(`${description}; --wait until ${target === 'DELETED' ? 'it is gone' : `every node is ${target}`}`)
      .argument('<id>')
      .option('--wait', target === 'DELETED' ? 'wait until it is gone' : `wait until every node is ${target}`)
      .action(host.action<[string], Wait>((id, o) => hpsAction(host.ctx(), id, (s) => ServerManagement[fn](s, id), target, o.wait)));
  }
  hps
    .command('change-os')
    .description('change the image of a stopped supernode (changeHpsImage; key pair only)')
    .argument('<id>')
    .requiredOption('--image <id>', 'the new image')
    .requiredOption('--key-pair <name>', 'key pair to log in with')
    .option('--wait', 'wait until every node is RUNNING')
    .action(
      host.action<[string], LoginFlags & Wait & { image: string }>((id, o) =>
        hpsAction(
          host.ctx(),
          id,
          (s) => ServerManagement.changeHpsImage(s, id, new ImageBody({ ...login(host.ctx(), o), image_id: o.image })),
          'RUNNING',
          o.wait,
        ),
      ),
    );
  hps
    .command('tags')
    .description('show a supernode’s tags; --add k=v and --remove k change them first')
    .argument('<id>')
    .option('--add <k=v>', 'add a tag (repeatable; an existing key is an error)', collect)
    .option('--remove <k>', 'remove a tag (repeatable)', collect)
    .action(host.action<[string], { add?: string[]; remove?: string[] }>((id, o) => hpsTags(host.ctx(), id, o)));
};
