import { describe, expect, it } from 'vitest';
import { GuardedHttpClient } from './guarded-http-client';
import { OutboundHttpError } from './outbound-http-error';
import { closedPortUrl, loopbackServersPerTest } from './testing/loopback-http';

const serve = loopbackServersPerTest();

async function rejection(promise: Promise<unknown>): Promise<OutboundHttpError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(OutboundHttpError);
  return error as OutboundHttpError;
}

describe('GuardedHttpClient', () => {
  const client = new GuardedHttpClient();

  it('sends the method, headers and body, and returns the status and body', async () => {
    const base = await serve((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ method: request.method, auth: request.headers.authorization, body })));
    });
    const response = await client.request({ method: 'POST', url: `${base}/hook`, headers: { authorization: 'Bearer t' }, body: 'hello' });
    expect(response.status).toBe(201);
    expect(JSON.parse(response.body)).toEqual({ method: 'POST', auth: 'Bearer t', body: 'hello' });
  });

  it('follows a redirect within the same origin, and refuses one to another host', async () => {
    const other = await serve((_request, response) => response.end('elsewhere'));
    const base = await serve((request, response) => {
      if (request.url === '/old') return response.writeHead(307, { location: '/new' }).end();
      if (request.url === '/new') return response.end('moved');
      response.writeHead(302, { location: `${other}/steal` }).end();
    });
    expect((await client.request({ method: 'GET', url: `${base}/old` })).body).toBe('moved');
    const error = await rejection(client.request({ method: 'GET', url: `${base}/away`, headers: { authorization: 'Bearer secret-token' } }));
    expect(error.kind).toBe('Redirect');
    expect(error.message).not.toContain('secret-token');
  });

  it('fails a response larger than the bound, declared or streamed', async () => {
    const base = await serve((request, response) => {
      if (request.url === '/declared') return response.writeHead(200, { 'content-length': '2000' }).end('x'.repeat(2000));
      response.writeHead(200);
      response.write('y'.repeat(600));
      response.end('y'.repeat(600));
    });
    expect((await rejection(client.request({ method: 'GET', url: `${base}/declared`, maxResponseBytes: 1000 }))).kind).toBe('TooLarge');
    expect((await rejection(client.request({ method: 'GET', url: `${base}/streamed`, maxResponseBytes: 1000 }))).kind).toBe('TooLarge');
  });

  it('times out a server that never answers, naming only the origin', async () => {
    const base = await serve(() => undefined);
    const error = await rejection(client.request({ method: 'GET', url: `${base}/secret-path?token=abc`, timeoutMs: 200 }));
    expect(error.kind).toBe('Timeout');
    expect(error.message).toBe(`${base}: no complete answer within 0.2 s`);
  });

  it('names a closed port as a network failure', async () => {
    const base = await closedPortUrl();
    const error = await rejection(client.request({ method: 'GET', url: `${base}/x` }));
    expect(error.kind).toBe('Network');
    expect(error.message).toBe(`${base}: ECONNREFUSED`);
  });

  it('names a port fetch refuses to call', async () => {
    const error = await rejection(client.request({ method: 'GET', url: 'http://127.0.0.1:6000/x' }));
    expect(error.kind).toBe('Network');
    expect(error.message).toBe('http://127.0.0.1:6000: the port is one fetch refuses to call (a blocked port)');
  });

  it('refuses URLs that are not http(s) or that carry credentials', async () => {
    expect((await rejection(client.request({ method: 'GET', url: 'file:///etc/passwd' }))).kind).toBe('InvalidUrl');
    expect((await rejection(client.request({ method: 'GET', url: 'not a url' }))).kind).toBe('InvalidUrl');
    const error = await rejection(client.request({ method: 'GET', url: 'http://user:pw@127.0.0.1:1/' }));
    expect(error.message).not.toContain('pw');
  });
});
