import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { events, methods } from './index';
import { serviceEndpoints } from './service-admin-endpoints';
import type { AnyEndpoint } from './service-endpoint';

/**
 * Issue 14, hole 9: every string in the contract has a maximum length, so that no message
 * between renderer, main, station and service can carry an unbounded string past validation
 * (memory, logs, databases). Walks every schema of the IPC contract and the service API.
 */
type Any = z.core.$ZodType;

/** Formats whose pattern fixes the length already. */
const fixedFormats = new Set(['uuid', 'guid', 'date', 'time']);

function unbounded(schema: Any, path: string, seen: Set<Any>, found: string[]): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'string': {
      const maxLength = (schema as unknown as { maxLength: number | null }).maxLength;
      const format = def.format as string | undefined;
      if (maxLength === null && !(format && fixedFormats.has(format))) found.push(path);
      return;
    }
    case 'object':
      for (const [key, value] of Object.entries(def.shape as Record<string, Any>)) unbounded(value, `${path}.${key}`, seen, found);
      if (def.catchall) unbounded(def.catchall as Any, `${path}.*`, seen, found);
      return;
    case 'array':
      return unbounded(def.element as Any, `${path}[]`, seen, found);
    case 'union':
      (def.options as Any[]).forEach((o, i) => unbounded(o, `${path}|${i}`, seen, found));
      return;
    case 'intersection':
      unbounded(def.left as Any, path, seen, found);
      unbounded(def.right as Any, path, seen, found);
      return;
    case 'record':
      unbounded(def.keyType as Any, `${path}{key}`, seen, found);
      unbounded(def.valueType as Any, `${path}{}`, seen, found);
      return;
    case 'tuple':
      (def.items as Any[]).forEach((o, i) => unbounded(o, `${path}[${i}]`, seen, found));
      return;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return unbounded(def.innerType as Any, path, seen, found);
    case 'pipe':
      unbounded(def.in as Any, path, seen, found);
      return;
    case 'lazy':
      return unbounded((def.getter as () => Any)(), path, seen, found);
    default:
      return;
  }
}

function walk(entries: [string, Any | undefined][]): string[] {
  const found: string[] = [];
  for (const [name, schema] of entries) if (schema) unbounded(schema, name, new Set(), found);
  return found;
}

describe('contract strings', () => {
  it('have a maximum length in every IPC method and event', () => {
    const entries: [string, Any][] = [];
    for (const [name, spec] of Object.entries(methods) as [string, { input: Any; output: Any }][]) entries.push([`${name}.input`, spec.input], [`${name}.output`, spec.output]);
    for (const [name, schema] of Object.entries(events) as [string, Any][]) entries.push([`event ${name}`, schema]);
    expect(walk(entries)).toEqual([]);
  });

  it('have a maximum length in every service endpoint', () => {
    const entries: [string, Any | undefined][] = [];
    for (const [name, e] of Object.entries(serviceEndpoints) as [string, AnyEndpoint][]) {
      entries.push([`${name}.params`, e.params as Any | undefined], [`${name}.query`, e.query as Any | undefined], [`${name}.response`, e.response as Any]);
      if (e.body && '_zod' in (e.body as object)) entries.push([`${name}.body`, e.body as Any]);
    }
    expect(walk(entries)).toEqual([]);
  });

  it('are found unbounded by this walk (the check can fail)', async () => {
    const { z } = await import('zod');
    expect(walk([['probe', z.object({ a: z.string(), b: z.array(z.string().max(3)), c: z.uuid() })]])).toEqual(['probe.a']);
  });
});
