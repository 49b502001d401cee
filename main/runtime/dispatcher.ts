import type { z } from 'zod';
import {
  ContractError,
  isMethodName,
  methods,
  type MethodInput,
  type Methods,
  type MethodName,
  type MethodOutput,
  type Reply,
} from '../contract';
import { errorName, type Logger } from './logger';

export interface CallContext {
  transport: 'electron' | 'loopback' | 'test';
}

/** One implementation per contract method; both transports call these through the dispatcher. */
export type Handlers = {
  [K in MethodName]: (input: z.output<Methods[K]['input']>, ctx: CallContext) => Promise<MethodOutput<K>> | MethodOutput<K>;
};

export type Dispatch = (name: unknown, input: unknown, ctx: CallContext) => Promise<Reply<unknown>>;

/**
 * Validates every call on arrival: an unknown method or a payload that does not match the
 * method's schema is refused with a specific error and logged (names of fields, never values).
 * Handler results are validated too, so a bug in main cannot send the renderer malformed data.
 */
export function createDispatcher(handlers: Handlers, log: Logger): Dispatch {
  return async (name, input, ctx) => {
    if (!isMethodName(name)) {
      log.warn('rejected call to unknown method', { transport: ctx.transport, method: typeof name === 'string' ? name.slice(0, 64) : typeof name });
      return { ok: false, error: { code: 'unknown_method', message: 'Unknown method' } };
    }
    const spec = methods[name];
    const parsed = spec.input.safeParse(input);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
      log.warn('rejected call with invalid payload', { transport: ctx.transport, method: name, fields: fields.join(',') });
      return { ok: false, error: { code: 'invalid_input', message: `Invalid input for ${name}`, fields } };
    }
    try {
      const handler = handlers[name] as (input: unknown, ctx: CallContext) => unknown;
      const result = await handler(parsed.data, ctx);
      const checked = spec.output.safeParse(result);
      if (!checked.success) {
        log.error('handler returned data that violates the contract', { method: name });
        return { ok: false, error: { code: 'internal', message: 'Internal error' } };
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      if (error instanceof ContractError) {
        log.info('call answered with error', { method: name, code: error.code });
        return { ok: false, error: error.toShape() };
      }
      log.error('handler failed', { method: name, error: errorName(error) });
      return { ok: false, error: { code: 'internal', message: 'Internal error' } };
    }
  };
}

/** Calls a method in-process with full validation; for the CLI and tests. */
export async function callMethod<K extends MethodName>(dispatch: Dispatch, name: K, input: MethodInput<K>): Promise<MethodOutput<K>> {
  const reply = await dispatch(name, input, { transport: 'test' });
  if (!reply.ok) throw new ContractError(reply.error.code, reply.error.message, reply.error.fields);
  return reply.value as MethodOutput<K>;
}
