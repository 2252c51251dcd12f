import type { LiteServerStatus } from '@modelarts-ts/contract';
import { ImageBody, type ImageBodyOptions, ServerManagement, type Session, Tag, Volume } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { UserError } from '../../core/errors.js';
import { table } from '../../core/output.js';
import { withSession as sessionScope } from '../../core/session.js';
import { abortSignal, pairs } from '../jobs/view.js';
import { hpsTable, serverDetails, serverTable, show } from './view.js';

/** Runs `fn` with a session that is closed afterwards. */
export function withSession(ctx: Context, fn: (session: Session) => Promise<void>): Promise<number> {
  return sessionScope(ctx, async (session) => {
    await fn(session);
    return 0;
  });
}

const waitOptions = (ctx: Context) => ({ signal: abortSignal(ctx), onStatus: (s: string) => ctx.note(`status: ${s}`) });

/** The login of an OS request: a key pair, or a password read from an environment variable (never from argv). */
export interface LoginFlags {
  keyPair?: string;
  adminPassEnv?: string;
}

export function login(ctx: Context, f: LoginFlags): Pick<ImageBodyOptions, 'key_pair_name' | 'admin_pass'> {
  if (f.adminPassEnv === undefined) return f.keyPair ? { key_pair_name: f.keyPair } : {};
  const pass = ctx.env[f.adminPassEnv];
  if (!pass) throw new UserError(`the environment variable ${f.adminPassEnv} (--admin-pass-env) is empty or not set`);
  return { ...(f.keyPair ? { key_pair_name: f.keyPair } : {}), admin_pass: pass };
}

/** An action on one server, then (with --wait) a wait for `target`. */
export function serverAction(
  ctx: Context,
  id: string,
  act: (session: Session) => Promise<{ id: string; status: string }>,
  target: LiteServerStatus,
  wait: boolean | undefined,
  idOf: () => string = () => id,
): Promise<number> {
  return withSession(ctx, async (session) => {
    let s: unknown = await act(session);
    const sid = idOf();
    ctx.note(`server ${sid}: ${(s as { status: string }).status}`);
    if (wait) s = (await ServerManagement.waitUntil(session, sid, target, waitOptions(ctx))) ?? { id: sid, status: 'DELETED' };
    const last = s as { id: string; status: string };
    show(ctx, s, () => `${last.id} ${last.status}`);
  });
}

/** An action on one supernode, then (with --wait) a wait until every node has `target`. */
export function hpsAction(
  ctx: Context,
  id: string,
  act: (session: Session) => Promise<{ status: string }>,
  target: LiteServerStatus,
  wait: boolean | undefined,
): Promise<number> {
  return withSession(ctx, async (session) => {
    let h: unknown = await act(session);
    ctx.note(`supernode ${id}: ${(h as { status: string }).status}`);
    if (wait) h = (await ServerManagement.waitUntilHps(session, id, target, waitOptions(ctx))) ?? { id, status: 'TERMINATED' };
    show(ctx, h, () => `${id} ${(h as { status: string }).status}`);
  });
}

export interface ListFlags {
  limit?: number;
  offset?: number;
  sortKey?: string;
  sortDir?: 'ASC' | 'DESC';
  owner?: string;
}

const listOptions = (f: ListFlags) => ({
  ...(f.limit !== undefined ? { limit: f.limit } : {}),
  ...(f.offset !== undefined ? { offset: f.offset } : {}),
  ...(f.sortKey ? { sort_key: f.sortKey } : {}),
  ...(f.sortDir ? { sort_dir: f.sortDir } : {}),
  ...(f.owner ? { owner: f.owner } : {}),
});

export const serversList = (ctx: Context, f: ListFlags) =>
  withSession(ctx, async (session) => {
    const page = await ServerManagement.getUserServersList(session, listOptions(f));
    if (!ctx.json && page.data.length === 0) ctx.note('no Lite Servers');
    else show(ctx, page, () => `${serverTable(page.data)}\n(page ${page.current} of ${page.pages}, ${page.total} servers)`);
  });

