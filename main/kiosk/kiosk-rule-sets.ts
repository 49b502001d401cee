import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../config/station-config';
import type { LoadedConfig } from '../config/load';
import { knownRuleSets, parseRuleSet, type RuleSet } from '../domain';

/**
 * The rule sets a kiosk evaluates with: the built-in ones plus the catalogs named in
 * kiosk.ruleSetFiles (e.g. one whose fields accept a signed declaration or a BMI value). A file
 * that cannot be read or is not a valid rule set stops the start, naming the file and the problem.
 * A configured catalog valid from the same day as a built-in one takes its place.
 * Undefined when the configuration adds none.
 */
export function kioskRuleSets(loaded: Pick<LoadedConfig, 'config' | 'source'>): readonly RuleSet[] | undefined {
  const files = loaded.config.kiosk.ruleSetFiles;
  if (files.length === 0) return undefined;
  const added = files.map((name, i): RuleSet => {
    const field = `kiosk.ruleSetFiles.${i}`;
    const path = isAbsolute(name) ? name : resolve(dirname(loaded.source), name);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ConfigError(loaded.source, [{ field, problem: code === 'ENOENT' ? `file not found: ${path}` : code ? `cannot be read (${code}): ${path}` : `not valid JSON: ${path}` }]);
    }
    const parsed = parseRuleSet(raw);
    if (!parsed.ok) throw new ConfigError(loaded.source, parsed.issues.map((issue) => ({ field: `${field} (${issue.path || 'rule set'})`, problem: issue.message })));
    return parsed.value;
  });
  const ids = new Set(knownRuleSets.map((r) => r.id));
  for (const [i, ruleSet] of added.entries()) {
    if (ids.has(ruleSet.id)) throw new ConfigError(loaded.source, [{ field: `kiosk.ruleSetFiles.${i}`, problem: `rule set id "${ruleSet.id}" is already known` }]);
    ids.add(ruleSet.id);
  }
  // catalogFor takes the first of equal validFrom: a configured catalog replaces a built-in one from the same day.
  return [...added, ...knownRuleSets];
}
