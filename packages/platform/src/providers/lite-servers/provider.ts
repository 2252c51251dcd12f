import type { PlatformContext, Provider } from '../provider.js';
import { LiteServerService } from './service.js';
import { LiteServerStore } from './store.js';

/** Lite Servers and supernodes (DevServer API): an emulated lifecycle, no machines. */
export function liteServerProvider(ctx: PlatformContext): Provider {
  const s = new LiteServerService({
    store: new LiteServerStore(ctx.db),
    transitionMs: ctx.config.liteServerTransitionSeconds * 1000,
    log: ctx.log.child({ provider: 'lite-servers' }),
  });
  return {
    name: 'lite-servers',
    handlers: {
      'liteServers.list': ({ params, caller, query }) => s.list(params.project_id, caller, query),
      'liteServers.create': ({ params, caller, body }) => s.create(params.project_id, caller, body),
      'liteServers.listAll': ({ params }) => s.listAll(params.project_id),
      'liteServers.sync': ({ params, caller, query }) => s.sync(params.project_id, caller, query),
      'liteServers.batchAction': ({ params, body }) => s.batch(params.project_id, body),
      'liteServers.flavors': () => s.flavors(),
      'liteServers.images': () => s.images(),
      'liteServers.image': ({ params }) => s.image(params.id),
      'liteServers.get': ({ params }) => s.get(params.project_id, params.id),
      'liteServers.rename': ({ params, body }) => s.rename(params.project_id, params.id, body.name),
      'liteServers.delete': ({ params }) => s.delete(params.project_id, params.id),
      'liteServers.start': ({ params }) => s.start(params.project_id, params.id),
      'liteServers.stop': ({ params }) => s.stop(params.project_id, params.id),
      'liteServers.reboot': ({ params }) => s.reboot(params.project_id, params.id),
      'liteServers.reinstallOs': ({ params, body }) => s.reinstallOs(params.project_id, params.id, body),
      'liteServers.changeOs': ({ params, body }) => s.changeOs(params.project_id, params.id, body),
      'liteServers.attachVolume': ({ params, body }) => s.attachVolume(params.project_id, params.id, body.volume_id),
      'liteServers.detachVolume': ({ params }) => s.detachVolume(params.project_id, params.id, params.volume_id),
      'liteServers.operation': ({ params }) => s.operation(params.project_id, params.id, params.operation_id),
      'liteServers.bindPublicIp': ({ params, body }) => s.bindPublicIp(params.project_id, params.id, body.public_ip_id),
      'liteServers.publicIps': ({ params }) => s.publicIps(params.project_id, params.id),
      'liteHyperinstances.list': ({ params, caller, query }) => s.listHyperinstances(params.project_id, caller, query),
      'liteHyperinstances.listAll': ({ params }) => s.listAllHyperinstances(params.project_id),
      'liteHyperinstances.get': ({ params }) => s.getHyperinstance(params.project_id, params.id),
      'liteHyperinstances.delete': ({ params }) => s.deleteHyperinstance(params.project_id, params.id),
      'liteHyperinstances.start': ({ params }) => s.startHyperinstance(params.project_id, params.id),
      'liteHyperinstances.stop': ({ params }) => s.stopHyperinstance(params.project_id, params.id),
      'liteHyperinstances.changeOs': ({ params, body }) => s.changeHyperinstanceOs(params.project_id, params.id, body),
      'liteHyperinstances.tags': ({ params }) => s.tags(params.project_id, params.id),
      'liteHyperinstances.createTags': ({ params, body }) => s.createTags(params.project_id, params.id, body.tags),
      'liteHyperinstances.deleteTags': ({ params, body }) => s.deleteTags(params.project_id, params.id, body.tags),
      'liteHyperinstances.operation': ({ params }) => s.operation(params.project_id, '', params.operation_id, params.id),
    },
    close: () => s.close(),
  };
}
