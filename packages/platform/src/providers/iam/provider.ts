import type { Project } from '@modelarts-ts/contract';
import type { Caller } from '../../auth/caller.js';
import { PlatformError } from '../../errors.js';
import type { PlatformContext, Provider } from '../provider.js';
import { passwordLoginOf } from './password-login.js';
import type { ProjectRow } from './store.js';

/** The cloud's default validity of temporary credentials (15 minutes). */
const DEFAULT_SECURITY_TOKEN_SECONDS = 900;

const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z'); // IAM prints microseconds

function projectView(p: ProjectRow, base: string): Project {
  return {
    id: p.id,
    name: p.name,
    domain_id: p.domain_id,
    description: p.description,
    enabled: true,
    is_domain: false,
    parent_id: p.domain_id,
    links: { self: `${base}/v3/projects/${p.id}` },
  };
}

/** IAM: password tokens and project/domain discovery, scoped to the caller's account. */
export function iamProvider(ctx: PlatformContext): Provider {
  const { iam } = ctx;
  const login = passwordLoginOf(ctx);
  const baseOf = (req: { protocol: string; host: string }) => `${req.protocol}://${req.host}`;
  const projectsVisibleTo = (caller: Caller) => iam.projectsOfDomain(caller.domain_id).filter((p) => caller.via === 'aksk' || caller.project_ids.has(p.id));
  return {
    name: 'iam',
    handlers: {
      'iam.createToken': async ({ body, reply }) => {
        const u = body.auth.identity.password.user;
        const d = u.domain;
        const { user, domain: userDomain } = await login(
          {
            ...(u.id !== undefined ? { user_id: u.id } : {}),
            ...(u.name !== undefined ? { user_name: u.name } : {}),
            ...(d?.id !== undefined ? { domain_id: d.id } : {}),
            // An empty domain object names no account: refused like an unknown one.
            ...(d ? { domain_name: d.name ?? '' } : {}),
            password: u.password,
          },
          reply,
        );
        const scope = body.auth.scope?.project;
        let project: ProjectRow | undefined;
        if (scope) {
          project = iam.projectsOfDomain(user.domain_id).find((p) => (scope.id ? p.id === scope.id : p.name === scope.name));
          if (!project) throw new PlatformError('IAM.0003', `The project ${scope.id ?? scope.name} does not exist in account ${userDomain.name}`);
        }
        const { token, row } = iam.issueToken(user.id, project?.id ?? null, ctx.config.tokenTtlSeconds * 1000);
        reply.header('X-Subject-Token', token);
        const domainRef = { id: userDomain.id, name: userDomain.name };
        return {
          token: {
            methods: ['password'],
            issued_at: iso(row.issued_at),
            expires_at: iso(row.expires_at),
            user: { id: user.id, name: user.name, domain: domainRef, password_expires_at: '' },
            ...(project ? { project: { id: project.id, name: project.name, domain: domainRef } } : { domain: domainRef }),
            roles: [{ id: '0', name: 'te_admin' }],
            catalog: [],
          },
        };
      },
      'iam.createSecurityToken': ({ body, caller }) => {
        // The token to exchange: the one in the body, else the caller's own (the cloud's "token" method).
        const given = body.auth.identity.token?.id;
        let userId = caller.user_id;
        let projectId = caller.token_project_id ?? null;
        if (given !== undefined) {
          const row = iam.lookupToken(given);
          if (row === 'malformed' || row === 'unknown') throw new PlatformError('ModelArts.0203');
          if (row.expires_at <= Date.now()) throw new PlatformError('ModelArts.0202', 'The token has expired: get a new one from POST /v3/auth/tokens');
          if (iam.userById(row.user_id)?.domain_id !== caller.domain_id) throw new PlatformError('ModelArts.0203');
          userId = row.user_id;
          projectId = row.project_id;
        }
        const seconds = body.auth.identity.token?.duration_seconds ?? DEFAULT_SECURITY_TOKEN_SECONDS;
        const c = iam.temporary.issue(userId, projectId, seconds * 1000);
        return { credential: { access: c.access, secret: c.secret, securitytoken: c.securitytoken, expires_at: iso(c.expires_at) } };
      },
      'iam.listProjects': ({ query, caller, request }) => {
        const page = query.page ?? 1;
        const perPage = query.per_page ?? 1000;
        const all = projectsVisibleTo(caller).filter(
          (p) =>
            (query.name === undefined || p.name === query.name) &&
            (query.domain_id === undefined || p.domain_id === query.domain_id) &&
            query.enabled !== false,
        );
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const base = baseOf(request);
        const self = `${base}/v3/projects?page=${page}&per_page=${perPage}`;
        const hasNext = page * perPage < all.length;
        return {
          projects: slice.map((p) => projectView(p, base)),
          links: {
            self,
            next: hasNext ? `${base}/v3/projects?page=${page + 1}&per_page=${perPage}` : null,
            previous: page > 1 ? `${base}/v3/projects?page=${page - 1}&per_page=${perPage}` : null,
          },
        };
      },
      'iam.listAuthProjects': ({ caller, request }) => {
        const base = baseOf(request);
        return {
          projects: projectsVisibleTo(caller).map((p) => projectView(p, base)),
          links: { self: `${base}/v3/auth/projects`, next: null, previous: null },
        };
      },
      'iam.listAuthDomains': ({ caller, request }) => {
        const base = baseOf(request);
        return {
          domains: [
            { id: caller.domain_id, name: caller.domain_name, enabled: true, description: '', links: { self: `${base}/v3/domains/${caller.domain_id}` } },
          ],
          links: { self: `${base}/v3/auth/domains`, next: null, previous: null },
        };
      },
    },
  };
}
