import { type OperationSpec, operations, routerPath } from '@modelarts-ts/contract';

/** OpenAPI 3.1 document of the contract: TypeBox schemas are JSON Schema, so they go in as they are. */
export function buildOpenApi(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations as readonly OperationSpec[]) {
    const path = op.path.replace(/\{(\w+)\*\}/g, '{$1}'); // OpenAPI uses the same {name} templates as the cloud
    const parameters: unknown[] = [];
    for (const [name, schema] of Object.entries(op.params?.properties ?? {})) parameters.push({ name, in: 'path', required: true, schema });
    const requiredQuery = new Set(op.query?.required ?? []);
    for (const [name, schema] of Object.entries(op.query?.properties ?? {})) parameters.push({ name, in: 'query', required: requiredQuery.has(name), schema });
    const responses: Record<string, unknown> = {};
    for (const [status, schema] of Object.entries(op.responses)) responses[status] = { description: 'Success', content: { 'application/json': { schema } } };
    responses.default = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } };
    paths[path] ??= {};
    // OpenAPI has no 'any' method: such an operation is documented as POST, its usual method.
    (paths[path] as Record<string, unknown>)[op.method === 'ANY' ? 'post' : op.method.toLowerCase()] = {
      operationId: op.id,
      summary: op.summary,
      tags: [op.service],
      ...(op.auth === 'required' ? { security: [{ sdkHmac: [] }, { authToken: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: op.body } } } } : {}),
      responses,
      'x-router-path': routerPath(op.path),
    };
  }
  return JSON.parse(
    JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'ModelArts Local', version, description: 'The ModelArts and IAM REST contract served by ModelArts Local.' },
      paths,
      components: {
        securitySchemes: {
          sdkHmac: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=..., Signature=...' },
          authToken: { type: 'apiKey', in: 'header', name: 'X-Auth-Token' },
        },
        schemas: {
          ErrorBody: {
            type: 'object',
            required: ['error_code', 'error_msg'],
            properties: { error_code: { type: 'string' }, error_msg: { type: 'string' }, error_solution: { type: 'string' }, request_id: { type: 'string' } },
          },
        },
      },
    }),
  );
}
