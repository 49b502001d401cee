// Types for scripts/failure-digest.mjs.
export interface Failure { where: string; title: string; lines: string[] }
export const reportFiles: Record<string, string>;
export function playwrightFailures(report: unknown): Failure[];
export function vitestFailures(report: unknown): Failure[];
export function digestLines(step: string, failures: Failure[]): string[];
export function failureDigest(step: string, startedAtMs: number, root?: string): string[] | undefined;
