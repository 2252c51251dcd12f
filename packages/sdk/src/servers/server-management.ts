import {
  HYPERINSTANCE_TRANSIENT,
  LITE_SERVER_FAILURE,
  LITE_SERVER_STATUSES,
  type LiteHyperinstance,
  type LiteHyperinstancePage,
  type LiteOperation,
  type LiteServer,
  type LiteServerPage,
  type LiteServerStatus,
  type LiteTagList,
  type Static,
  Type,
} from '@modelarts-ts/contract';
import { APIError } from '../core/error.js';
import type { PagePromise } from '../core/pagination.js';
import { poll } from '../core/waiter.js';
import { callback, defineSignature } from '../internal/arguments.js';
import { AbortSignalArg } from '../internal/common-args.js';
import { SessionArg } from '../internal/session-arg.js';
import type { Session } from '../session.js';
import { ImageBodyOptions, imageBody, ServerOptions, serverBody, TagOptions, tagBody, VolumeOptions } from './server-def.js';

const SESSION = ['session', SessionArg] as const;
const SERVER_ID = ['server_id', Type.String({ minLength: 1 })] as const;
const HPS_ID = ['hps_cluster_id', Type.String({ minLength: 1, description: 'the supernode id (the `id` of getHpsList items)' })] as const;
const STATUS = ['status', Type.Enum(LITE_SERVER_STATUSES)] as const;

/** The list query of the manual (Table 11-2 / 11-37 / 11-93). */
const ListOptions = Type.Object({
  owner: Type.Optional(Type.String()),
  sort_dir: Type.Optional(Type.Enum(['ASC', 'DESC'] as const)),
  sort_key: Type.Optional(Type.String({ description: 'createTime or updateTime (several: comma-separated)' })),
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1024 })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
});

/** The supernode list query (Table 11-93): a page holds 1–1024 supernodes. */
const HpsListOptions = Type.Object({ ...ListOptions.properties, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024 })) });

/** The optional body of `start` (Table 11-46). */
const StartOptions = Type.Object({
  arch: Type.Optional(Type.Enum(['ARM', 'X86'] as const)),
  charging_mode: Type.Optional(Type.Enum(['COMMON', 'POST_PAID', 'PRE_PAID'] as const)),
  server_type: Type.Optional(Type.Enum(['BMS', 'ECS', 'HPS'] as const)),
});

const WaitOptions = Type.Object({
  /** Give up after this long (WaitTimeoutError). Default: no limit. */
  timeoutMs: Type.Optional(Type.Number({ minimum: 0 })),
  signal: Type.Optional(AbortSignalArg),
  onStatus: Type.Optional(callback<(status: string) => void>('(status: string) => void')),
  minIntervalMs: Type.Optional(Type.Number({ minimum: 0 })),
  maxIntervalMs: Type.Optional(Type.Number({ minimum: 0 })),
});
/** How `waitUntil`, `waitUntilHps` and `waitForOperation` poll. */
export interface ServerWaitOptions {
  /** Give up after this long (WaitTimeoutError). Default: no limit. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called with each new status. */
  onStatus?: (status: string) => void;
  /** First and longest interval between polls (default 500 ms and 10 s). */
  minIntervalMs?: number;
  maxIntervalMs?: number;
}
export type ServerListOptions = Static<typeof ListOptions>;
export type HpsListOptions = Static<typeof HpsListOptions>;
export type ServerStartOptions = Static<typeof StartOptions>;

