import { describe, expect, it } from 'vitest';
import { parseManifestFile } from './manifest-parser';

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('parseManifestFile', () => {
  it.each([
    { name: 'single YAML document', file: 'a.yaml', text: cm('a'), names: ['a'] },
    { name: 'multi-document YAML with empty documents', file: 'a.yml', text: `---\n${cm('a')}---\n---\n${cm('b')}`, names: ['a', 'b'] },
    { name: 'JSON object', file: 'a.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }), names: ['s'] },
    { name: 'JSON array', file: 'a.json', text: JSON.stringify([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1' } }]), names: ['s1'] },
    { name: 'v1 List flattened', file: 'list.yaml', text: `apiVersion: v1\nkind: List\nitems:\n- ${cm('x').trimEnd().split('\n').join('\n  ')}\n`, names: ['x'] },
    { name: 'comment-only file', file: 'empty.yaml', text: '# nothing here\n', names: [] },
  ])('parses $name', ({ file, text, names }) => {
    expect(parseManifestFile(file, text).map((o) => o.metadata.name)).toEqual(names);
  });

  it('reads values the way Kubernetes (YAML 1.1) does, keeping dates as strings', () => {
    const [object] = parseManifestFile('a.yaml', `${cm('a')}data:\n  enabled: yes\n  mode: 0755\n  date: 2024-01-02\n`);
    expect(object.data).toEqual({ enabled: true, mode: 493, date: '2024-01-02' });
  });

  it.each([
    { name: 'broken YAML', file: 'apps/bad.yaml', text: `${cm('a')}  x: [\n`, kind: 'InvalidYaml', message: /^apps\/bad\.yaml:\d+: / },
    { name: 'duplicate keys', file: 'dup.yaml', text: `${cm('a')}kind: Secret\n`, kind: 'InvalidYaml', message: /^dup\.yaml:5: .*unique/ },
    { name: 'broken JSON', file: 'bad.json', text: '{"apiVersion": "v1",\n "kind": "A"', kind: 'InvalidYaml', message: /^bad\.json:2: / },
    { name: 'missing kind', file: 'nokind.yaml', text: 'apiVersion: v1\nmetadata:\n  name: a\n', kind: 'InvalidManifest', message: /^nokind\.yaml: object has no kind/ },
    { name: 'missing apiVersion and kind in 2nd doc', file: 'm.yaml', text: `${cm('a')}---\nfoo: bar\n`, kind: 'InvalidManifest', message: /^m\.yaml \(document 2\): object has no apiVersion or kind/ },
    { name: 'missing name', file: 'noname.yaml', text: 'apiVersion: v1\nkind: ConfigMap\n', kind: 'InvalidManifest', message: /metadata\.name/ },
    { name: 'scalar document', file: 's.yaml', text: 'just a string\n', kind: 'InvalidManifest', message: /found string/ },
  ])('rejects $name', ({ file, text, kind, message }) => {
    expect(() => parseManifestFile(file, text)).toThrow(expect.objectContaining({ kind, message: expect.stringMatching(message), location: expect.objectContaining({ file }) }));
  });
});
