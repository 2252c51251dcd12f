import { Type } from 'typebox';

/** Keystone (IAM) list envelope links. */
export const KeystoneLinks = Type.Object({
  self: Type.String(),
  next: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  previous: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

/** IAM list query: `page` is 1-based, `per_page` 1..5000. */
export const KeystonePageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
};

/** ModelArts v1/v2 list query: `offset` and `limit`. Some APIs read `offset` as a page index; each operation says which. */
export const OffsetPageQuery = {
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
};

/** `order` of a sorted list. */
export const SortOrder = Type.Union([Type.Literal('asc'), Type.Literal('desc')]);
