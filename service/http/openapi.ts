import { z } from 'zod';
import { ApiError, signatureHeaders } from '../../main/contract/service-api';
import type { AnyRoute } from './route';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/** Fastify's `:name` path parameters in OpenAPI's `{name}` form. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const js = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s }));
}

/**
 * The OpenAPI 3.1 description of every route, built from the same zod schemas that validate
 * the requests and responses, so the document cannot drift from what the service does.
 */
export function buildOpenApi(routes: readonly AnyRoute[], info: { title: string; version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = openApiPath(route.url);
    const responses: Record<string, unknown> = {};
    for (const [status, schema] of Object.entries(route.responses)) {
      responses[status] = { description: Number(status) < 300 ? 'success' : 'failure', content: { 'application/json': { schema: jsonSchema(schema, 'output') } } };
    }
    responses.default = { description: 'error', content: { 'application/json': { schema: jsonSchema(ApiError, 'output') } } };
    const operation: Record<string, unknown> = {
      operationId: `${route.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: route.summary,
      tags: [route.tag],
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      responses,
      security: route.auth === 'station' ? [{ stationSignature: [] }] : route.auth === 'admin' ? [{ adminToken: [] }] : [],
    };
    if (route.binaryBody) operation.requestBody = { required: true, content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream', maxLength: route.binaryBody.maxBytes } } } };
    else if (route.body) operation.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } };
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'The service administrator credential (SERVICE_ADMIN_TOKEN).' },
        stationSignature: {
          type: 'apiKey',
          in: 'header',
          name: signatureHeaders.signature,
          description: `Ed25519 signature (base64) of the enrolled station over "BONUS-ABC-SIGN-V1\\nMETHOD\\npath?query\\n${signatureHeaders.contentSha256}\\n${signatureHeaders.timestamp}\\n${signatureHeaders.nonce}", with headers ${Object.values(signatureHeaders).join(', ')}.`,
        },
      },
    },
  };
}
