import { type Static, Type } from 'typebox';
import { defineOperation } from '../common/operation.js';
import { KeystoneLinks, KeystonePageQuery } from '../common/page.js';

/** The IAM (Keystone v3) subset the cloud SDKs call: password tokens and project/domain discovery. */

const NameOrId = Type.Object({ name: Type.Optional(Type.String({ minLength: 1 })), id: Type.Optional(Type.String({ minLength: 1 })) });

export const TokenCreateBody = Type.Object({
  auth: Type.Object({
    identity: Type.Object({
      methods: Type.Array(Type.Literal('password'), { minItems: 1 }),
      password: Type.Object({
        user: Type.Object({
          name: Type.Optional(Type.String({ minLength: 1 })),
          id: Type.Optional(Type.String({ minLength: 1 })),
          password: Type.String({ minLength: 1 }),
          domain: Type.Optional(NameOrId),
        }),
      }),
    }),
    scope: Type.Optional(
      Type.Object({
        project: Type.Optional(NameOrId),
        domain: Type.Optional(NameOrId),
      }),
    ),
  }),
});
export type TokenCreateBody = Static<typeof TokenCreateBody>;

const DomainRef = Type.Object({ id: Type.String(), name: Type.String() });

export const Token = Type.Object({
  methods: Type.Array(Type.String()),
  expires_at: Type.String(),
  issued_at: Type.String(),
  user: Type.Object({ id: Type.String(), name: Type.String(), domain: DomainRef, password_expires_at: Type.String() }),
  project: Type.Optional(Type.Object({ id: Type.String(), name: Type.String(), domain: DomainRef })),
  domain: Type.Optional(DomainRef),
  roles: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  catalog: Type.Array(Type.Unknown()),
});
export type Token = Static<typeof Token>;

export const TokenResponse = Type.Object({ token: Token });
export type TokenResponse = Static<typeof TokenResponse>;

export const Project = Type.Object({
  id: Type.String(),
  name: Type.String(),
  domain_id: Type.String(),
  description: Type.String(),
  enabled: Type.Boolean(),
  is_domain: Type.Boolean(),
  parent_id: Type.String(),
  links: Type.Object({ self: Type.String() }),
});
export type Project = Static<typeof Project>;

export const Domain = Type.Object({
  id: Type.String(),
  name: Type.String(),
  enabled: Type.Boolean(),
  description: Type.String(),
  links: Type.Object({ self: Type.String() }),
});
export type Domain = Static<typeof Domain>;

export const ProjectList = Type.Object({ projects: Type.Array(Project), links: KeystoneLinks });
export type ProjectList = Static<typeof ProjectList>;

export const DomainList = Type.Object({ domains: Type.Array(Domain), links: KeystoneLinks });
export type DomainList = Static<typeof DomainList>;

export const ProjectListQuery = Type.Object({
  name: Type.Optional(Type.String()),
  domain_id: Type.Optional(Type.String()),
  enabled: Type.Optional(Type.Boolean()),
  ...KeystonePageQuery,
});
export type ProjectListQuery = Static<typeof ProjectListQuery>;

export const HEADER_SUBJECT_TOKEN = 'x-subject-token';

/** Temporary AK/SK for the caller of a token (e.g. to reach OBS from a password session). */
export const SecurityTokenCreateBody = Type.Object({
  auth: Type.Object({
    identity: Type.Object({
      methods: Type.Array(Type.Literal('token'), { minItems: 1 }),
      token: Type.Optional(
        Type.Object({
          /** The token to exchange (default: the request's X-Auth-Token). */
          id: Type.Optional(Type.String({ minLength: 1 })),
          /** Validity in seconds, 900 to 86 400 (default 900). */
          duration_seconds: Type.Optional(Type.Integer({ minimum: 900, maximum: 86400 })),
        }),
      ),
    }),
  }),
});
export type SecurityTokenCreateBody = Static<typeof SecurityTokenCreateBody>;

export const SecurityTokenResponse = Type.Object({
  credential: Type.Object({ access: Type.String(), secret: Type.String(), securitytoken: Type.String(), expires_at: Type.String() }),
});
export type SecurityTokenResponse = Static<typeof SecurityTokenResponse>;

export const iamOperations = [
  defineOperation({
    id: 'iam.createToken',
    service: 'iam',
    method: 'POST',
    path: '/v3/auth/tokens',
    summary: 'Obtain an IAM token with a password (project scope by name or id). The token is in X-Subject-Token.',
    auth: 'none',
    query: Type.Object({ nocatalog: Type.Optional(Type.String()) }),
    body: TokenCreateBody,
    responseHeaders: [HEADER_SUBJECT_TOKEN],
    responses: { 201: TokenResponse },
  }),
  defineOperation({
    id: 'iam.listProjects',
    service: 'iam',
    method: 'GET',
    path: '/v3/projects',
    summary: 'List the projects of the caller’s account matching the query.',
    auth: 'required',
    query: ProjectListQuery,
    responses: { 200: ProjectList },
  }),
  defineOperation({
    id: 'iam.listAuthProjects',
    service: 'iam',
    method: 'GET',
    path: '/v3/auth/projects',
    summary: 'List the projects the caller can access.',
    auth: 'required',
    responses: { 200: ProjectList },
  }),
  defineOperation({
    id: 'iam.listAuthDomains',
    service: 'iam',
    method: 'GET',
    path: '/v3/auth/domains',
    summary: 'List the account (domain) the caller belongs to.',
    auth: 'required',
    responses: { 200: DomainList },
  }),
  defineOperation({
    id: 'iam.createSecurityToken',
    service: 'iam',
    method: 'POST',
    path: '/v3.0/OS-CREDENTIAL/securitytokens',
    summary: 'Exchange an IAM token for temporary AK/SK and a security token (OBS: x-obs-security-token / x-amz-security-token).',
    auth: 'required',
    body: SecurityTokenCreateBody,
    responses: { 201: SecurityTokenResponse },
  }),
] as const;
