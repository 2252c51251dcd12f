import type { LiteHyperinstance, LiteServer, LiteServerImage } from '@modelarts-ts/contract';
import { findImage } from './catalog.js';
import type { HyperinstanceRow, ServerRow } from './store.js';

function imageView(id: string, serverType: string, arch: string): LiteServerImage {
  return findImage(id) ?? { image_id: id, name: 'unknown image', arch, server_type: serverType, status: 'INACTIVE' };
}

/** The ServerResponse of a row: the union of the fields the manual and the API document. */
export function serverView(s: ServerRow, hps?: HyperinstanceRow): LiteServer {
  const keys = s.spec.key_pair_name ? [s.spec.key_pair_name] : [];
  const image = imageView(s.spec.image_id, s.spec.server_type, s.spec.arch);
  return {
    id: s.id,
    name: s.name,
    status: s.status,
    flavor: s.flavor,
    charging_mode: s.charging_mode,
    create_at: s.create_at,
    update_at: s.update_at,
    ...(s.spec.key_pair_name ? { key_pair_name: s.spec.key_pair_name } : {}),
    ...(s.spec.order_id ? { order_id: s.spec.order_id } : {}),
    vpc_id: s.spec.vpc_id,
    subnet_id: s.spec.subnet_id,
    category: s.spec.category,
    cloud_server: {
      id: s.spec.cloud_server_id,
      type: s.spec.server_type,
      ...(hps ? { hps_id: hps.hps_id, hps_ecs_id: s.spec.cloud_server_id } : {}),
    },
    endpoints_response: [{ dev_service: 'SSH', extensions: {}, ssh_keys: keys, allowed_access_ips: [] }],
    endpoints: [{ dev_service: 'SSH', service: 'SSH', uri: s.spec.private_ip, key_pair_names: keys, ssh_keys: keys, allowed_access_ips: [] }],
    image,
    server_image_response: image,
    ...(hps ? { server_hps: { id: hps.id, name: hps.name } } : {}),
    volumes: s.spec.volumes,
  };
}

export function hyperinstanceView(h: HyperinstanceRow, servers: readonly ServerRow[]): LiteHyperinstance {
  return {
    id: h.id,
    hps_id: h.hps_id,
    hps_cluster_id: h.hps_cluster_id,
    name: h.name,
    ...(h.order_id ? { order_id: h.order_id } : {}),
    status: h.status,
    create_at: h.create_at,
    update_at: h.update_at,
    servers: servers.filter((s) => s.status !== 'DELETED').map((s) => serverView(s, h)),
  };
}

/** The page envelope: `size` is the page size asked for, `current` is 1-based, an empty result is one empty page. */
export function pageOf<T>(data: T[], total: number, limit: number, offset: number): { current: number; data: T[]; pages: number; size: number; total: number } {
  if (limit === 0) return { current: 1, data, pages: 1, size: data.length, total };
  return { current: Math.floor(offset / limit) + 1, data, pages: Math.max(1, Math.ceil(total / limit)), size: limit, total };
}
