import type { ScannerDevice } from '../scanner';
import { deviceId } from '../scanner';

/**
 * `scanimage -L` prints "device `NAME' is a VENDOR MODEL TYPE", which cannot be split again when
 * a vendor or model has spaces. `scanimage -f` with a field separator of our own is unambiguous,
 * so the adapter asks for that; the separator cannot occur in SANE's strings.
 */
export const fieldSeparator = '\u001f';
export const deviceListFormat = `%d${fieldSeparator}%v${fieldSeparator}%m${fieldSeparator}%t%n`;

/** SANE device names are printable and never contain the separator; anything else is not trusted. */
const deviceNamePattern = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;

/** Parses the output of `scanimage -f <deviceListFormat>`; malformed lines are skipped. */
export function parseDeviceList(stdout: string): ScannerDevice[] {
  const devices: ScannerDevice[] = [];
  const seen = new Set<string>();
  for (const line of stdout.split('\n')) {
    const fields = line.split(fieldSeparator);
    if (fields.length !== 4) continue;
    const [name, vendor, model, type] = fields.map((f) => f.trim()) as [string, string, string, string];
    if (!deviceNamePattern.test(name) || seen.has(name)) continue;
    seen.add(name);
    devices.push({ id: deviceId('sane', name), adapter: 'sane', name, vendor: printable(vendor), model: printable(model), type: printable(type) });
  }
  return devices;
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e\u00a0-\u024f]/g, '').slice(0, 120);
}
