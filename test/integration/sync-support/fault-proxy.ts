import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does to one request on its way from the station to the service. */
export type Fault =
  | { kind: 'pass' }
  | { kind: 'delay'; ms: number }
  /** Holds the request until `until` resolves, then forwards it (a slow upload the test ends). */
  | { kind: 'hold'; until: Promise<void> }
  | { kind: 'status'; status: 400 | 500 | 502 | 503 }
  /** Reads part of the request, then drops the connection: the service never sees it. */
  | { kind: 'drop-request' }
  /** Forwards the request and lets the service answer, then drops the connection: applied, but the station never hears it. */
  | { kind: 'drop-response' }
  /** Forwards only the first half of the body, then cuts both sides (a blob chunk cut half-way). */
  | { kind: 'cut-body' };

export interface ProxiedRequest {
  index: number;
  method: string;
  url: string;
}

/** A seeded PRNG, so that a failing fault sequence can be replayed. */
export { seededRandom } from '../../support/seeded-random';

/**
 * An HTTP proxy of our own between station and service on loopback, which applies a fault
 * chosen per request by `plan`. It records what it did, so tests can say which faults ran.
 */
export class FaultProxy {
  readonly applied: { request: ProxiedRequest; fault: Fault['kind'] }[] = [];
  /** Body bytes that arrived for blob chunk and one-request content uploads, complete or not (for re-send figures). */
  chunkBytesIn = 0;
  /** Called when a request starts, before its body arrives (e.g. to kill the station then). */
  onRequest: ((request: ProxiedRequest) => void) | null = null;
  /**
   * Called as body bytes of a chunk upload arrive; answering true cuts the request there, as a
   * station killed half-way through a chunk would (e.g. together with killing the station).
   */
  onChunkBytes: ((request: ProxiedRequest, bytesSoFar: number) => boolean) | null = null;
  private server: http.Server | null = null;
  private count = 0;
  private readonly upstream: URL;
  private readonly agent = new http.Agent({ keepAlive: true });

  constructor(
    upstream: string,
    public plan: (request: ProxiedRequest) => Fault = () => ({ kind: 'pass' }),
  ) {
    this.upstream = new URL(upstream);
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const request = { index: this.count++, method: req.method ?? 'GET', url: req.url ?? '/' };
    const fault = this.plan(request);
    this.applied.push({ request, fault: fault.kind });
    this.onRequest?.(request);
    const chunks: Buffer[] = [];
    const isChunk = /\/(chunks\/\d+|content)(\?|$)/.test(request.url);
    let bytesSoFar = 0;
    let cut = false;
    req.on('data', (c: Buffer) => {
      if (cut) return;
      chunks.push(c);
      if (!isChunk) return;
      this.chunkBytesIn += c.length;
      bytesSoFar += c.length;
      if (this.onChunkBytes?.(request, bytesSoFar)) {
        cut = true;
        req.socket.destroy();
      }
    });
    req.on('error', () => undefined);
    if (fault.kind === 'drop-request') {
      req.once('data', () => req.socket.destroy());
      req.once('end', () => req.socket.destroy());
      return;
    }
    req.on('end', () => {
      if (cut) return;
      const body = Buffer.concat(chunks);
      if (fault.kind === 'status') {
        res.writeHead(fault.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'proxy_fault', message: `injected ${fault.status}` } }));
        return;
      }
      const forward = () => this.forward(req, res, body, fault);
      if (fault.kind === 'delay') setTimeout(forward, fault.ms);
      else if (fault.kind === 'hold') void fault.until.then(forward);
      else forward();
    });
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, fault: Fault): void {
    const headers = { ...req.headers, host: this.upstream.host };
    const up = http.request(new URL(req.url ?? '/', this.upstream), { method: req.method, headers, agent: fault.kind === 'cut-body' ? false : this.agent }, (upRes) => {
      const out: Buffer[] = [];
      upRes.on('data', (c: Buffer) => out.push(c));
      upRes.on('end', () => {
        if (fault.kind === 'drop-response') {
          req.socket.destroy();
          return;
        }
        res.writeHead(upRes.statusCode ?? 502, upRes.headers).end(Buffer.concat(out));
      });
    });
    up.on('error', () => req.socket.destroy());
    if (fault.kind === 'cut-body') {
      // Send half, then cut both connections: the service sees a request that never completes.
      up.write(body.subarray(0, Math.floor(body.length / 2)), () => {
        setTimeout(() => {
          up.destroy();
          req.socket.destroy();
        }, 20);
      });
      return;
    }
    up.end(body);
  }
}
