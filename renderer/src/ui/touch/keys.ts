/**
 * The on-screen keyboard's layouts and what a key does to a value. Pure, so that it is tested
 * on its own; the component only draws the keys.
 */
export type KeyboardLayout = 'text' | 'digits' | 'decimal' | 'iban';

export const backspace = 'Backspace';
export const shift = 'Shift';
export const space = ' ';

/** Rows of keys, lower case where the layout has cases (shift turns them upper case). */
export const layouts: Record<KeyboardLayout, readonly (readonly string[])[]> = {
  text: [
    ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', 'ß', backspace],
    ['q', 'w', 'e', 'r', 't', 'z', 'u', 'i', 'o', 'p', 'ü'],
    ['a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'ö', 'ä'],
    [shift, 'y', 'x', 'c', 'v', 'b', 'n', 'm', ',', '.', '-'],
    [space],
  ],
  digits: [
    ['1', '2', '3'],
    ['4', '5', '6'],
    ['7', '8', '9'],
    ['0', backspace],
  ],
  decimal: [
    ['1', '2', '3'],
    ['4', '5', '6'],
    ['7', '8', '9'],
    [',', '0', backspace],
  ],
  // An IBAN is upper-case letters and digits: no case, no umlauts, no spaces (shown grouped anyway).
  iban: [
    ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', backspace],
    ['Q', 'W', 'E', 'R', 'T', 'Z', 'U', 'I', 'O', 'P'],
    ['A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L'],
    ['Y', 'X', 'C', 'V', 'B', 'N', 'M'],
  ],
};

/** Typing a name: a capital at the start and after a space or hyphen, small letters otherwise. */
export function autoShift(value: string): boolean {
  return value === '' || /[\s-]$/.test(value);
}

/** The value after one key, within maxLength. */
export function applyKey(value: string, key: string, upper: boolean, maxLength?: number): string {
  if (key === backspace) return value.slice(0, -1);
  if (key === shift) return value;
  const char = upper && key !== 'ß' ? key.toUpperCase() : key;
  const next = value + char;
  return maxLength !== undefined && next.length > maxLength ? value : next;
}
