import { type Static, Type } from 'typebox';
import { defineOperation } from '../common/operation.js';

/** ModelArts Local's own endpoints under `/-/`: never part of the cloud contract. */

export const Health = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  region: Type.String(),
  uptime_s: Type.Number(),
});
export type Health = Static<typeof Health>;

export const localOperations = [
  defineOperation({
    id: 'local.health',
    service: 'local',
    method: 'GET',
    path: '/-/health',
    summary: 'Liveness of ModelArts Local.',
    auth: 'none',
    responses: { 200: Health },
  }),
  defineOperation({
    id: 'local.openapi',
    service: 'local',
    method: 'GET',
    path: '/-/openapi.json',
    summary: 'The OpenAPI 3.1 document of every operation, generated from the contract.',
    auth: 'none',
    responses: { 200: Type.Unknown() },
  }),
] as const;
