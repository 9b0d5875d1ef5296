import { describe, expect, it } from 'vitest';
import { GuardedHttpClient } from '../outbound-http';
import { type BodyHandler, loopbackServersPerTest, withBody } from '../outbound-http/testing/loopback-http';
import { type GeneratorPluginEndpoint, type GeneratorPluginsService, GeneratorPluginUnavailable } from './generator-plugins.service';
import { HttpPluginSource, MAX_PLUGIN_ANSWER_BYTES } from './http-plugin-source';

const TOKEN = 'adapter-token-do-not-leak';
const REQUEST = { applicationSetName: 'set', input: { parameters: { a: 1 } } };

const serveHttp = loopbackServersPerTest();
const serve = (handler: BodyHandler) => serveHttp(withBody(handler));

/** The adapter over a registry holding one plugin, `p`, at `baseUrl`. */
function sourceFor(baseUrl: string, requestTimeoutSeconds = 5): HttpPluginSource {
  const registry = {
    endpointFor: async (name: string): Promise<GeneratorPluginEndpoint> => {
      if (name !== 'p') throw new GeneratorPluginUnavailable('not registered');
      return { name, baseUrl, token: TOKEN, requestTimeoutSeconds };
    },
  };
  return new HttpPluginSource(registry as GeneratorPluginsService, new GuardedHttpClient());
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(GeneratorPluginUnavailable);
  expect((error as Error).message).not.toContain(TOKEN);
  return error as Error;
}

describe('HttpPluginSource', () => {
  it('POSTs the request with the bearer token to <baseUrl>/api/v1/getparams.execute, keeping a path prefix', async () => {
    const seen: { url?: string; method?: string; authorization?: string; contentType?: string; body: string }[] = [];
    const base = await serve((request, body, response) => {
      seen.push({ url: request.url, method: request.method, authorization: request.headers.authorization, contentType: request.headers['content-type'], body });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"output":{"parameters":[{"x":"1"}]}}');
    });
    expect(await sourceFor(`${base}/plugins/shards`).getParams('p', REQUEST)).toEqual({ output: { parameters: [{ x: '1' }] } });
    expect(await sourceFor(`${base}/`).getParams('p', REQUEST)).toEqual({ output: { parameters: [{ x: '1' }] } });
    expect(seen.map((request) => request.url)).toEqual(['/plugins/shards/api/v1/getparams.execute', '/api/v1/getparams.execute']);
    expect(seen[0]).toMatchObject({ method: 'POST', authorization: `Bearer ${TOKEN}`, contentType: 'application/json' });
    expect(JSON.parse(seen[0].body)).toEqual(REQUEST);
  });

  it.each([
    { name: 'a non-2xx answer, by status only (the body may echo the token)', status: 500, body: `{"error":"Bearer ${TOKEN}"}`, want: /^answered HTTP 500$/ },
    { name: 'an answer that is not JSON', status: 200, body: '<html>', want: /^malformed answer: not JSON$/ },
  ])('rejects $name', async ({ status, body, want }) => {
    const base = await serve((_request, _body, response) => response.writeHead(status).end(body));
    expect((await rejection(sourceFor(base).getParams('p', REQUEST))).message).toMatch(want);
  });

  it('rejects an answer larger than the bound', async () => {
    const base = await serve((_request, _body, response) => {
      response.writeHead(200);
      response.end('x'.repeat(MAX_PLUGIN_ANSWER_BYTES + 1));
    });
    expect((await rejection(sourceFor(base).getParams('p', REQUEST))).message).toMatch(/^answer too large: http:\/\/127\.0\.0\.1:\d+: response larger than/);
  });

  it('times out after the plugin\'s request timeout', async () => {
    const base = await serve(() => undefined);
    expect((await rejection(sourceFor(base, 1).getParams('p', REQUEST))).message).toBe(`timed out: ${base}: no complete answer within 1 s`);
  });

  it('does not follow a redirect to another host with the token', async () => {
    const other = await serve((request, _body, response) => response.end(JSON.stringify({ stolen: request.headers.authorization })));
    const base = await serve((_request, _body, response) => response.writeHead(307, { location: `${other}/api/v1/getparams.execute` }).end());
    expect((await rejection(sourceFor(base).getParams('p', REQUEST))).message).toMatch(/^redirected: /);
  });

  it('names a plugin that is not registered', async () => {
    expect((await rejection(sourceFor('http://127.0.0.1:9').getParams('q', REQUEST))).message).toBe('not registered');
  });
});
