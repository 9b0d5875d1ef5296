import { describe, expect, it } from 'vitest';
import { hasResourcesFinalizer, setDeletionCascades } from './application';
import type { Application } from './types';

describe('hasResourcesFinalizer', () => {
  it('is true for the resources finalizer and its qualified forms', () => {
    expect(hasResourcesFinalizer(['resources-finalizer.argocd.argoproj.io'])).toBe(true);
    expect(hasResourcesFinalizer(['other', 'resources-finalizer.argocd.argoproj.io/background'])).toBe(true);
  });

  it('is false without it: no finalizers, or only others', () => {
    expect(hasResourcesFinalizer(undefined)).toBe(false);
    expect(hasResourcesFinalizer([])).toBe(false);
    expect(hasResourcesFinalizer(['example.org/keep', 'argocd.argoproj.io/resources-finalizer'])).toBe(false);
  });
});

describe('setDeletionCascades', () => {
  const app = (finalizers?: string[]) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'web', finalizers }, spec: { project: 'default', destination: {} } }) as Application;

  it('cascades with the finalizer unless the set preserves resources on deletion', () => {
    expect(setDeletionCascades(app(['resources-finalizer.argocd.argoproj.io']), false)).toBe(true);
    expect(setDeletionCascades(app(['resources-finalizer.argocd.argoproj.io']), true)).toBe(false);
    expect(setDeletionCascades(app(), false)).toBe(false);
  });
});
