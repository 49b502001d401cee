import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateYear, knownRuleSets, parseEvaluationCase, parseInstant, ruleSetForCase, ruleSet2026, termsViewTexts } from '../../domain';
import { exitCode, type CliCommand, type CliIo } from '../command';

const usage = 'station rules evaluate <case.json | -> [--as-of INSTANT]\n       station rules terms';

export const rulesCommand: CliCommand = {
  name: 'rules',
  summary: 'Evaluate a Bonus ABC case (JSON, see docs/rules-case-format.md) or show how the terms are read',
  usage,
  async run(args, io) {
    const { positionals, values } = parseArgs({ args, options: { 'as-of': { type: 'string' } }, allowPositionals: true, strict: true });
    const [sub, source, ...extra] = positionals;
    if (sub === 'terms' && source === undefined) {
      io.stdout(`${JSON.stringify({ ruleSet: ruleSet2026.id, readings: termsViewTexts(ruleSet2026.parameters) }, null, 2)}\n`);
      return exitCode.ok;
    }
    if (sub !== 'evaluate' || source === undefined || extra.length > 0) {
      io.stderr(`Usage: ${usage}\n`);
      return exitCode.usage;
    }
    return evaluate(source, values['as-of'], io);
  },
};

async function evaluate(source: string, asOfFlag: string | undefined, io: CliIo): Promise<number> {
  let asOfMs: number | undefined;
  if (asOfFlag !== undefined) {
    const parsed = parseInstant(asOfFlag);
    if (parsed === null) {
      io.stderr(`--as-of: expected an ISO 8601 instant with offset, e.g. 2027-06-30T23:59:00+02:00\n`);
      return exitCode.usage;
    }
    asOfMs = parsed;
  }
  const text = source === '-' ? await io.readStdin() : await readCaseFile(resolve(io.cwd, source), io);
  if (text === null) return exitCode.invalidInput;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    io.stderr(`${source === '-' ? 'stdin' : source}: not valid JSON (${error instanceof Error ? error.message : String(error)})\n`);
    return exitCode.invalidInput;
  }
  const parsed = parseEvaluationCase(json);
  if (!parsed.ok) {
    io.stderr(`Invalid case:\n${parsed.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}\n`);
    return exitCode.invalidInput;
  }
  const ruleSet = ruleSetForCase(parsed.value);
  if (!ruleSet) {
    const known = knownRuleSets.map((r) => r.validFrom).join(', ');
    io.stderr(`year: no rule set in force for ${parsed.value.year} (rule sets from ${known})\n`);
    return exitCode.invalidInput;
  }
  // Without an asOf in the case or on the command line, evaluate as of now.
  const moment = asOfMs ?? (parsed.value.asOf === undefined ? Date.now() : undefined);
  const result = evaluateYear(parsed.value, ruleSet, moment === undefined ? {} : { asOfMs: moment });
  io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  return exitCode.ok;
}

async function readCaseFile(path: string, io: CliIo): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    io.stderr(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return null;
  }
}
