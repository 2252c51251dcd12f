import type { HyperinstanceStatus, LiteOperationStatus, LiteServerStatus, LiteServerVolume, LiteTag } from '@modelarts-ts/contract';
import type { Db } from '../../db/sqlite.js';

/** What a server is made of besides its lifecycle columns (stored as JSON). */
export interface ServerSpec {
  image_id: string;
  key_pair_name?: string | undefined;
  vpc_id: string;
  subnet_id: string;
  security_group_id: string;
  arch: string;
  server_type: string;
  category: string;
  order_id?: string | undefined;
  availability_zone?: string | undefined;
  cloud_server_id: string;
  private_ip: string;
  volumes: LiteServerVolume[];
  public_ips: Array<{ id: string; address: string }>;
}

export interface ServerRow {
  id: string;
  project_id: string;
  owner: string;
  name: string;
  flavor: string;
  charging_mode: string;
  hps_id: string | null;
  status: LiteServerStatus;
  next_status: LiteServerStatus | null;
  due_at: number | null;
  on_success: Partial<ServerSpec> | null;
  spec: ServerSpec;
  create_at: number;
  update_at: number;
}

export interface HyperinstanceRow {
  id: string;
  project_id: string;
  owner: string;
  hps_id: string;
  hps_cluster_id: string;
  name: string;
  order_id: string | null;
  charging_mode: string;
  status: HyperinstanceStatus;
  next_status: HyperinstanceStatus | null;
  due_at: number | null;
  create_at: number;
  update_at: number;
}

export interface OperationRow {
  id: string;
  project_id: string;
  server_id: string;
  type: string;
  volume_id: string;
  status: LiteOperationStatus;
  outcome: 'success' | 'failed';
  running_at: number;
  due_at: number;
  error: string | null;
  create_at: number;
}

/** A status change to start: the transient status now, `next` at `due_at`, `on_success` merged into the spec if `next` is the success status. */
export interface Begin {
  status: LiteServerStatus;
  next: LiteServerStatus;
  due_at: number;
  on_success?: Partial<ServerSpec> | undefined;
}

export interface PageQuery {
  owner?: string | undefined;
  /** SQL ORDER BY terms, built from checked input only. */
  orderBy: string;
  /** 0: no limit. */
  limit: number;
  offset: number;
}

type RawServer = Omit<ServerRow, 'spec' | 'on_success'> & { spec: string; on_success: string | null };

const parseServer = (r: RawServer): ServerRow => ({
  ...r,
  spec: JSON.parse(r.spec) as ServerSpec,
  on_success: r.on_success ? (JSON.parse(r.on_success) as Partial<ServerSpec>) : null,
});

/** The Lite Server tables. Every change is one transaction. */
export class LiteServerStore {
  constructor(private readonly db: Db) {}

  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  insertServer(s: ServerRow): void {
    this.db
      .prepare(
        `INSERT INTO lite_servers (id, project_id, owner, name, flavor, charging_mode, hps_id, status, next_status, due_at, on_success, spec, create_at, update_at)
         VALUES (@id, @project_id, @owner, @name, @flavor, @charging_mode, @hps_id, @status, @next_status, @due_at, @on_success, @spec, @create_at, @update_at)`,
      )
      .run({ ...s, spec: JSON.stringify(s.spec), on_success: s.on_success ? JSON.stringify(s.on_success) : null });
  }

  insertHyperinstance(h: HyperinstanceRow): void {
    this.db
      .prepare(
        `INSERT INTO lite_hyperinstances (id, project_id, owner, hps_id, hps_cluster_id, name, order_id, charging_mode, status, next_status, due_at, create_at, update_at)
         VALUES (@id, @project_id, @owner, @hps_id, @hps_cluster_id, @name, @order_id, @charging_mode, @status, @next_status, @due_at, @create_at, @update_at)`,
      )
      .run(h);
  }

  /** A server of the project, DELETED ones included (the service decides what they answer). */
  server(projectId: string, id: string): ServerRow | undefined {
    const r = this.db.prepare('SELECT * FROM lite_servers WHERE project_id = ? AND id = ?').get(projectId, id) as RawServer | undefined;
    return r && parseServer(r);
  }

