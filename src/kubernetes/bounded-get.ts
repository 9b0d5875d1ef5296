import http from 'node:http';
import https from 'node:https';

export interface BoundedResponse {
  readonly status: number;
  readonly body: Buffer;
}

export interface BoundedGetOptions {
  readonly agent: http.Agent;
  readonly headers: Record<string, string>;
  readonly signal: AbortSignal;
  readonly maxBytes: number;
}

export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';

  constructor(readonly maxBytes: number) {
    super(`response is larger than ${maxBytes} bytes`);
  }
}

/** A GET that reads at most `maxBytes` of body and stops as soon as the signal aborts. */
export function boundedGet(url: URL, options: BoundedGetOptions): Promise<BoundedResponse> {
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: 'GET',
        agent: options.agent,
        headers: { ...options.headers, Accept: 'application/json' },
        signal: options.signal,
      },
      (response) => {
        const declared = Number(response.headers['content-length'] ?? 0);
        if (declared > options.maxBytes) {
          request.destroy(new ResponseTooLargeError(options.maxBytes));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            request.destroy(new ResponseTooLargeError(options.maxBytes));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });
}
