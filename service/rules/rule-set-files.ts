import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { knownRuleSets, parseRuleSet, type RuleSet } from '../../main/domain';

/**
 * The rule sets the service evaluates with: the built-in ones plus catalogs from files (the
 * same JSON a kiosk's kiosk.ruleSetFiles names), so that a submission is re-evaluated under the
 * catalog the station showed. A file that cannot be read or parsed stops the start with its name.
 * Like the kiosk, a file valid from the same day as a built-in rule set takes its place.
 */
export function ruleSetsWithFiles(paths: readonly string[]): readonly RuleSet[] {
  const added = paths.map((path) => {
    const file = resolve(path);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`Rule set ${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    const parsed = parseRuleSet(raw);
    if (!parsed.ok) throw new Error(`Rule set ${file} is not valid: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    return parsed.value;
  });
  return [...added, ...knownRuleSets];
}
