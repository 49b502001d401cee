import type { z } from 'zod';

/** A request/response method of the station contract: its input and output schemas. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
}

export function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodSpec<I, O> {
  return { input, output };
}

/**
 * Error codes a method can answer with. The renderer maps each code to a translated text;
 * `message` is for logs and developers, in English, and never carries personal data.
 */
export const errorCodes = [
  'invalid_input',
  'unknown_method',
  'not_available',
  'not_found',
  'forbidden',
  'conflict',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface ContractErrorShape {
  code: ErrorCode;
  message: string;
  /** For invalid_input: the paths of the offending fields, e.g. ["postalCode"]. */
  fields?: string[];
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: ContractErrorShape };

/** Thrown by handlers (and by client stubs) to answer with a specific code. */
export class ContractError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
    this.name = 'ContractError';
  }

  toShape(): ContractErrorShape {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message };
  }
}
