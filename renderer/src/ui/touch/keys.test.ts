import { describe, expect, it } from 'vitest';
import { applyKey, autoShift, backspace, layouts } from './keys';

describe('the kiosk on-screen keyboard', () => {
  it('has the German letters, ß and the digits on its text layout, and an IBAN layout of capitals and digits', () => {
    const text = layouts.text.flat();
    for (const key of ['ä', 'ö', 'ü', 'ß', '0', '9', '-']) expect(text).toContain(key);
    const iban = layouts.iban.flat().filter((k) => k !== backspace);
    expect(iban.every((k) => /^[A-Z0-9]$/.test(k))).toBe(true);
    expect(new Set(iban).size).toBe(36);
  });

  it('writes a name with capitals at the start of each part', () => {
    let name = '';
    for (const key of ['h', 'a', 'n', 's', '-', 'j', 'ü', 'r', 'g', 'e', 'n', ' ', 'm', 'ü', 'l', 'l', 'e', 'r']) name = applyKey(name, key, autoShift(name));
    expect(name).toBe('Hans-Jürgen Müller');
    // ß has no capital of its own on the keyboard: it stays ß.
    expect(applyKey('Wei', 'ß', true)).toBe('Weiß');
  });

  it('deletes the last character and never grows beyond the field length', () => {
    expect(applyKey('7017', backspace, false)).toBe('701');
    expect(applyKey('', backspace, false)).toBe('');
    expect(applyKey('70173', '4', false, 5)).toBe('70173');
  });
});