const TAGS = ['tags', Type.Array(TagOptions, { minItems: 1 })] as const;
const NAME = 'ServerManagement';
const SIG = {
  getUserServersList: defineSignature(`${NAME}.getUserServersList`, [SESSION], ListOptions),
  create: defineSignature(`${NAME}.create`, [SESSION, ['server', ServerOptions]]),
  getServerInfo: defineSignature(`${NAME}.getServerInfo`, [SESSION, SERVER_ID]),
  delete: defineSignature(`${NAME}.delete`, [SESSION, SERVER_ID]),
  syncServerStatus: defineSignature(`${NAME}.syncServerStatus`, [SESSION, SERVER_ID], ListOptions),
  start: defineSignature(`${NAME}.start`, [SESSION, SERVER_ID], StartOptions),
  stop: defineSignature(`${NAME}.stop`, [SESSION, SERVER_ID]),
  restart: defineSignature(`${NAME}.restart`, [SESSION, SERVER_ID]),
  reinstallServerImage: defineSignature(`${NAME}.reinstallServerImage`, [SESSION, SERVER_ID, ['reinstall_body', ImageBodyOptions]]),
  changeServerImage: defineSignature(`${NAME}.changeServerImage`, [SESSION, SERVER_ID, ['change_body', ImageBodyOptions]]),
  attachVolume: defineSignature(`${NAME}.attachVolume`, [SESSION, SERVER_ID, ['volume', VolumeOptions]]),
  createHpsTag: defineSignature(`${NAME}.createHpsTag`, [SESSION, HPS_ID, TAGS]),
  deleteHpsTag: defineSignature(`${NAME}.deleteHpsTag`, [SESSION, HPS_ID, TAGS]),
  getHpsTags: defineSignature(`${NAME}.getHpsTags`, [SESSION, HPS_ID]),
  changeHpsImage: defineSignature(`${NAME}.changeHpsImage`, [SESSION, HPS_ID, ['change_body', ImageBodyOptions]]),
  getHpsList: defineSignature(`${NAME}.getHpsList`, [SESSION], HpsListOptions),
  getHpsInfo: defineSignature(`${NAME}.getHpsInfo`, [SESSION, HPS_ID]),
  deleteHps: defineSignature(`${NAME}.deleteHps`, [SESSION, HPS_ID]),
  startHps: defineSignature(`${NAME}.startHps`, [SESSION, HPS_ID]),
  stopHps: defineSignature(`${NAME}.stopHps`, [SESSION, HPS_ID]),
  waitUntil: defineSignature(`${NAME}.waitUntil`, [SESSION, SERVER_ID, STATUS], WaitOptions),
  waitUntilHps: defineSignature(`${NAME}.waitUntilHps`, [SESSION, HPS_ID, STATUS], WaitOptions),
  waitForOperation: defineSignature(`${NAME}.waitForOperation`, [SESSION, SERVER_ID, ['operation_id', Type.String({ minLength: 1 })]], WaitOptions),
};

const NOT_FOUND = new Set(['ModelArts.6404', 'ModelArts.6406']);
const isGone = (e: unknown) => e instanceof APIError && NOT_FOUND.has(e.error_code ?? '');

/** What a poll of a server sees: the server, or that it is gone (deleted). */
type Seen<T> = { status: string; value: T | undefined };

function pollOptions(checked: unknown) {
  const o = checked as ServerWaitOptions;
  return {
    minIntervalMs: o.minIntervalMs ?? 500,
    maxIntervalMs: o.maxIntervalMs ?? 10_000,
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onStatus ? { onStatus: (s: string) => o.onStatus?.(s) } : {}),
  };
}

/** Polls `fetch` until `status`; a failure status other than the target throws ResourceFailedError. Gone counts as DELETED. */
async function waitFor<T>(what: string, fetch: (signal?: AbortSignal) => Promise<T>, statusOf: (v: T) => string, status: LiteServerStatus, o: unknown) {
  const seen = await poll<Seen<T>>({
    retrieve: async (signal) => {
      try {
        const value = await fetch(signal);
        return { status: statusOf(value), value };
      } catch (e) {
        if (isGone(e)) return { status: 'DELETED', value: undefined };
        throw e;
      }
    },
    statusOf: (s) => s.status,
    success: [status],
    failure: LITE_SERVER_FAILURE.filter((s) => s !== status),
    describe: what,
    ...pollOptions(o),
  });
  return seen.value;
}

/**
 * The manual's chapter 11, `modelarts.server_mgmt.ServerManagement`: Lite Servers and supernodes. Every function
 * takes the session first; answers are the REST JSON. Operations return at once with the transient status
 * (`CREATING`, `STOPPING`, …); `waitUntil` polls until the status you want.
 */