  serversOf(hpsId: string): ServerRow[] {
    return (this.db.prepare('SELECT * FROM lite_servers WHERE hps_id = ? ORDER BY create_at, name').all(hpsId) as RawServer[]).map(parseServer);
  }

  /** Servers of the project that are not DELETED, one page, and how many there are. */
  servers(projectId: string, q: PageQuery): { rows: ServerRow[]; total: number } {
    const where = `project_id = ? AND status <> 'DELETED'${q.owner ? ' AND owner = ?' : ''}`;
    const args: unknown[] = q.owner ? [projectId, q.owner] : [projectId];
    const total = this.db
      .prepare(`SELECT COUNT(*) FROM lite_servers WHERE ${where}`)
      .pluck()
      .get(...args) as number;
    const page = q.limit > 0 ? ` LIMIT ${q.limit} OFFSET ${q.offset}` : q.offset > 0 ? ` LIMIT -1 OFFSET ${q.offset}` : '';
    const rows = (this.db.prepare(`SELECT * FROM lite_servers WHERE ${where} ORDER BY ${q.orderBy}${page}`).all(...args) as RawServer[]).map(parseServer);
    return { rows, total };
  }

  hyperinstance(projectId: string, id: string): HyperinstanceRow | undefined {
    return this.db.prepare('SELECT * FROM lite_hyperinstances WHERE project_id = ? AND id = ?').get(projectId, id) as HyperinstanceRow | undefined;
  }

  hyperinstances(projectId: string, q: PageQuery): { rows: HyperinstanceRow[]; total: number } {
    const where = `project_id = ? AND status <> 'TERMINATED'${q.owner ? ' AND owner = ?' : ''}`;
    const args: unknown[] = q.owner ? [projectId, q.owner] : [projectId];
    const total = this.db
      .prepare(`SELECT COUNT(*) FROM lite_hyperinstances WHERE ${where}`)
      .pluck()
      .get(...args) as number;
    const page = q.limit > 0 ? ` LIMIT ${q.limit} OFFSET ${q.offset}` : q.offset > 0 ? ` LIMIT -1 OFFSET ${q.offset}` : '';
    const rows = this.db.prepare(`SELECT * FROM lite_hyperinstances WHERE ${where} ORDER BY ${q.orderBy}${page}`).all(...args) as HyperinstanceRow[];
    return { rows, total };
  }

  /** Starts an operation on a server: only if it is still in `expected` (compare-and-set). */
  beginServer(id: string, expected: LiteServerStatus, b: Begin, now: number): boolean {
    return (
      this.db
        .prepare('UPDATE lite_servers SET status = ?, next_status = ?, due_at = ?, on_success = ?, update_at = ? WHERE id = ? AND status = ?')
        .run(b.status, b.next, b.due_at, b.on_success ? JSON.stringify(b.on_success) : null, now, id, expected).changes === 1
    );
  }

  beginHyperinstance(id: string, status: HyperinstanceStatus, next: HyperinstanceStatus | null, dueAt: number | null, now: number): void {
    this.db.prepare('UPDATE lite_hyperinstances SET status = ?, next_status = ?, due_at = ?, update_at = ? WHERE id = ?').run(status, next, dueAt, now, id);
  }

  rename(id: string, name: string, now: number): void {
    this.db.prepare('UPDATE lite_servers SET name = ?, update_at = ? WHERE id = ?').run(name, now, id);
  }

  setSpec(id: string, spec: ServerSpec, now: number): void {
    this.db.prepare('UPDATE lite_servers SET spec = ?, update_at = ? WHERE id = ?').run(JSON.stringify(spec), now, id);
  }

  /** Earliest time something is due (a status or an operation), if any. */
  nextDue(): number | undefined {
    const r = this.db
      .prepare(
        `SELECT MIN(t) FROM (
           SELECT MIN(due_at) AS t FROM lite_servers WHERE due_at IS NOT NULL
           UNION ALL SELECT MIN(due_at) FROM lite_hyperinstances WHERE due_at IS NOT NULL
           UNION ALL SELECT MIN(running_at) FROM lite_operations WHERE status = 'pending'
           UNION ALL SELECT MIN(due_at) FROM lite_operations WHERE status = 'running')`,
      )
      .pluck()
      .get() as number | null;
    return r ?? undefined;
  }

