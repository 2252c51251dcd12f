import { type Static, Type } from 'typebox';
import { defineOperation } from '../common/operation.js';
import { OffsetPageQuery, SortOrder } from '../common/page.js';

/** ModelArts agency authorizations: who may let ModelArts act for them (the cloud's "ModelArts.2785 not authorized"). */

export const Authorization = Type.Object({
  user_id: Type.String(),
  user_name: Type.String(),
  type: Type.Union([Type.Literal('agency'), Type.Literal('credential')]),
  content: Type.String(),
  create_time: Type.Integer(),
});
export type Authorization = Static<typeof Authorization>;

export const AuthorizationList = Type.Object({ auth: Type.Array(Authorization), total_count: Type.Integer() });
export type AuthorizationList = Static<typeof AuthorizationList>;

export const AuthorizationListQuery = Type.Object({
  sort_by: Type.Optional(Type.Union([Type.Literal('user_name'), Type.Literal('create_time')])),
  order: Type.Optional(SortOrder),
  ...OffsetPageQuery,
});
export type AuthorizationListQuery = Static<typeof AuthorizationListQuery>;

export const AuthorizationCreateBody = Type.Object({
  /** The user to authorize; `all-users` authorizes every user of the account. Default: the caller. */
  user_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  type: Type.Union([Type.Literal('agency'), Type.Literal('credential')]),
  /** Agency name (e.g. `modelarts_agency`) or, for `credential`, the access key. */
  content: Type.String({ minLength: 1, maxLength: 64 }),
  /** Secret key of a `credential` authorization: accepted, never returned. */
  secret_key: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
});
export type AuthorizationCreateBody = Static<typeof AuthorizationCreateBody>;

export const ProjectParams = Type.Object({ project_id: Type.String({ minLength: 1, maxLength: 64 }) });

export const authorizationOperations = [
  defineOperation({
    id: 'authorizations.list',
    service: 'modelarts',
    method: 'GET',
    path: '/v2/{project_id}/authorizations',
    summary: 'List the users who authorized ModelArts (agency or credential).',
    auth: 'required',
    params: ProjectParams,
    query: AuthorizationListQuery,
    responses: { 200: AuthorizationList },
  }),
  defineOperation({
    id: 'authorizations.create',
    service: 'modelarts',
    method: 'POST',
    path: '/v2/{project_id}/authorizations',
    summary: 'Authorize ModelArts for a user (agency or credential); replaces the user’s previous authorization.',
    auth: 'required',
    params: ProjectParams,
    body: AuthorizationCreateBody,
    responses: { 200: Authorization },
  }),
  defineOperation({
    id: 'authorizations.delete',
    service: 'modelarts',
    method: 'DELETE',
    path: '/v2/{project_id}/authorizations',
    summary: 'Remove the authorization of a user (`user_id` query; `all-users` removes every one).',
    auth: 'required',
    params: ProjectParams,
    query: Type.Object({ user_id: Type.String({ minLength: 1, maxLength: 64 }) }),
    responses: { 200: Type.Object({}) },
  }),
] as const;
