/**
 * Parses `scanimage -A -d DEVICE` (the same listing as `--help -d DEVICE`, without the general
 * help). Each option line is indented four spaces, its description eight; the value part is a
 * list ("Gray|Color"), a range ("1..1200dpi (in steps of 1)"), a bool ("[=(yes|no)]") or a free
 * type ("<string>"), followed by bracketed groups: the current value and flags such as
 * "[inactive]" or "[advanced]". Lines that do not fit are skipped, never guessed.
 */

export type OptionConstraint =
  | { kind: 'list'; values: string[]; unit: string }
  | { kind: 'range'; min: number; max: number; step: number | null; unit: string }
  | { kind: 'bool'; values: string[] }
  | { kind: 'free'; type: string }
  | { kind: 'button' };

export interface SaneOption {
  /** Without dashes: "source", "resolution", "l". */
  name: string;
  constraint: OptionConstraint;
  /** Array options ("0..255,...") take a comma-separated list. */
  isArray: boolean;
  current: string | null;
  inactive: boolean;
  advanced: boolean;
  readOnly: boolean;
}

const optionLine = /^ {4}(--?)([A-Za-z0-9][A-Za-z0-9-]*)(.*)$/;
const flagWords = new Set(['inactive', 'advanced', 'hardware', 'read-only', 'emulated', 'automatic']);

export function parseDeviceOptions(stdout: string): SaneOption[] {
  const options: SaneOption[] = [];
  for (const line of stdout.split('\n')) {
    const match = optionLine.exec(line.replace(/\s+$/, ''));
    if (!match) continue;
    const option = parseOption(match[2] as string, match[3] as string);
    if (option && !options.some((o) => o.name === option.name)) options.push(option);
  }
  return options;
}

function parseOption(name: string, rest: string): SaneOption | null {
  let body = rest;
  let constraint: OptionConstraint | null = null;
  const bool = /^\[=\(([^)]*)\)\]/.exec(body);
  if (bool) {
    constraint = { kind: 'bool', values: (bool[1] as string).split('|').filter(Boolean) };
    body = body.slice(bool[0].length);
  }
  const groups: string[] = [];
  for (let group = /\s\[([^[\]]*)\]$/.exec(body); group; group = /\s\[([^[\]]*)\]$/.exec(body)) {
    groups.unshift(group[1] as string);
    body = body.slice(0, group.index);
  }
  const flags = new Set(groups.filter((g) => flagWords.has(g)));
  const current = groups.find((g) => !flagWords.has(g)) ?? null;
  body = body.trim();
  // Arrays print ",..." after the constraint, before a step: "0..255,... (in steps of 1)".
  const isArray = /,\.\.\.(?= |$)/.test(body);
  body = body.replace(/,\.\.\.(?= |$)/, '');
  constraint ??= parseConstraint(body);
  if (!constraint) return null;
  return { name, constraint, isArray, current, inactive: flags.has('inactive'), advanced: flags.has('advanced'), readOnly: flags.has('read-only') };
}

function parseConstraint(body: string): OptionConstraint | null {
  if (body === '') return { kind: 'button' };
  const free = /^<(\w+)>$/.exec(body);
  if (free) return { kind: 'free', type: free[1] as string };
  const range = /^(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)([a-z%]*)(?: \(in steps of (\d+(?:\.\d+)?)\))?$/.exec(body);
  if (range) {
    return { kind: 'range', min: Number(range[1]), max: Number(range[2]), unit: range[3] as string, step: range[4] === undefined ? null : Number(range[4]) };
  }
  const values = body.split('|').filter((v) => v !== '');
  if (values.length === 0) return null;
  // A unit is printed once, after the last value: "75|150|300dpi".
  const last = values[values.length - 1] as string;
  const unitMatch = /^(-?\d+(?:\.\d+)?)([a-z%]+)$/.exec(last);
  if (unitMatch && values.slice(0, -1).every((v) => /^(-?\d+(?:\.\d+)?|auto)$/.test(v))) {
    values[values.length - 1] = unitMatch[1] as string;
    return { kind: 'list', values, unit: unitMatch[2] as string };
  }
  return { kind: 'list', values, unit: '' };
}
