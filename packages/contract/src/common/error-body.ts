import { type Static, Type } from 'typebox';

/** Body of every ModelArts service error. */
export const ModelArtsErrorBody = Type.Object({
  error_code: Type.String(),
  error_msg: Type.String(),
  error_solution: Type.Optional(Type.String()),
  request_id: Type.Optional(Type.String()),
});
export type ModelArtsErrorBody = Static<typeof ModelArtsErrorBody>;

/** Body of an API-gateway error (signature, throttling): always carries the request id. */
export const ApiGatewayErrorBody = Type.Object({
  error_code: Type.String(),
  error_msg: Type.String(),
  request_id: Type.String(),
});
export type ApiGatewayErrorBody = Static<typeof ApiGatewayErrorBody>;

/** Keystone-style error body some IAM paths use; clients map it like the others. */
export const KeystoneErrorBody = Type.Object({
  error: Type.Object({ code: Type.Union([Type.Number(), Type.String()]), message: Type.String(), title: Type.Optional(Type.String()) }),
});
export type KeystoneErrorBody = Static<typeof KeystoneErrorBody>;
