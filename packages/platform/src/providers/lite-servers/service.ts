import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  HYPERINSTANCE_TRANSIENT,
  LITE_DEFAULT_LIMIT,
  LITE_SERVER_PREPAID_DELETABLE,
  LITE_SERVER_TRANSITIONS,
  type LiteBatchAction,
  type LiteFlavor,
  type LiteFlavorList,
  type LiteHyperinstance,
  type LiteHyperinstanceListQuery,
  type LiteHyperinstancePage,
  type LiteImageList,
  type LiteOperation,
  type LitePublicIps,
  type LiteServer,
  type LiteServerBatchBody,
  type LiteServerCreateBody,
  type LiteServerImage,
  type LiteServerListQuery,
  type LiteServerOperation,
  type LiteServerOsBody,
  type LiteServerPage,
  type LiteServerStatus,
  type LiteServerVolume,
  type LiteTag,
  type LiteTagList,
} from '@modelarts-ts/contract';
import type { FastifyBaseLogger } from 'fastify';
import type { Caller } from '../../auth/caller.js';
import { PlatformError } from '../../errors.js';
import { findFlavor, findImage, LITE_FLAVORS, LITE_IMAGES } from './catalog.js';
import { failureOf } from './failures.js';
import type { Begin, HyperinstanceRow, LiteServerStore, OperationRow, PageQuery, ServerRow, ServerSpec } from './store.js';
import { acceptCreate, acceptOs } from './validate.js';
import { hyperinstanceView, pageOf, serverView } from './view.js';

export interface LiteServerServiceDeps {
  store: LiteServerStore;
  /** How long an operation takes before its target status is reached (0: at the next request). */
  transitionMs: number;
  log: FastifyBaseLogger;
}

const VERBS: Record<LiteServerOperation, string> = {
  create: 'create',
  start: 'start',
  stop: 'stop',
  reboot: 'reboot',
  reinstallos: 'reinstall the OS of',
  changeos: 'change the OS image of',
  delete: 'delete',
};

const BATCH_OPS: Record<LiteBatchAction, LiteServerOperation> = {
  START: 'start',
  STOP: 'stop',
  REBOOT: 'reboot',
  CHANGEOS: 'changeos',
  REINSTALLOS: 'reinstallos',
  DELETE: 'delete',
};

/** Longest single timer (setTimeout's limit); a later due time is reached by re-arming. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const notFound = (id: string) => new PlatformError('ModelArts.6404', `The Lite Server ${id} does not exist`);
const hpsNotFound = (id: string) => new PlatformError('ModelArts.6406', `The supernode ${id} does not exist`);
const refused = (message: string) => new PlatformError('ModelArts.6401', message);

/** An address in 192.0.2.0/24 or 10.0.0.0/8 derived from an id: stable, documented as not reachable. */
function addressOf(prefix: 'public' | 'private', id: string): string {
  const h = createHash('sha256').update(id).digest();
  return prefix === 'public' ? `192.0.2.${(h[0] as number) % 254 || 1}` : `10.${h[0]}.${h[1]}.${(h[2] as number) % 254 || 1}`;
}

function orderBy(sortKey: string | undefined, sortDir: string | undefined): string {
  const dir = sortDir === 'DESC' ? 'DESC' : 'ASC';
  const cols = (sortKey ?? 'createTime').split(',').map((k) => (k === 'updateTime' ? 'update_at' : 'create_at'));
  return [...new Set(cols)]
    .map((c) => `${c} ${dir}`)
    .concat(`id ${dir}`)
    .join(', ');
}

/**
 * Lite Servers on ModelArts Local: the cloud's lifecycle with no machine behind it. An accepted operation stores
 * the transient status with the status to reach and when; a timer (and every request) completes what is due, so a
 * transition survives a platform restart. Failures are injected per server (see failures.ts).
 */