export const serversGet = (ctx: Context, id: string) =>
  withSession(ctx, async (session) => {
    const s = await ServerManagement.getServerInfo(session, id);
    show(ctx, s, () => table(serverDetails(s)));
  });

export const serversSync = (ctx: Context, id: string | undefined, f: ListFlags) =>
  withSession(ctx, async (session) => {
    const page = id ? await ServerManagement.syncServerStatus(session, id, listOptions(f)) : await session.client.liteServers.sync(listOptions(f));
    show(ctx, page, () => serverTable(page.data));
  });

export const serversReinstall = (ctx: Context, id: string, f: LoginFlags & { image?: string; wait?: boolean }) =>
  serverAction(
    ctx,
    id,
    (s) => ServerManagement.reinstallServerImage(s, id, new ImageBody({ ...login(ctx, f), ...(f.image ? { image_id: f.image } : {}) })),
    'RUNNING',
    f.wait,
  );

export const serversChangeOs = (ctx: Context, id: string, f: LoginFlags & { image: string; wait?: boolean }) =>
  serverAction(ctx, id, (s) => ServerManagement.changeServerImage(s, id, new ImageBody({ ...login(ctx, f), image_id: f.image })), 'RUNNING', f.wait);

export const serversAttachVolume = (ctx: Context, id: string, volumeId: string, f: { wait?: boolean }) =>
  withSession(ctx, async (session) => {
    let op = await ServerManagement.attachVolume(session, id, new Volume({ volume_id: volumeId }));
    ctx.note(`operation ${op.operation_id}: ${op.operation_status}`);
    if (f.wait) op = await ServerManagement.waitForOperation(session, id, op.operation_id, waitOptions(ctx));
    show(ctx, op, () => `${op.operation_id} ${op.operation_type} ${op.operation_status}`);
  });

export const serversFlavors = (ctx: Context) =>
  withSession(ctx, async (session) => {
    const r = await session.client.liteServers.flavors();
    show(ctx, r, () =>
      r.flavors.map((x) => `${x.flavor}  ${x.server_type} ${x.arch} ${x.cpu} vCPU ${x.memory_gb} GB${x.accelerator ? ` ${x.accelerator}` : ''}`).join('\n'),
    );
  });

export const serversImages = (ctx: Context) =>
  withSession(ctx, async (session) => {
    const r = await session.client.liteServers.images();
    show(ctx, r, () => r.images.map((x) => `${x.image_id}  ${x.server_type} ${x.arch}  ${x.name}`).join('\n'));
  });

export const hpsList = (ctx: Context, f: ListFlags) =>
  withSession(ctx, async (session) => {
    const page = await ServerManagement.getHpsList(session, listOptions(f));
    if (!ctx.json && page.data.length === 0) ctx.note('no supernodes');
    else show(ctx, page, () => hpsTable(page.data));
  });

export const hpsGet = (ctx: Context, id: string) =>
  withSession(ctx, async (session) => {
    const h = await ServerManagement.getHpsInfo(session, id);
    show(
      ctx,
      h,
      () =>
        `${table([
          ['id', h.id],
          ['name', h.name],
          ['status', h.status],
          ['cluster', h.hps_cluster_id],
        ])}\n${serverTable(h.servers)}`,
    );
  });

/** `servers hps tags ID [--add k=v]… [--remove k]…`: changes, then prints the tags. */
export const hpsTags = (ctx: Context, id: string, f: { add?: string[]; remove?: string[] }) =>
  withSession(ctx, async (session) => {
    const add = pairs('--add', f.add, true).map((p) => new Tag({ hps_key: p.name, ...(p.value !== undefined ? { hps_value: p.value } : {}) }));
    if (add.length) await ServerManagement.createHpsTag(session, id, add);
    if (f.remove?.length)
      await ServerManagement.deleteHpsTag(
        session,
        id,
        f.remove.map((k) => new Tag({ hps_key: k })),
      );
    const r = await ServerManagement.getHpsTags(session, id);
    show(ctx, r, () => r.tags.map((t) => `${t.key}=${t.value ?? ''}`).join('\n') || '(no tags)');
  });
