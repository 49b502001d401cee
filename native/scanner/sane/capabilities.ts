import type { DeviceCapabilities, ScanSource, SourceKind } from '../scanner';
import type { SaneOption } from './device-options';

/**
 * SANE has no standard for feeders and duplex: backends name sources freely ("ADF Duplex",
 * "Automatic Document Feeder", "ADF Back") and some switch duplex with a separate option
 * (epson2's "adf-mode", a few backends' "duplex"). These rules cover the common backends.
 */
export function sourceKind(name: string): SourceKind {
  if (/duplex/i.test(name)) return 'adf-duplex';
  if (/\badf\b|feeder|automatic document|sheet ?fed|\bfront\b|\bback\b/i.test(name)) return 'adf';
  if (/flatbed|glass|platen|^normal$/i.test(name)) return 'flatbed';
  return 'other';
}

export type DuplexMethod = { kind: 'source'; source: string } | { kind: 'adf-mode'; value: string } | { kind: 'switch' } | null;

export function deriveCapabilities(options: SaneOption[]): DeviceCapabilities {
  const sources = sourcesOf(options);
  return {
    sources,
    duplex: duplexMethod(options) !== null,
    resolutions: resolutionsOf(options),
    modes: listValues(options, 'mode'),
  };
}

export function sourcesOf(options: SaneOption[]): ScanSource[] {
  return listValues(options, 'source').map((name) => ({ name, kind: sourceKind(name) }));
}

/** How to make this device read both sides, or null when it cannot. */
export function duplexMethod(options: SaneOption[]): DuplexMethod {
  const duplexSource = sourcesOf(options).find((s) => s.kind === 'adf-duplex');
  if (duplexSource) return { kind: 'source', source: duplexSource.name };
  const adfMode = listValues(options, 'adf-mode').find((v) => /duplex/i.test(v));
  // epson2 marks adf-mode inactive until the feeder is the source; it still applies then.
  if (adfMode) return { kind: 'adf-mode', value: adfMode };
  const toggle = options.find((o) => o.name === 'duplex' && o.constraint.kind === 'bool' && !o.readOnly);
  if (toggle) return { kind: 'switch' };
  return null;
}

function listValues(options: SaneOption[], name: string): string[] {
  const option = options.find((o) => o.name === name);
  return option?.constraint.kind === 'list' ? option.constraint.values : [];
}

function resolutionsOf(options: SaneOption[]): DeviceCapabilities['resolutions'] {
  const option = options.find((o) => o.name === 'resolution');
  if (!option) return null;
  if (option.constraint.kind === 'range') return { kind: 'range', min: option.constraint.min, max: option.constraint.max };
  if (option.constraint.kind === 'list') {
    const values = option.constraint.values.map(Number).filter((v) => Number.isFinite(v) && v > 0);
    return values.length > 0 ? { kind: 'list', values } : null;
  }
  return null;
}