export class LiteServerService {
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly d: LiteServerServiceDeps) {
    this.tick();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  // ---- servers ----

  list(projectId: string, caller: Caller, q: LiteServerListQuery): LiteServerPage {
    this.refresh();
    return this.serverPage(projectId, { ...q, owner: q.owner ?? caller.user_id });
  }

  listAll(projectId: string): LiteServerPage {
    this.refresh();
    return this.serverPage(projectId, { limit: 0 });
  }

  /** Statuses here are always current, so sync has nothing to fetch: it completes what is due and lists. */
  sync(projectId: string, caller: Caller, q: LiteServerListQuery): LiteServerPage {
    return this.list(projectId, caller, q);
  }

  get(projectId: string, id: string): LiteServer {
    this.refresh();
    return this.view(this.server(projectId, id));
  }

  create(projectId: string, caller: Caller, b: LiteServerCreateBody): LiteServer {
    this.refresh();
    const a = acceptCreate(b);
    const now = Date.now();
    const due = now + this.d.transitionMs;
    const charging = b.charging_info?.charging_mode ?? 'POST_PAID';
    const order_id = charging === 'PRE_PAID' ? randomBytes(16).toString('hex') : undefined;
    const fail = failureOf(b.name, [], 'create');
    const next: LiteServerStatus = fail === 'error' ? 'ERROR' : fail ? 'CREATE_FAILED' : 'RUNNING';
    const base = b.name.slice(0, 59);
    let hps: HyperinstanceRow | undefined;
    if (a.supernode) {
      hps = {
        id: randomUUID(),
        project_id: projectId,
        owner: caller.user_id,
        hps_id: randomUUID(),
        hps_cluster_id: b.hps_cluster_id as string,
        name: b.name,
        order_id: order_id ?? null,
        charging_mode: charging,
        status: 'PROVISIONING',
        next_status: fail ? 'ERROR' : 'ACTIVE',
        due_at: due,
        create_at: now,
        update_at: now,
      };
    }
    const n = a.supernode ? (a.flavor.hps_nodes ?? 1) : a.count;
    const rows: ServerRow[] = Array.from({ length: n }, (_, i) => {
      const id = randomUUID();
      return {
        id,
        project_id: projectId,
        owner: caller.user_id,
        name: n > 1 ? `${base}-${String(i + 1).padStart(4, '0')}` : b.name,
        flavor: a.flavor.flavor,
        charging_mode: charging,
        hps_id: hps?.id ?? null,
        status: 'CREATING',
        next_status: next,
        due_at: due,
        on_success: null,
        spec: this.newSpec(id, b, a.flavor, a.image, order_id),
        create_at: now,
        update_at: now,
      };
    });
    this.d.store.tx(() => {
      if (hps) this.d.store.insertHyperinstance(hps);
      for (const r of rows) this.d.store.insertServer(r);
    });
    this.schedule();
    return serverView(rows[0] as ServerRow, hps);
  }

  rename(projectId: string, id: string, name: string): LiteServer {
    this.refresh();
    const s = this.server(projectId, id);
    this.d.store.rename(s.id, name, Date.now());
    return this.view(this.server(projectId, id));
  }

  start(projectId: string, id: string): LiteServer {
    return this.act(projectId, id, 'start');
  }

  stop(projectId: string, id: string): LiteServer {
    return this.act(projectId, id, 'stop');
  }

  reboot(projectId: string, id: string): LiteServer {
    return this.act(projectId, id, 'reboot');
  }

  delete(projectId: string, id: string): LiteServer {
    return this.act(projectId, id, 'delete');
  }

  reinstallOs(projectId: string, id: string, b: LiteServerOsBody): LiteServer {
    return this.act(projectId, id, 'reinstallos', b);
  }

  changeOs(projectId: string, id: string, b: LiteServerOsBody): LiteServer {
    return this.act(projectId, id, 'changeos', b);
  }

  /** One action on several servers: every server is checked first; nothing changes unless all may take it. */
  batch(projectId: string, b: LiteServerBatchBody): LiteServerPage {
    this.refresh();
    const op = BATCH_OPS[b.type];
    if ((op === 'changeos' || op === 'reinstallos') && !b.extend_param)
      throw new PlatformError('ModelArts.0107', `${b.type} needs extend_param (the OS request)`);
    const ids = [...new Set(b.servers.map((s) => s.id))];
    const plans = ids.map((id) => this.plan(this.server(projectId, id), op, b.extend_param));
    this.d.store.tx(() => {
      for (const [s, begin] of plans) this.begin(s, begin);
    });
    this.schedule();
    const views = ids.map((id) => this.view(this.server(projectId, id)));
    return pageOf(views, views.length, 0, 0);
  }

  // ---- disks and addresses ----

  attachVolume(projectId: string, id: string, volume_id: string): LiteOperation {
    this.refresh();
    const s = this.diskServer(projectId, id, volume_id);
    if (s.spec.volumes.some((v) => v.evs_id === volume_id)) throw new PlatformError('ModelArts.6411', `The disk ${volume_id} is already attached to ${s.id}`);
    return this.startOperation(s, 'node_attach_volume', volume_id);
  }

  detachVolume(projectId: string, id: string, volume_id: string): LiteOperation {
    this.refresh();
    const s = this.diskServer(projectId, id, volume_id);
    const v = s.spec.volumes.find((x) => x.evs_id === volume_id);
    if (!v) throw new PlatformError('ModelArts.6412', `The disk ${volume_id} is not attached to ${s.id}`);
    if (v.type === 'ROOT') throw new PlatformError('ModelArts.0107', `The disk ${volume_id} is the system disk of ${s.id}; it cannot be detached`);
    return this.startOperation(s, 'node_detach_volume', volume_id);
  }

  operation(projectId: string, id: string, operationId: string, hpsId?: string): LiteOperation {
    this.refresh();
    const op = this.d.store.operation(projectId, operationId);
    const owner = op && this.d.store.server(projectId, op.server_id);
    const matches = op && owner && (hpsId ? owner.hps_id === hpsId : op.server_id === id);
    if (!op || !matches) throw new PlatformError('ModelArts.6410', `The operation ${operationId} does not exist on ${hpsId ?? id}`);
    return operationView(op);
  }

  bindPublicIp(projectId: string, id: string, public_ip_id: string): LitePublicIps {
    this.refresh();
    const s = this.server(projectId, id);
    if (!s.spec.public_ips.some((p) => p.id === public_ip_id)) {
      const public_ips = [...s.spec.public_ips, { id: public_ip_id, address: addressOf('public', public_ip_id) }];
      this.d.store.setSpec(s.id, { ...s.spec, public_ips }, Date.now());
    }
    return this.publicIps(projectId, id);
  }

  publicIps(projectId: string, id: string): LitePublicIps {
    this.refresh();
    return { public_ips: this.server(projectId, id).spec.public_ips };
  }

  flavors(): LiteFlavorList {
    return { total: LITE_FLAVORS.length, flavors: [...LITE_FLAVORS] };
  }

  images(): LiteImageList {
    return { total: LITE_IMAGES.length, images: [...LITE_IMAGES] };
  }

  image(id: string): LiteServerImage {
    const image = findImage(id);
    if (!image) throw new PlatformError('ModelArts.6405', `The image ${id} does not exist`);
    return image;
  }

  // ---- supernodes ----

  listHyperinstances(projectId: string, caller: Caller, q: LiteHyperinstanceListQuery): LiteHyperinstancePage {
    this.refresh();
    return this.hpsPage(projectId, { ...q, owner: q.owner ?? caller.user_id });
  }

  listAllHyperinstances(projectId: string): LiteHyperinstancePage {
    this.refresh();
    return this.hpsPage(projectId, { limit: 0 });
  }

  getHyperinstance(projectId: string, id: string): LiteHyperinstance {
    this.refresh();
    return this.hpsView(this.hyperinstance(projectId, id));
  }

  startHyperinstance(projectId: string, id: string): LiteHyperinstance {
    return this.hpsAct(projectId, id, 'start');
  }

  stopHyperinstance(projectId: string, id: string): LiteHyperinstance {
    return this.hpsAct(projectId, id, 'stop');
  }

  changeHyperinstanceOs(projectId: string, id: string, b: LiteServerOsBody): LiteHyperinstance {
    return this.hpsAct(projectId, id, 'changeos', b);
  }

  deleteHyperinstance(projectId: string, id: string): LiteHyperinstance {
    return this.hpsAct(projectId, id, 'delete');
  }

  tags(projectId: string, id: string): LiteTagList {
    this.refresh();
    return { tags: this.d.store.tags(this.hyperinstance(projectId, id).id) };
  }

  createTags(projectId: string, id: string, tags: readonly LiteTag[]): LiteTagList {
    this.refresh();
    const h = this.hyperinstance(projectId, id);
    const existing = new Set(this.d.store.tags(h.id).map((t) => t.key));
    const seen = new Set<string>();
    for (const t of tags) {
      if (existing.has(t.key)) throw new PlatformError('ModelArts.6407', `The supernode ${id} already has a tag with key "${t.key}"`);
      if (seen.has(t.key)) throw new PlatformError('ModelArts.0107', `The key "${t.key}" appears twice in tags`);
      seen.add(t.key);
    }
    this.d.store.tx(() => this.d.store.addTags(h.id, tags));
    return { tags: this.d.store.tags(h.id) };
  }

  deleteTags(projectId: string, id: string, tags: readonly LiteTag[]): LiteTagList {
    this.refresh();
    const h = this.hyperinstance(projectId, id);
    const existing = new Map(this.d.store.tags(h.id).map((t) => [t.key, t.value ?? '']));
    for (const t of tags) {
      const value = existing.get(t.key);
      if (value === undefined) throw new PlatformError('ModelArts.6408', `The supernode ${id} has no tag with key "${t.key}"`);
      if (t.value !== undefined && t.value !== value) throw new PlatformError('ModelArts.6408', `The tag "${t.key}" of supernode ${id} has another value`);
    }
    this.d.store.tx(() =>
      this.d.store.removeTags(
        h.id,
        tags.map((t) => t.key),
      ),
    );
    return { tags: this.d.store.tags(h.id) };
  }

  // ---- the state machine ----

  private act(projectId: string, id: string, op: LiteServerOperation, os?: LiteServerOsBody): LiteServer {
    this.refresh();
    const [s, begin] = this.plan(this.server(projectId, id), op, os);
    this.d.store.tx(() => this.begin(s, begin));
    this.schedule();
    return this.view(this.server(projectId, id));
  }

  /** Checks that `op` may run on `s` now and says what it will do; throws (changing nothing) otherwise. */
  private plan(s: ServerRow, op: LiteServerOperation, os?: LiteServerOsBody): [ServerRow, Begin] {
    const t = LITE_SERVER_TRANSITIONS[op];
    if (!t.from.includes(s.status)) {
      throw refused(`Cannot ${VERBS[op]} Lite Server ${s.id}: its status is ${s.status}; ${op} is allowed only when the status is ${t.from.join(', ')}`);
    }
    if (op === 'delete') {
      if (s.hps_id) throw refused(`Lite Server ${s.id} is a node of supernode ${s.hps_id}: delete the supernode instead`);
      if (s.charging_mode === 'PRE_PAID' && !LITE_SERVER_PREPAID_DELETABLE.includes(s.status)) {
        throw new PlatformError(
          'ModelArts.6402',
          `Lite Server ${s.id} is yearly/monthly (PRE_PAID, status ${s.status}): unsubscribe it in billing; only ${LITE_SERVER_PREPAID_DELETABLE.join(' or ')} prepaid servers are deleted here`,
        );
      }
    }
    let on_success: Partial<ServerSpec> | undefined;
    if (op === 'reinstallos' || op === 'changeos') {
      const image = acceptOs(os ?? {}, op, s.flavor, s.spec.image_id);
      on_success = { image_id: image.image_id, key_pair_name: os?.key_pair_name };
    }
    const failed = failureOf(s.name, s.hps_id ? this.d.store.tags(s.hps_id) : [], op);
    return [s, { status: t.via, next: failed ? t.failed : t.to, due_at: Date.now() + this.d.transitionMs, on_success }];
  }

  private begin(s: ServerRow, b: Begin): void {
    if (!this.d.store.beginServer(s.id, s.status, b, Date.now())) throw refused(`Lite Server ${s.id} changed status meanwhile; try again`);
  }

  private hpsAct(projectId: string, id: string, op: 'start' | 'stop' | 'changeos' | 'delete', os?: LiteServerOsBody): LiteHyperinstance {
    this.refresh();
    const h = this.hyperinstance(projectId, id);
    const nodes = this.d.store.serversOf(h.id).filter((s) => s.status !== 'DELETED');
    const statuses = [...new Set(nodes.map((s) => s.status))].join(', ') || 'none';
    if (HYPERINSTANCE_TRANSIENT.includes(h.status)) throw refused(`Cannot ${VERBS[op]} supernode ${h.id}: it is ${h.status}`);
    if (nodes.length === 0) throw refused(`Cannot ${VERBS[op]} supernode ${h.id}: it has no nodes left`);
    const t = LITE_SERVER_TRANSITIONS[op];
    if (op === 'delete') {
      if (h.status !== 'ERROR') {
        if (h.charging_mode === 'PRE_PAID')
          throw new PlatformError(
            'ModelArts.6402',
            `Supernode ${h.id} is yearly/monthly (PRE_PAID): unsubscribe it in billing; only a supernode in ERROR is deleted here`,
          );
        if (!nodes.every((s) => s.status === 'RUNNING'))
          throw refused(
            `Cannot delete supernode ${h.id}: its nodes are ${statuses}; a supernode is deleted when every node is RUNNING, or when it is in ERROR`,
          );
      }
    } else {
      if (h.status !== 'ACTIVE') throw refused(`Cannot ${VERBS[op]} supernode ${h.id}: it is ${h.status}; it must be ACTIVE`);
      if (!nodes.every((s) => t.from.includes(s.status)))
        throw refused(`Cannot ${VERBS[op]} supernode ${h.id}: its nodes are ${statuses}; ${op} is allowed only when every node is ${t.from.join(', ')}`);
    }
    let on_success: Partial<ServerSpec> | undefined;
    if (op === 'changeos') {
      const flavor = findFlavor(nodes[0]?.flavor ?? '') as LiteFlavor;
      const image = acceptOs(os ?? {}, 'changeos', flavor.flavor, nodes[0]?.spec.image_id ?? '');
      on_success = { image_id: image.image_id, key_pair_name: os?.key_pair_name };
    }
    const tags = this.d.store.tags(h.id);
    const failed = nodes.some((s) => failureOf(s.name, tags, op)) || failureOf(h.name, tags, op) !== undefined;
    const now = Date.now();
    const due = now + this.d.transitionMs;
    this.d.store.tx(() => {
      for (const s of nodes) this.begin(s, { status: t.via, next: failed ? t.failed : t.to, due_at: due, on_success });
      if (op === 'delete') this.d.store.beginHyperinstance(h.id, 'TERMINATING', failed ? 'ERROR' : 'TERMINATED', due, now);
      else if (op === 'changeos') this.d.store.beginHyperinstance(h.id, 'REIMAGING', 'ACTIVE', due, now);
      else this.d.store.beginHyperinstance(h.id, h.status, null, null, now);
    });
    this.schedule();
    return this.hpsView(this.hyperinstance(projectId, id));
  }

  private diskServer(projectId: string, id: string, volume_id: string): ServerRow {
    const s = this.server(projectId, id);
    const flavor = findFlavor(s.flavor);
    if (!flavor?.attach_volume)
      throw new PlatformError('ModelArts.6413', `Lite Server ${s.id} has flavor ${s.flavor}; only A3 (Snt9b23) servers support attaching disks`);
    if (s.status !== 'RUNNING' && s.status !== 'STOPPED')
      throw refused(`Cannot attach or detach disks of Lite Server ${s.id}: its status is ${s.status}; disks change only when it is RUNNING or STOPPED`);
    const open = this.d.store.openOperationFor(s.id, volume_id);
    if (open) throw refused(`Operation ${open.id} (${open.type}) on disk ${volume_id} is still ${open.status}`);
    return s;
  }

  private startOperation(s: ServerRow, type: 'node_attach_volume' | 'node_detach_volume', volume_id: string): LiteOperation {
    const now = Date.now();
    const failed = failureOf(s.name, s.hps_id ? this.d.store.tags(s.hps_id) : [], type === 'node_attach_volume' ? 'attachvolume' : 'detachvolume');
    const op: OperationRow = {
      id: randomUUID(),
      project_id: s.project_id,
      server_id: s.id,
      type,
      volume_id,
      status: 'pending',
      outcome: failed ? 'failed' : 'success',
      running_at: now + Math.floor(this.d.transitionMs / 2),
      due_at: now + this.d.transitionMs,
      error: failed ? `${type} of disk ${volume_id} failed (failure injected on ModelArts Local)` : null,
      create_at: now,
    };
    this.d.store.insertOperation(op);
    this.schedule();
    return operationView(op);
  }

  // ---- reading ----

  private server(projectId: string, id: string): ServerRow {
    const s = this.d.store.server(projectId, id);
    if (!s || s.status === 'DELETED') throw notFound(id);
    return s;
  }

  private hyperinstance(projectId: string, id: string): HyperinstanceRow {
    const h = this.d.store.hyperinstance(projectId, id);
    if (!h || h.status === 'TERMINATED') throw hpsNotFound(id);
    return h;
  }

  private view(s: ServerRow): LiteServer {
    return serverView(s, s.hps_id ? this.d.store.hyperinstance(s.project_id, s.hps_id) : undefined);
  }

  private hpsView(h: HyperinstanceRow): LiteHyperinstance {
    return hyperinstanceView(h, this.d.store.serversOf(h.id));
  }

  private pageQuery(q: {
    owner?: string | undefined;
    sort_key?: string | undefined;
    sort_dir?: string | undefined;
    limit?: number | undefined;
    offset?: number | undefined;
  }): PageQuery {
    return { owner: q.owner, orderBy: orderBy(q.sort_key, q.sort_dir), limit: q.limit ?? LITE_DEFAULT_LIMIT, offset: q.offset ?? 0 };
  }

  private serverPage(projectId: string, q: Parameters<LiteServerService['pageQuery']>[0]): LiteServerPage {
    const pq = this.pageQuery(q);
    const r = this.d.store.servers(projectId, pq);
    return pageOf(
      r.rows.map((s) => this.view(s)),
      r.total,
      pq.limit,
      pq.offset,
    );
  }

  private hpsPage(projectId: string, q: Parameters<LiteServerService['pageQuery']>[0]): LiteHyperinstancePage {
    const pq = this.pageQuery(q);
    const r = this.d.store.hyperinstances(projectId, pq);
    return pageOf(
      r.rows.map((h) => this.hpsView(h)),
      r.total,
      pq.limit,
      pq.offset,
    );
  }

  private newSpec(id: string, b: LiteServerCreateBody, flavor: LiteFlavor, image: LiteServerImage, order_id: string | undefined): ServerSpec {
    const volumes: LiteServerVolume[] = [{ type: 'ROOT', evs_type: b.root_volume?.type ?? 'SSD', size: b.root_volume?.size ?? 100, evs_id: randomUUID() }];
    const dv = b.data_volume;
    if (dv) for (let i = 0; i < dv.count; i++) volumes.push({ type: 'DATA', evs_type: dv.type, size: dv.size, evs_id: randomUUID() });
    return {
      image_id: image.image_id,
      key_pair_name: b.key_pair_name,
      vpc_id: b.network.vpc_id,
      subnet_id: b.network.subnet_id,
      security_group_id: b.network.security_group_id,
      arch: flavor.arch,
      server_type: flavor.server_type,
      category: flavor.server_type === 'HPS' ? 'HPS' : 'SERVER',
      order_id,
      availability_zone: b.availability_zone,
      cloud_server_id: randomUUID(),
      private_ip: addressOf('private', id),
      volumes,
      public_ips: [],
    };
  }

  // ---- time ----

  /** Completes every transition that is due. */
  private refresh(): void {
    this.d.store.settle(Date.now());
  }

  private tick(): void {
    if (this.closed) return;
    try {
      this.refresh();
    } catch (e) {
      this.d.log.error({ err: e }, 'lite servers: completing due transitions failed');
    }
    this.schedule();
  }

  /** Arms the timer for the earliest due time. */
  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    const due = this.d.store.nextDue();
    if (due === undefined) return;
    this.timer = setTimeout(() => this.tick(), Math.min(MAX_TIMER_MS, Math.max(0, due - Date.now())));
    this.timer.unref();
  }
}

function operationView(op: OperationRow): LiteOperation {
  return {
    operation_id: op.id,
    operation_status: op.status,
    operation_type: op.type,
    ...(op.status === 'failed' && op.error ? { operation_error: { code: 'ModelArts.LocalInjected', message: op.error } } : {}),
  };
}
