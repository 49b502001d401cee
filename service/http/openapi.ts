import { z } from 'zod';
import { ApiError, signatureHeaders } from '../../main/contract/service-api';
import { binaryBody } from '../../main/contract/service-endpoint';
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
    const { endpoint } = route;
    const path = openApiPath(endpoint.path);
    const responses: Record<string, unknown> = {
      [endpoint.status]: { description: 'success', content: { 'application/json': { schema: jsonSchema(endpoint.response, 'output') } } },
      default: { description: 'error', content: { 'application/json': { schema: jsonSchema(ApiError, 'output') } } },
    };
    const operation: Record<string, unknown> = {
      operationId: `${endpoint.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: endpoint.summary,
      tags: [endpoint.tag],
      parameters: [...parameters(endpoint.params, 'path'), ...parameters(endpoint.query, 'query')],
      responses,
      security: endpoint.auth === 'station' ? [{ stationSignature: [] }] : endpoint.auth === 'admin' ? [{ adminToken: [] }] : [],
      // Which station modes call it (main/contract/service-endpoint.ts, Endpoint.modes).
      'x-station-modes': [...endpoint.modes],
    };
    if (endpoint.body === binaryBody) {
      operation.requestBody = { required: true, content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream', ...(route.binaryMaxBytes ? { maxLength: route.binaryMaxBytes } : {}) } } } };
    } else if (endpoint.body) operation.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(endpoint.body, 'input') } } };
    paths[path] = { ...paths[path], [endpoint.method.toLowerCase()]: operation };
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
