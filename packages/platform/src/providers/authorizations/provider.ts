import { PlatformError } from '../../errors.js';
import type { PlatformContext, Provider } from '../provider.js';
import { AuthorizationStore } from './store.js';

/**
 * Agency authorizations. On one machine ModelArts needs no agency to reach OBS; the records are kept so that
 * code which checks or configures them behaves as in the cloud.
 */
export function authorizationsProvider(ctx: PlatformContext): Provider {
  const store = new AuthorizationStore(ctx.db);
  const c = ctx.credentials;
  store.ensureDefault(c.project_id, c.user_id, c.username);
  return {
    name: 'authorizations',
    handlers: {
      'authorizations.list': ({ params, query }) => {
        const { items, total } = store.list(params.project_id, query.sort_by ?? 'create_time', query.order ?? 'desc', query.offset ?? 0, query.limit ?? 1000);
        return { auth: items, total_count: total };
      },
      'authorizations.create': ({ params, body, caller }) => {
        const userId = body.user_id ?? caller.user_id;
        const user = userId === 'all-users' ? { id: 'all-users', name: 'all-users', domain_id: caller.domain_id } : ctx.iam.userById(userId);
        if (!user || user.domain_id !== caller.domain_id)
          throw new PlatformError('ModelArts.0104', `User ${userId} is not a user of account ${caller.domain_name}`);
        const a = { user_id: user.id, user_name: user.name, type: body.type, content: body.content, create_time: Date.now() };
        store.upsert(params.project_id, a);
        return a;
      },
      'authorizations.delete': ({ params, query }) => {
        if (store.remove(params.project_id, query.user_id) === 0)
          throw new PlatformError('ModelArts.0104', `User ${query.user_id} has no authorization in this project`);
        return {};
      },
    },
  };
}
