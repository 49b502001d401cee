import { describe, expect, it } from 'vitest';
import { backOfficeEndpoints, serviceEndpoints } from './service-admin-endpoints';
import { pathParameters, requestPath, type AnyEndpoint } from './service-endpoint';
import { stationEndpoints } from './service-endpoints';

describe('the service API contract', () => {
  const all = Object.entries(serviceEndpoints) as [string, AnyEndpoint][];

  it('has each method and path once', () => {
    const keys = all.map(([, e]) => `${e.method} ${e.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('names every path parameter in its params schema, and nothing else', () => {
    for (const [name, e] of all) {
      const declared = e.params ? Object.keys((e.params as unknown as { shape: Record<string, unknown> }).shape) : [];
      expect(declared.sort(), name).toEqual(pathParameters(e.path).sort());
    }
  });

  it('says which station modes call an endpoint, and none for the back office', () => {
    for (const [name, e] of Object.entries(stationEndpoints) as [string, AnyEndpoint][]) expect(e.modes.length, name).toBeGreaterThan(0);
    for (const [name, e] of Object.entries(backOfficeEndpoints) as [string, AnyEndpoint][]) {
      expect(e.modes, name).toEqual([]);
      expect(e.auth === 'admin' || e.path === '/health' || e.path === '/openapi.json', name).toBe(true);
    }
  });

  it('builds request paths with encoded parameters and the query in order', () => {
    expect(requestPath(stationEndpoints.uploadBlobChunk, { sha256: 'ab', index: 3 })).toBe('/v1/blobs/ab/chunks/3');
    expect(requestPath(stationEndpoints.uploadBlob, { sha256: 'ab' }, { mediaType: 'image/jpeg' })).toBe('/v1/blobs/ab/content?mediaType=image%2Fjpeg');
    expect(requestPath(stationEndpoints.decisions, undefined, { after: 7, limit: 200 })).toBe('/v1/decisions?after=7&limit=200');
    expect(requestPath(stationEndpoints.pushFieldEvent, { id: 'a/b?c' })).toBe('/v1/field-events/a%2Fb%3Fc');
    expect(() => requestPath(stationEndpoints.booklet, {})).toThrow(/bookletId/);
  });
});
