import type { ServerManagement } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { grid, time } from '../jobs/view.js';

type LiteServer = Awaited<ReturnType<typeof ServerManagement.getServerInfo>>;
type Hyperinstance = Awaited<ReturnType<typeof ServerManagement.getHpsInfo>>;

export const SERVER_HEADER = ['ID', 'NAME', 'STATUS', 'FLAVOR', 'CATEGORY', 'CREATED'] as const;

export function serverRow(s: LiteServer): string[] {
  return [s.id, s.name, s.status, s.flavor, s.category, time(s.create_at)];
}

export function serverTable(servers: readonly LiteServer[]): string {
  return grid(SERVER_HEADER, servers.map(serverRow));
}

export function hpsTable(items: readonly Hyperinstance[]): string {
  return grid(
    ['ID', 'NAME', 'STATUS', 'NODES', 'CLUSTER', 'CREATED'],
    items.map((h) => [h.id, h.name, h.status, h.servers.map((s) => s.status).join(',') || '-', h.hps_cluster_id, time(h.create_at)]),
  );
}

/** A server's details as `key  value` lines. */
export function serverDetails(s: LiteServer): Array<[string, string]> {
  return [
    ['id', s.id],
    ['name', s.name],
    ['status', s.status],
    ['flavor', s.flavor],
    ['category', s.category],
    ['image', `${s.image.name} (${s.image.image_id})`],
    ['charging', s.charging_mode],
    ['key pair', s.key_pair_name ?? '-'],
    ['vpc / subnet', `${s.vpc_id} / ${s.subnet_id}`],
    ['private ip', s.endpoints[0]?.uri ?? '-'],
    ['supernode', s.server_hps ? `${s.server_hps.name} (${s.server_hps.id})` : '-'],
    ['disks', s.volumes.map((v) => `${v.type} ${v.evs_type} ${v.size} GB ${v.evs_id}`).join('; ') || '-'],
    ['created', time(s.create_at)],
    ['updated', time(s.update_at)],
  ];
}

/** Prints a result: raw JSON under --json, else `text`. */
export function show(ctx: Context, value: unknown, text: () => string): void {
  ctx.out(ctx.json ? JSON.stringify(value) : text());
}
