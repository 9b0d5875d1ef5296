import { describe, expect, it } from 'vitest';
import { collectPages, reading, sameOriginLink, text } from './provider-answers';

class NotFound extends Error {}

describe('provider answers', () => {
  it('collects pages until one has no next, and stops a provider that answers the same page again', async () => {
    const pages: Record<string, { items: number[]; next?: string }> = { a: { items: [1, 2], next: 'b' }, b: { items: [3] } };
    expect(await collectPages('listing', 'a', async (url) => pages[url])).toEqual([1, 2, 3]);
    await expect(collectPages('listing', 'a', async () => ({ items: [1], next: 'a' }))).rejects.toThrow('listing: the provider answered the same page again; stopped');
  });

  it('follows a next link on the API origin only', () => {
    expect(sameOriginLink('/2.0/x?page=2', 'https://api.test/2.0', 'w')).toBe('https://api.test/2.0/x?page=2');
    expect(sameOriginLink('https://api.test/2.0/x?page=2', 'https://api.test/2.0', 'w')).toBe('https://api.test/2.0/x?page=2');
    expect(() => sameOriginLink('https://elsewhere.test/x', 'https://api.test/2.0', 'w')).toThrow("w: the provider's next-page link points to another host (elsewhere.test); not followed");
  });

  it('prefixes a failure with what was read, keeping the error and its class', async () => {
    const original = new NotFound('api answered 404');
    const failure = await reading('Gitea pull requests of o/r', () => Promise.reject(original)).catch((error: unknown) => error);
    expect(failure).toBe(original);
    expect(failure).toBeInstanceOf(NotFound);
    expect((failure as Error).message).toBe('Gitea pull requests of o/r: api answered 404');
  });

  it('reads nested text as Go zero values when missing', () => {
    expect(text({ a: { b: 'x' } }, 'a', 'b')).toBe('x');
    expect(text({ a: { b: 7 } }, 'a', 'b')).toBe('7');
    expect(text({ a: null }, 'a', 'b')).toBe('');
    expect(text(undefined, 'a')).toBe('');
  });
});