  /** Completes every transition due at `now`, in one transaction. */
  settle(now: number): void {
    this.tx(() => {
      const due = (this.db.prepare('SELECT * FROM lite_servers WHERE due_at IS NOT NULL AND due_at <= ?').all(now) as RawServer[]).map(parseServer);
      const done = this.db.prepare(
        'UPDATE lite_servers SET status = ?, next_status = NULL, due_at = NULL, on_success = NULL, spec = ?, update_at = ? WHERE id = ?',
      );
      for (const s of due) {
        const next = s.next_status as LiteServerStatus;
        const spec = s.on_success && !next.endsWith('FAILED') && next !== 'ERROR' ? { ...s.spec, ...s.on_success } : s.spec;
        done.run(next, JSON.stringify(spec), s.due_at, s.id);
      }
      this.db
        .prepare(
          'UPDATE lite_hyperinstances SET status = next_status, next_status = NULL, update_at = due_at, due_at = NULL WHERE due_at IS NOT NULL AND due_at <= ?',
        )
        .run(now);
      this.db.prepare("UPDATE lite_operations SET status = 'running' WHERE status = 'pending' AND running_at <= ?").run(now);
      const ops = this.db.prepare("SELECT * FROM lite_operations WHERE status IN ('pending', 'running') AND due_at <= ?").all(now) as OperationRow[];
      for (const op of ops) this.finishOperation(op);
    });
  }

  private finishOperation(op: OperationRow): void {
    this.db.prepare('UPDATE lite_operations SET status = outcome WHERE id = ?').run(op.id);
    if (op.outcome !== 'success') return;
    const raw = this.db.prepare('SELECT * FROM lite_servers WHERE id = ?').get(op.server_id) as RawServer | undefined;
    if (!raw) return;
    const s = parseServer(raw);
    const others = s.spec.volumes.filter((v) => v.evs_id !== op.volume_id);
    const volumes: LiteServerVolume[] =
      op.type === 'node_attach_volume' ? [...others, { type: 'DATA', evs_id: op.volume_id, evs_type: 'SSD', size: 100 }] : others;
    this.setSpec(s.id, { ...s.spec, volumes }, op.due_at);
  }

  insertOperation(op: OperationRow): void {
    this.db
      .prepare(
        `INSERT INTO lite_operations (id, project_id, server_id, type, volume_id, status, outcome, running_at, due_at, error, create_at)
         VALUES (@id, @project_id, @server_id, @type, @volume_id, @status, @outcome, @running_at, @due_at, @error, @create_at)`,
      )
      .run(op);
  }

  operation(projectId: string, id: string): OperationRow | undefined {
    return this.db.prepare('SELECT * FROM lite_operations WHERE project_id = ? AND id = ?').get(projectId, id) as OperationRow | undefined;
  }

  /** An attach or detach of this disk that has not finished yet. */
  openOperationFor(serverId: string, volumeId: string): OperationRow | undefined {
    return this.db
      .prepare("SELECT * FROM lite_operations WHERE server_id = ? AND volume_id = ? AND status IN ('pending', 'running')")
      .get(serverId, volumeId) as OperationRow | undefined;
  }

  tags(hpsId: string): LiteTag[] {
    return this.db.prepare('SELECT key, value FROM lite_hps_tags WHERE hps_id = ? ORDER BY seq').all(hpsId) as LiteTag[];
  }

  addTags(hpsId: string, tags: readonly LiteTag[]): void {
    const seq = this.db.prepare('SELECT COALESCE(MAX(seq), 0) FROM lite_hps_tags WHERE hps_id = ?').pluck().get(hpsId) as number;
    const ins = this.db.prepare('INSERT INTO lite_hps_tags (hps_id, key, value, seq) VALUES (?, ?, ?, ?)');
    for (const [i, t] of tags.entries()) ins.run(hpsId, t.key, t.value ?? '', seq + i + 1);
  }

  removeTags(hpsId: string, keys: readonly string[]): void {
    const del = this.db.prepare('DELETE FROM lite_hps_tags WHERE hps_id = ? AND key = ?');
    for (const k of keys) del.run(hpsId, k);
  }
}