export const ServerManagement = {
  /** 11.2 `get_user_servers_list(session)`: a page `{current, data, pages, size, total}`; `for await` walks every server. */
  getUserServersList(session: Session, options?: ServerListOptions): PagePromise<LiteServerPage, LiteServer, ServerListOptions> {
    const [, o] = SIG.getUserServersList.check(session, options);
    return session.client.liteServers.list(o);
  },

  /** 11.3 `create(session, server)`: the new server, status `CREATING`. */
  create(session: Session, server: ServerOptions): Promise<LiteServer> {
    const [, body] = SIG.create.check(session, server);
    return session.client.liteServers.create(serverBody(body));
  },

  /** 11.4 `get_server_info(session, server_id)`. */
  getServerInfo(session: Session, server_id: string): Promise<LiteServer> {
    const [, id] = SIG.getServerInfo.check(session, server_id);
    return session.client.liteServers.get(id);
  },

  /** 11.5 `delete(session, server_id)`: status `DELETING`; then the server is gone (pay-per-use servers only). */
  delete(session: Session, server_id: string): Promise<LiteServer> {
    const [, id] = SIG.delete.check(session, server_id);
    return session.client.liteServers.delete(id);
  },

  /**
   * 11.6 `sync_server_status(session, server_id)`: the REST call refreshes every server of the caller and returns
   * them as a page (it takes no server id); `server_id` must name one of them.
   */
  async syncServerStatus(session: Session, server_id: string, options?: ServerListOptions): Promise<LiteServerPage> {
    const [, id, o] = SIG.syncServerStatus.check(session, server_id, options);
    const page = await session.client.liteServers.sync(o);
    // The server may be on another page: asking for it by id makes an unknown one an error either way.
    if (!page.data.some((x) => x.id === id)) await session.client.liteServers.get(id);
    return page;
  },

  /** 11.7 `start(session, server_id)`: status `STARTING`. Options are the optional body (arch, charging_mode, server_type). */
  start(session: Session, server_id: string, options?: ServerStartOptions): Promise<LiteServer> {
    const [, id, o] = SIG.start.check(session, server_id, options);
    return session.client.liteServers.start(id, o);
  },

  /** 11.8 `stop(session, server_id)`: status `STOPPING`. */
  stop(session: Session, server_id: string): Promise<LiteServer> {
    const [, id] = SIG.stop.check(session, server_id);
    return session.client.liteServers.stop(id);
  },

  /** 11.18 `restart(session, server_id)`: status `REBOOTING`. */
  restart(session: Session, server_id: string): Promise<LiteServer> {
    const [, id] = SIG.restart.check(session, server_id);
    return session.client.liteServers.reboot(id);
  },

  /** 11.12 `reinstall_server_image(session, server_id, reinstall_body)`: a stopped server, status `REINSTALLINGOS`. */
  reinstallServerImage(session: Session, server_id: string, reinstall_body: ImageBodyOptions): Promise<LiteServer> {
    const [, id, b] = SIG.reinstallServerImage.check(session, server_id, reinstall_body);
    return session.client.liteServers.reinstallOs(id, imageBody(b));
  },

  /** 11.13 `change_server_image(session, server_id, change_body)`: a stopped server, status `CHANGINGOS`. */
  changeServerImage(session: Session, server_id: string, change_body: ImageBodyOptions): Promise<LiteServer> {
    const [, id, b] = SIG.changeServerImage.check(session, server_id, change_body);
    return session.client.liteServers.changeOs(id, imageBody(b));
  },

  /** 11.21 `attach_volume(session, server_id, volume)`: `{operation_id, operation_status, operation_type}` (A3 servers only). */
  attachVolume(session: Session, server_id: string, volume: VolumeOptions): Promise<LiteOperation> {
    const [, id, v] = SIG.attachVolume.check(session, server_id, volume);
    return session.client.liteServers.attachVolume(id, { volume_id: v.volume_id });
  },

  /** 11.9 `create_hps_tag(session, hps_cluster_id, tags)`: `{tags: [{key, value}]}`, the supernode's tags now. */
  createHpsTag(session: Session, hps_cluster_id: string, tags: TagOptions[]): Promise<LiteTagList> {
    const [, id, t] = SIG.createHpsTag.check(session, hps_cluster_id, tags);
    return session.client.liteHyperinstances.createTags(id, { tags: t.map(tagBody) });
  },

  /** 11.10 `delete_hps_tag(session, hps_cluster_id, tags)`: the supernode's tags that remain. */
  deleteHpsTag(session: Session, hps_cluster_id: string, tags: TagOptions[]): Promise<LiteTagList> {
    const [, id, t] = SIG.deleteHpsTag.check(session, hps_cluster_id, tags);
    return session.client.liteHyperinstances.deleteTags(id, { tags: t.map(tagBody) });
  },

  /** 11.11 `get_hps_tags(session, hps_cluster_id)`: `{tags: [{key, value}]}`. */
  getHpsTags(session: Session, hps_cluster_id: string): Promise<LiteTagList> {
    const [, id] = SIG.getHpsTags.check(session, hps_cluster_id);
    return session.client.liteHyperinstances.tags(id);
  },

  /** 11.14 `change_hps_image(session, hps_cluster_id, change_body)`: a stopped supernode (key pair only), status `REIMAGING`. */
  changeHpsImage(session: Session, hps_cluster_id: string, change_body: ImageBodyOptions): Promise<LiteHyperinstance> {
    const [, id, b] = SIG.changeHpsImage.check(session, hps_cluster_id, change_body);
    return session.client.liteHyperinstances.changeOs(id, imageBody(b));
  },

  /** 11.15 `get_hps_list(session)`: a page of supernodes, each with its `servers`. */
  getHpsList(session: Session, options?: HpsListOptions): PagePromise<LiteHyperinstancePage, LiteHyperinstance, HpsListOptions> {
    const [, o] = SIG.getHpsList.check(session, options);
    return session.client.liteHyperinstances.list(o);
  },

  /** 11.16 `get_hps_info(session, hps_cluster_id)`. */
  getHpsInfo(session: Session, hps_cluster_id: string): Promise<LiteHyperinstance> {
    const [, id] = SIG.getHpsInfo.check(session, hps_cluster_id);
    return session.client.liteHyperinstances.get(id);
  },

  /** 11.17 `delete_hps(session, hps_cluster_id)`: status `TERMINATING`; then the supernode is gone. */
  deleteHps(session: Session, hps_cluster_id: string): Promise<LiteHyperinstance> {
    const [, id] = SIG.deleteHps.check(session, hps_cluster_id);
    return session.client.liteHyperinstances.delete(id);
  },

  /** 11.19 `start_hps(session, hps_cluster_id)`: power on a stopped supernode (its nodes `STARTING`). */
  startHps(session: Session, hps_cluster_id: string): Promise<LiteHyperinstance> {
    const [, id] = SIG.startHps.check(session, hps_cluster_id);
    return session.client.liteHyperinstances.start(id);
  },

  /** 11.20 `stop_hps(session, hps_cluster_id)`: power off a running supernode (its nodes `STOPPING`). */
  stopHps(session: Session, hps_cluster_id: string): Promise<LiteHyperinstance> {
    const [, id] = SIG.stopHps.check(session, hps_cluster_id);
    return session.client.liteHyperinstances.stop(id);
  },

  /**
   * Not in the manual: polls the server until it has `status` and returns it. A failure status (`*_FAILED`, `ERROR`)
   * throws ResourceFailedError with that status; `DELETED` is reached when the server is gone (then the result is
   * undefined).
   */
  async waitUntil(session: Session, server_id: string, status: LiteServerStatus, options?: ServerWaitOptions): Promise<LiteServer | undefined> {
    const [, id, st, o] = SIG.waitUntil.check(session, server_id, status, options);
    return waitFor(
      `Lite Server ${id}`,
      (signal) => session.client.liteServers.get(id, signal ? { signal } : undefined),
      (v) => v.status,
      st,
      o,
    );
  },

  /** Not in the manual: polls the supernode until every node has `status` (`DELETED`: the supernode is gone). */
  async waitUntilHps(session: Session, hps_cluster_id: string, status: LiteServerStatus, options?: ServerWaitOptions): Promise<LiteHyperinstance | undefined> {
    const [, id, st, o] = SIG.waitUntilHps.check(session, hps_cluster_id, status, options);
    const nodesStatus = (h: LiteHyperinstance): string => {
      const statuses = new Set(h.servers.map((x) => x.status));
      const failed = [...statuses].find((x) => (LITE_SERVER_FAILURE as readonly string[]).includes(x) && x !== st);
      if (failed) return failed;
      if (h.status === 'ERROR' && st !== 'ERROR') return 'ERROR';
      return statuses.size === 1 && !HYPERINSTANCE_TRANSIENT.includes(h.status) ? ([...statuses][0] as string) : h.status;
    };
    return waitFor(`supernode ${id}`, (signal) => session.client.liteHyperinstances.get(id, signal ? { signal } : undefined), nodesStatus, st, o);
  },

  /** Not in the manual: polls a disk operation (attach/detach) until `success`; `failed` throws ResourceFailedError. */
  async waitForOperation(session: Session, server_id: string, operation_id: string, options?: ServerWaitOptions): Promise<LiteOperation> {
    const [, id, opId, o] = SIG.waitForOperation.check(session, server_id, operation_id, options);
    return poll<LiteOperation>({
      retrieve: (signal) => session.client.liteServers.operation(id, opId, signal ? { signal } : undefined),
      statusOf: (x) => x.operation_status,
      success: ['success'],
      failure: ['failed'],
      failureReason: (x) => x.operation_error?.message,
      describe: `operation ${opId} on Lite Server ${id}`,
      ...pollOptions(o),
    });
  },
} as const;
