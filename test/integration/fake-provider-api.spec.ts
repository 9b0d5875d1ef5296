import { afterEach, describe, expect, it } from 'vitest';
import { startFakeProviderApi, type FakeProviderApi, type PaginationStyle } from '../support/fake-provider-api';

describe('fake provider API (test support)', () => {
  let api: FakeProviderApi | undefined;
  afterEach(async () => {
    await api?.stop();
    api = undefined;
  });

  it('routes by method and path, refuses a wrong Authorization header and records every request', async () => {
    api = await startFakeProviderApi({ authorization: 'Bearer s3cret' });
    api.on('GET', '/repos/o/r', { body: { name: 'r' } });
    const ok = await fetch(`${api.origin}/repos/o/r?x=1`, { headers: { Authorization: 'Bearer s3cret' } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ name: 'r' });
    expect((await fetch(`${api.origin}/repos/o/r`, { method: 'POST', headers: { Authorization: 'Bearer s3cret' } })).status).toBe(404);
    const refused = await fetch(`${api.origin}/repos/o/r`, { headers: { Authorization: 'Bearer wrong' } });
    expect(refused.status).toBe(401);
    expect(api.requests().map((request) => [request.method, request.rawPath, request.query, request.authorization])).toEqual([
      ['GET', '/repos/o/r', 'x=1', 'Bearer s3cret'],
      ['POST', '/repos/o/r', '', 'Bearer s3cret'],
      ['GET', '/repos/o/r', '', 'Bearer wrong'],
    ]);
    api.off('GET', '/repos/o/r');
    expect((await fetch(`${api.origin}/repos/o/r`, { headers: { Authorization: 'Bearer s3cret' } })).status).toBe(404);
  });

  // Follows each style's own "next" signal until it stops, collecting the items.
  async function walk(style: PaginationStyle): Promise<unknown[]> {
    const seen: unknown[] = [];
    let url: string | undefined = `${api!.origin}/items`;
    for (let guard = 0; url !== undefined && guard < 10; guard++) {
      const response: Response = await fetch(url);
      const json: unknown = await response.json();
      const list = json as unknown[];
      const body = json as { values: unknown[]; value: unknown[]; next?: string; isLastPage?: boolean; nextPageStart?: number };
      const current: URL = new URL(url);
      switch (style) {
        case 'link':
          seen.push(...list);
          url = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
          break;
        case 'x-next-page': {
          seen.push(...list);
          const next = response.headers.get('x-next-page');
          current.searchParams.set('page', next ?? '');
          url = next ? current.toString() : undefined;
          break;
        }
        case 'bitbucket-server':
          seen.push(...body.values);
          current.searchParams.set('start', String(body.nextPageStart));
          url = body.isLastPage ? undefined : current.toString();
          break;
        case 'bitbucket-cloud':
          seen.push(...body.values);
          url = body.next;
          break;
        case 'continuation-token': {
          seen.push(...body.value);
          const token = response.headers.get('x-ms-continuationtoken');
          current.searchParams.set('continuationToken', token ?? '');
          url = token ? current.toString() : undefined;
          break;
        }
      }
    }
    return seen;
  }

  it.each<PaginationStyle>(['link', 'x-next-page', 'bitbucket-server', 'bitbucket-cloud', 'continuation-token'])('pages a list (%s)', async (style) => {
    api = await startFakeProviderApi();
    api.paginated('GET', '/items', [1, 2, 3, 4, 5], style, 2);
    expect(await walk(style)).toEqual([1, 2, 3, 4, 5]);
    expect(api.requests()).toHaveLength(3);
  });
});
