import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The status it was answered with (unset while held). */
  status?: number;
}

/** What the receiver does with the next request: answer with a status, or hold it until the test lets it go. */
export type Answer = number | { hold: Promise<number> };

/**
 * A notification receiver on 127.0.0.1 (port 0): records every request, answers from a script of answers (then
 * 200). `held` resolves when a request is being held, so a test can act while the hub waits for the answer.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly script: Answer[] = [];
  private server?: http.Server;
  private heldListeners: (() => void)[] = [];
  private holding = 0;
  /** The answer once the script is used up. */
  defaultStatus = 200;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const received: ReceivedRequest = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.requests.push(received);
        const answer = this.script.shift() ?? this.defaultStatus;
        const reply = (status: number) => {
          received.status = status;
          response.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
        };
        if (typeof answer === 'number') return reply(answer);
        this.holding++;
        for (const listener of this.heldListeners.splice(0)) listener();
        void answer.hold.then((status) => {
          this.holding--;
          reply(status);
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next requests get these answers, in order. */
  answer(...answers: Answer[]): void {
    this.script.push(...answers);
  }

  /** Resolves when a request is being held (at once if one is). */
  held(): Promise<void> {
    return this.holding > 0 ? Promise.resolve() : new Promise((resolve) => this.heldListeners.push(resolve));
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
