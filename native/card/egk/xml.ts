/**
 * A small, strict XML parser for the eGK's VSD documents: elements, attributes, namespaces,
 * character data, the five predefined entities and character references. It rejects DOCTYPE
 * (no entity definitions, no expansion attacks) and anything malformed, with the offset.
 * Card data is untrusted input: depth and size are bounded.
 */

export interface XmlElement {
  /** Local name, without prefix. */
  name: string;
  /** Namespace URI, or '' when none is in scope. */
  namespace: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside this element, entities resolved. */
  text: string;
}

export class XmlError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
    this.name = 'XmlError';
  }
}

const maxDepth = 32;
const maxLength = 256 * 1024;
const nameStart = /[A-Za-z_:\u00C0-\uFFFF]/;
const nameChar = /[A-Za-z0-9._:\u00B7\u00C0-\uFFFF-]/;
const predefined: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(input: string): XmlElement {
  if (input.length > maxLength) throw new XmlError('document too large', 0);
  let pos = input.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (message: string): never => {
    throw new XmlError(message, pos);
  };
  const startsWith = (s: string) => input.startsWith(s, pos);
  const skipSpace = () => {
    while (pos < input.length && /[ \t\r\n]/.test(input[pos] as string)) pos++;
  };
  const readName = (): string => {
    const start = pos;
    if (!nameStart.test(input[pos] ?? '')) fail('name expected');
    pos++;
    while (pos < input.length && nameChar.test(input[pos] as string)) pos++;
    return input.slice(start, pos);
  };
  const decodeEntities = (raw: string, at: number): string =>
    raw.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);|&/g, (match, body: string | undefined) => {
      if (!body) throw new XmlError('bare "&"', at);
      if (body.startsWith('#x')) return String.fromCodePoint(parseInt(body.slice(2), 16));
      if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
      const value = predefined[body];
      if (value === undefined) throw new XmlError(`unknown entity "${match}"`, at);
      return value;
    });
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (startsWith('<?')) {
        const end = input.indexOf('?>', pos);
        if (end < 0) fail('unterminated processing instruction');
        pos = end + 2;
      } else if (startsWith('<!--')) {
        const end = input.indexOf('-->', pos);
        if (end < 0) fail('unterminated comment');
        pos = end + 3;
      } else if (startsWith('<!DOCTYPE') || startsWith('<!doctype')) {
        fail('DOCTYPE is not allowed');
      } else return;
    }
  };

  type Raw = { qname: string; attributes: Record<string, string>; xmlns: Map<string, string> };
  const scopes: Map<string, string>[] = [new Map([['xml', 'http://www.w3.org/XML/1998/namespace']])];
  const resolve = (prefix: string): string => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const uri = scopes[i]?.get(prefix);
      if (uri !== undefined) return uri;
    }
    if (prefix !== '') fail(`undeclared namespace prefix "${prefix}"`);
    return '';
  };

  const readStartTag = (): Raw & { selfClosing: boolean } => {
    pos++; // '<'
    const qname = readName();
    const attributes: Record<string, string> = {};
    const xmlns = new Map<string, string>();
    for (;;) {
      const before = pos;
      skipSpace();
      if (startsWith('/>')) {
        pos += 2;
        return { qname, attributes, xmlns, selfClosing: true };
      }
      if (startsWith('>')) {
        pos += 1;
        return { qname, attributes, xmlns, selfClosing: false };
      }
      if (pos === before) fail('whitespace expected between attributes');
      const attr = readName();
      skipSpace();
      if (input[pos] !== '=') fail('"=" expected');
      pos++;
      skipSpace();
      const quote = input[pos];
      if (quote !== '"' && quote !== "'") fail('quoted attribute value expected');
      const end = input.indexOf(quote as string, pos + 1);
      if (end < 0) fail('unterminated attribute value');
      const rawValue = input.slice(pos + 1, end);
      if (rawValue.includes('<')) fail('"<" in attribute value');
      const value = decodeEntities(rawValue, pos);
      pos = end + 1;
      if (attr === 'xmlns') xmlns.set('', value);
      else if (attr.startsWith('xmlns:')) xmlns.set(attr.slice(6), value);
      else {
        if (Object.hasOwn(attributes, attr)) fail(`duplicate attribute "${attr}"`);
        attributes[attr] = value;
      }
    }
  };

  const splitName = (qname: string): [string, string] => {
    const colon = qname.indexOf(':');
    return colon < 0 ? ['', qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
  };

  const parseElement = (depth: number): XmlElement => {
    if (depth > maxDepth) fail('nesting too deep');
    const tag = readStartTag();
    scopes.push(tag.xmlns);
    const [prefix, local] = splitName(tag.qname);
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(tag.attributes)) attributes[splitName(name)[1]] = value;
    const element: XmlElement = { name: local, namespace: resolve(prefix), attributes, children: [], text: '' };
    if (tag.selfClosing) {
      scopes.pop();
      return element;
    }
    let text = '';
    for (;;) {
      if (pos >= input.length) fail(`element "${tag.qname}" is not closed`);
      if (startsWith('</')) {
        pos += 2;
        const closing = readName();
        if (closing !== tag.qname) fail(`"</${closing}>" closes "<${tag.qname}>"`);
        skipSpace();
        if (input[pos] !== '>') fail('">" expected');
        pos++;
        break;
      }
      if (startsWith('<!--')) {
        const end = input.indexOf('-->', pos);
        if (end < 0) fail('unterminated comment');
        pos = end + 3;
      } else if (startsWith('<![CDATA[')) {
        const end = input.indexOf(']]>', pos);
        if (end < 0) fail('unterminated CDATA section');
        text += input.slice(pos + 9, end);
        pos = end + 3;
      } else if (startsWith('<?')) {
        const end = input.indexOf('?>', pos);
        if (end < 0) fail('unterminated processing instruction');
        pos = end + 2;
      } else if (startsWith('<!')) {
        fail('markup declaration not allowed here');
      } else if (startsWith('<')) {
        element.children.push(parseElement(depth + 1));
      } else {
        const next = input.indexOf('<', pos);
        const end = next < 0 ? input.length : next;
        text += decodeEntities(input.slice(pos, end), pos);
        pos = end;
      }
    }
    scopes.pop();
    element.text = text;
    return element;
  };

  skipMisc();
  if (input[pos] !== '<') fail('root element expected');
  const root = parseElement(0);
  skipMisc();
  if (pos < input.length) fail('content after the root element');
  return root;
}

/** The first child with this local name, or undefined. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

/** Follows a path of local names from `element`. */
export function descend(element: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let current = element;
  for (const name of path) current = child(current, name);
  return current;
}
