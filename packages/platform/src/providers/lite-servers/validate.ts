import {
  LITE_USER_DATA_MAX_BYTES,
  type LiteFlavor,
  type LiteServerCreateBody,
  type LiteServerImage,
  type LiteServerOsBody,
  litePasswordProblem,
} from '@modelarts-ts/contract';
import { PlatformError } from '../../errors.js';
import { findFlavor, findImage } from './catalog.js';

const invalid = (message: string) => new PlatformError('ModelArts.0107', message);

/** Exactly one of admin_pass and key_pair_name; supernodes take a key pair only; a password must follow the rules. */
export function checkCredentials(b: { admin_pass?: string | undefined; key_pair_name?: string | undefined }, supernode: boolean): void {
  if (b.admin_pass !== undefined && b.key_pair_name !== undefined) throw invalid('Give either admin_pass or key_pair_name, not both');
  if (supernode && b.admin_pass !== undefined) throw invalid('Supernode servers log in with a key pair only: give key_pair_name instead of admin_pass');
  if (b.admin_pass === undefined && b.key_pair_name === undefined) throw invalid('Give admin_pass or key_pair_name (exactly one)');
  if (b.admin_pass !== undefined) {
    const problem = litePasswordProblem(b.admin_pass);
    if (problem) throw invalid(problem);
  }
}

/** user_data is base64 text of at most 32 KB once decoded. */
export function checkUserData(v: string | undefined, key: string): void {
  if (v === undefined) return;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) throw invalid(`${key} must be base64 text`);
  const bytes = Buffer.from(v, 'base64').length;
  if (bytes > LITE_USER_DATA_MAX_BYTES) throw invalid(`${key} holds ${bytes} bytes once decoded; at most ${LITE_USER_DATA_MAX_BYTES} are allowed`);
}

export function imageFor(id: string, flavor: LiteFlavor): LiteServerImage {
  const image = findImage(id);
  if (!image) throw new PlatformError('ModelArts.6405', `The image ${id} does not exist (GET /v1/{project_id}/dev-servers/images lists the images)`);
  if (image.arch !== flavor.arch) throw invalid(`The image ${id} is for ${image.arch}; flavor ${flavor.flavor} is ${flavor.arch}`);
  if (image.server_type !== flavor.server_type)
    throw invalid(`The image ${id} is for ${image.server_type} servers; flavor ${flavor.flavor} makes ${flavor.server_type} servers`);
  return image;
}

export interface AcceptedCreate {
  flavor: LiteFlavor;
  image: LiteServerImage;
  supernode: boolean;
  count: number;
}

/** Everything about a create request that the schema cannot say. Throws before anything is stored. */
export function acceptCreate(b: LiteServerCreateBody): AcceptedCreate {
  if (b.flavor !== undefined && b.resource_flavor !== undefined) throw invalid('Give either flavor or resource_flavor, not both');
  const name = b.flavor ?? b.resource_flavor;
  if (name === undefined) throw invalid('flavor is required');
  const flavor = findFlavor(name);
  if (!flavor) throw new PlatformError('ModelArts.6403', `The flavor ${name} does not exist (GET /v1/{project_id}/dev-servers/flavors lists the flavors)`);
  if (b.arch !== undefined && b.arch !== flavor.arch) throw invalid(`arch ${b.arch} does not match flavor ${flavor.flavor} (${flavor.arch})`);
  if (b.server_type !== undefined && b.server_type !== flavor.server_type)
    throw invalid(`server_type ${b.server_type} does not match flavor ${flavor.flavor} (${flavor.server_type})`);
  const supernode = flavor.server_type === 'HPS';
  const image = imageFor(b.image_id, flavor);
  checkCredentials(b, supernode);
  if (supernode) {
    if (b.hps_cluster_id === undefined) throw invalid('hps_cluster_id is required to create a supernode');
    if (b.count !== undefined && b.count !== 1) throw invalid('count is not supported for supernodes');
  } else if (b.hps_cluster_id !== undefined) {
    throw invalid(`hps_cluster_id is only for supernodes; flavor ${flavor.flavor} makes ${flavor.server_type} servers`);
  }
  checkUserData(b.user_data, 'user_data');
  checkUserData(b.userdata, 'userdata');
  if (b.user_data !== undefined && b.userdata !== undefined && b.user_data !== b.userdata) throw invalid('user_data and userdata differ: give one of them');
  if (b.charging_info?.charging_mode === 'PRE_PAID' && b.charging_info.period_type === 'ABSOLUTE')
    throw invalid('A yearly/monthly (PRE_PAID) server needs period_type MONTH or YEAR (or DAY, HOUR, WEEK)');
  return { flavor, image, supernode, count: b.count ?? 1 };
}

/** reinstallos / changeos: the image (required to change it) must suit the server's flavor. Returns the image to run. */
export function acceptOs(b: LiteServerOsBody, op: 'reinstallos' | 'changeos', flavorName: string, currentImage: string): LiteServerImage {
  const flavor = findFlavor(flavorName);
  if (!flavor) throw new PlatformError('ModelArts.6403', `The flavor ${flavorName} of this server is no longer offered`);
  if (op === 'changeos' && b.image_id === undefined) throw invalid('image_id is required to change the OS image');
  checkCredentials(b, flavor.server_type === 'HPS');
  checkUserData(b.user_data, 'user_data');
  return imageFor(b.image_id ?? currentImage, flavor);
}
