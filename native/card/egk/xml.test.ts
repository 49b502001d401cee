import { describe, expect, it } from 'vitest';
import { descend, parseXml, XmlError } from './xml';

describe('the strict XML parser for VSD documents', () => {
  it('resolves default and prefixed namespaces to local names', () => {
    const root = parseXml('<?xml version="1.0"?><a:Root xmlns:a="urn:a" xmlns="urn:d"><a:X>1</a:X><Y z="q">2</Y></a:Root>');
    expect(root).toMatchObject({ name: 'Root', namespace: 'urn:a' });
    expect(root.children.map((c) => [c.name, c.namespace, c.text])).toEqual([
      ['X', 'urn:a', '1'],
      ['Y', 'urn:d', '2'],
    ]);
    expect(root.children[1]?.attributes).toEqual({ z: 'q' });
  });

  it('decodes the predefined entities, character references and CDATA', () => {
    const root = parseXml('<r>Weiß &amp; Söhne &#8364; &#xE4; &lt;&gt;&quot;&apos;<![CDATA[<b>]]></r>');
    expect(root.text).toBe('Weiß & Söhne € ä <>"\'<b>');
  });

  it('skips comments and processing instructions, and follows paths', () => {
    const root = parseXml('\uFEFF<!-- c --><r><!-- c --><a><b>x</b></a><?pi y?></r><!-- end -->');
    expect(descend(root, 'a', 'b')?.text).toBe('x');
    expect(descend(root, 'a', 'missing')).toBeUndefined();
  });

  it.each([
    ['a DOCTYPE (entity definitions)', '<!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>'],
    ['an unknown entity', '<r>&x;</r>'],
    ['a bare ampersand', '<r>a & b</r>'],
    ['a wrongly closed element', '<r><a></b></r>'],
    ['an unclosed element', '<r><a></a>'],
    ['an undeclared prefix', '<p:r/>'],
    ['content after the root', '<r/><s/>'],
    ['a duplicate attribute', '<r a="1" a="2"/>'],
    ['an unquoted attribute', '<r a=1/>'],
    ['no root at all', 'just text'],
  ])('rejects %s', (_what, xml) => {
    expect(() => parseXml(xml)).toThrow(XmlError);
  });

  it('bounds the nesting depth', () => {
    expect(() => parseXml(`${'<a>'.repeat(40)}${'</a>'.repeat(40)}`)).toThrow(/too deep/);
  });
});
