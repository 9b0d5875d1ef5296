import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { hasKustomizeOverrides, parseImageOverride, wrapperKustomization } from './kustomize-wrapper';

describe('parseImageOverride (kustomize edit set image syntax)', () => {
  it.each([
    { name: 'tag', spec: 'nginx:1.25', expected: { name: 'nginx', newTag: '1.25' } },
    { name: 'new name and tag', spec: 'nginx=mirror.local/nginx:1.25', expected: { name: 'nginx', newName: 'mirror.local/nginx', newTag: '1.25' } },
    { name: 'registry port is not a tag', spec: 'registry.local:5000/app', expected: { name: 'registry.local:5000/app' } },
    { name: 'registry port and tag', spec: 'registry.local:5000/app:v1', expected: { name: 'registry.local:5000/app', newTag: 'v1' } },
    { name: 'digest', spec: 'app@sha256:abc', expected: { name: 'app', digest: 'sha256:abc' } },
    { name: 'new name only', spec: 'app=other/app', expected: { name: 'app', newName: 'other/app' } },
  ])('$name', ({ spec, expected }) => {
    expect(parseImageOverride(spec)).toEqual(expected);
  });

  it.each([
    { name: 'empty tag', spec: 'nginx:' },
    { name: 'empty digest', spec: 'nginx@' },
    { name: 'empty name', spec: '=nginx:1' },
  ])('rejects $name', ({ spec }) => {
    expect(() => parseImageOverride(spec)).toThrow(expect.objectContaining({ tool: 'kustomize', failure: 'InvalidOptions' }));
  });
});

describe('wrapperKustomization', () => {
  it('references the application and carries every option, quoting YAML 1.1 look-alikes', () => {
    const text = wrapperKustomization('../src/apps/x', { namePrefix: 'p-', nameSuffix: '-s', namespace: 'ns', commonLabels: { enabled: 'yes' }, images: ['a:1'] });
    expect(text).toContain('"yes"');
    expect(parse(text)).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['../src/apps/x'],
      namespace: 'ns',
      namePrefix: 'p-',
      nameSuffix: '-s',
      commonLabels: { enabled: 'yes' },
      images: [{ name: 'a', newTag: '1' }],
    });
  });

  it.each([
    { name: 'no options', options: undefined, expected: false },
    { name: 'empty options', options: { images: [], commonLabels: {} }, expected: false },
    { name: 'a prefix', options: { namePrefix: 'p-' }, expected: true },
  ])('needs a wrapper: $name → $expected', ({ options, expected }) => {
    expect(hasKustomizeOverrides(options)).toBe(expected);
  });
});
