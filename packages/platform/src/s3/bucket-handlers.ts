import { validateNewBucketName } from '../storage/names.js';
import { bucketOf, isoDate, ownedBucket, ownerOf, type S3Context, sendXml, smallBody } from './context.js';
import { S3Error } from './errors.js';
import { readSmallBody } from './payload.js';
import { childOf, el, esc, OBS_NS, parseXml, S3_NS, textOf, wrap } from './xml.js';

/** Region names: `cn-north-4`, `us-east-1`, S3's legacy `EU`; anything else is refused before it is stored. */
const REGION = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
/** A stored region as a header value (buckets made before regions were checked may hold anything). */
const regionHeader = (region: string) => (REGION.test(region) ? region : 'invalid');

export async function listBuckets(ctx: S3Context): Promise<void> {
  const caller = ctx.principal.caller;
  const buckets = await ctx.store.listBuckets(caller.domain_id);
  const owner = ownerOf(ctx, caller.domain_id);
  const items = buckets.map((b) => wrap('Bucket', el('Name', b.name) + el('CreationDate', isoDate(b.createdAt)) + el('BucketRegion', b.region))).join('');
  sendXml(ctx, 'ListAllMyBucketsResult', wrap('Owner', el('ID', owner.id) + el('DisplayName', owner.name)) + wrap('Buckets', items));
}

/** The project a new bucket belongs to: the caller's project named after the region, else its first one. */
function projectFor(ctx: S3Context, region: string): string {
  const projects = ctx.iam.projectsOfDomain(ctx.principal.caller.domain_id);
  return (projects.find((p) => p.name === region) ?? projects[0])?.id ?? '';
}

export async function createBucket(ctx: S3Context): Promise<void> {
  const name = bucketOf(ctx);
  validateNewBucketName(name);
  const body = await readSmallBody(smallBody(ctx), 64 * 1024);
  let region = ctx.settings.region;
  if (body.length > 0) {
    const config = childOf(parseXml(body), 'CreateBucketConfiguration');
    const location = textOf(childOf(config, 'LocationConstraint')) ?? textOf(childOf(config, 'Location'));
    if (location !== undefined && location !== '') {
      if (!REGION.test(location)) {
        throw new S3Error('InvalidLocationConstraint', undefined, { LocationConstraint: location.slice(0, 256) });
      }
      region = location;
    }
  }
  await ctx.store.createBucket(name, { domainId: ctx.principal.caller.domain_id, projectId: projectFor(ctx, region), region });
  ctx.reply.code(200).header('location', `/${name}`).send();
}

export async function headBucket(ctx: S3Context): Promise<void> {
  const b = await ownedBucket(ctx);
  const region = regionHeader(b.region);
  ctx.reply.code(200).header('x-amz-bucket-region', region).header('x-obs-bucket-location', region).send();
}

export async function deleteBucket(ctx: S3Context): Promise<void> {
  await ownedBucket(ctx);
  await ctx.store.deleteBucket(bucketOf(ctx));
  ctx.reply.code(204).send();
}

export async function getBucketLocation(ctx: S3Context): Promise<void> {
  const b = await ownedBucket(ctx);
  if (ctx.principal.dialect === 'obs') {
    ctx.reply
      .code(200)
      .type('application/xml')
      .send(`<?xml version="1.0" encoding="UTF-8"?>\n<Location xmlns="${OBS_NS}">${esc(b.region)}</Location>`);
    return;
  }
  // An empty constraint means us-east-1 to S3 clients.
  const value = b.region === 'us-east-1' ? '' : esc(b.region);
  ctx.reply
    .code(200)
    .type('application/xml')
    .send(`<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${S3_NS}">${value}</LocationConstraint>`);
}

/** Buckets are never versioned here: an empty configuration says so. */
export async function getBucketVersioning(ctx: S3Context): Promise<void> {
  await ownedBucket(ctx);
  sendXml(ctx, 'VersioningConfiguration', '');
}

export function notImplemented(what: string): (ctx: S3Context) => Promise<void> {
  return async () => {
    throw new S3Error('NotImplemented', `${what} is not implemented by ModelArts Local`);
  };
}
