import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import type { z } from 'zod';
import { ApiError } from '../contract/service-api';
import { signRequest, type StationIdentity } from './station-key';

/** The service answered with an error status; `code` is the service's stable error code. */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }

  /** 5xx, 408 and 429 are worth retrying; any other 4xx will fail the same way again. */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 408 || this.status === 429;
  }
}

/** No usable answer: connection refused or cut, timeout, TLS failure, or a body that breaks the protocol. */
export class NetworkError extends Error {
  constructor(
    readonly code: 'connect' | 'timeout' | 'tls' | 'pin' | 'protocol' | 'cut',
    message: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

export interface ServiceClientOptions {
  baseUrl: string;
  /** SHA-256 of the service's certificate (hex, colons allowed); the station talks to no other. */
  pinnedCertSha256?: string | null;
  /** Extra trusted CA certificates (PEM), e.g. a test service's self-signed certificate. */
  ca?: string;
  timeoutMs?: number;
  /** Largest answer taken (default 32 MiB, twice the largest the contract allows): a bigger one is cut, not buffered. */
  maxResponseBytes?: number;
}

/** Per request: whose signature (default: the client's identity, if any), how long to wait, and when to give up. */
export interface RequestOptions {
  identity?: StationIdentity | null;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The body gzip-compressed when that is worth it, else null; sent with content-encoding gzip and signed as sent. */
  compress?: (body: Buffer) => Buffer | null;
  /** Told the bytes put on the wire before sending; the function it returns is called when the answer has arrived. */
  measure?: (wireBytes: number) => () => void;
}

export function normalizeFingerprint(value: string): string {
  return value.replace(/:/g, '').toUpperCase();
}

/**
 * The station's HTTP client for the bonus service: keep-alive, a timeout on every request,
 * TLS pinning when configured, Ed25519 request signatures, and validation of every answer
 * against the wire contract's schema.
 */
export class ServiceClient {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly timeoutMs: number;
  private readonly inFlight = new Set<http.ClientRequest>();

  constructor(
    private readonly options: ServiceClientOptions,
    private identity: StationIdentity | null = null,
  ) {
    this.base = new URL(options.baseUrl);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    const pinned = options.pinnedCertSha256 ? normalizeFingerprint(options.pinnedCertSha256) : null;
    if (this.base.protocol === 'https:') {
      this.agent = new https.Agent({
        keepAlive: true,
        maxSockets: 6,
        ...(options.ca ? { ca: options.ca } : {}),
        checkServerIdentity: (host: string, cert: PeerCertificate) => {
          const hostProblem = checkServerIdentity(host, cert);
          if (hostProblem) return hostProblem;
          if (pinned && normalizeFingerprint(cert.fingerprint256) !== pinned) return new Error('certificate does not match the pinned fingerprint');
          return undefined;
        },
      });
    } else {
      if (pinned) throw new Error('A pinned certificate needs an https service URL');
      this.agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
    }
  }

  setIdentity(identity: StationIdentity): void {
    this.identity = identity;
  }

  close(): void {
    this.agent.destroy();
  }

  /** Ends every request in flight (the station is shutting down); each fails as a cut connection. */
  abortAll(): void {
    for (const req of this.inFlight) req.destroy(new NetworkError('cut', 'The request was aborted'));
  }

  /**
   * A JSON request to a path as given; a client with an identity signs it. The station's code
   * calls endpoints through ServiceApi (service-api-client.ts), which builds the path from the contract.
   */
  async json<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown, extraHeaders: Record<string, string> = {}, options: RequestOptions = {}): Promise<z.output<S>> {
    const bytes = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body));
    return this.send(method, path, schema, bytes, body === undefined ? undefined : 'application/json', extraHeaders, options);
  }

  async bytes<S extends z.ZodType>(method: string, path: string, schema: S, data: Buffer, options: RequestOptions = {}): Promise<z.output<S>> {
    return this.send(method, path, schema, data, 'application/octet-stream', {}, options);
  }

  private async send<S extends z.ZodType>(method: string, path: string, schema: S, body: Buffer, contentType: string | undefined, extraHeaders: Record<string, string>, options: RequestOptions): Promise<z.output<S>> {
    const url = new URL(path, this.base);
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
    if (contentType) headers['content-type'] = contentType;
    const compressed = body.length > 0 ? (options.compress?.(body) ?? null) : null;
    if (compressed) headers['content-encoding'] = 'gzip';
    const wire = compressed ?? body;
    headers['content-length'] = String(wire.length);
    const identity = options.identity === undefined ? this.identity : options.identity;
    if (identity) Object.assign(headers, signRequest(identity, { method, path: url.pathname + url.search, contentSha256: createHash('sha256').update(wire).digest('hex') }));
    const answered = options.measure?.(wire.length);
    const { status, text } = await this.roundTrip(url, method, headers, wire, options);
    answered?.();
    let parsed: unknown;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      throw status >= 400 ? new ServiceError(status, 'http_error', `HTTP ${status}`) : new NetworkError('protocol', `The service answered ${status} without valid JSON`);
    }
    if (status >= 400) {
      const error = ApiError.safeParse(parsed);
      throw error.success ? new ServiceError(status, error.data.error.code, error.data.error.message) : new ServiceError(status, 'http_error', `HTTP ${status}`);
    }
    const result = schema.safeParse(parsed);
    if (!result.success) throw new NetworkError('protocol', `The service's answer to ${method} ${url.pathname} does not match the contract`);
    return result.data;
  }

  private roundTrip(url: URL, method: string, headers: Record<string, string>, body: Buffer, options: RequestOptions): Promise<{ status: number; text: string }> {
    const lib = url.protocol === 'https:' ? https : http;
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const maxBytes = this.options.maxResponseBytes ?? 32 * 1024 * 1024;
    return new Promise((resolve, reject) => {
      if (options.signal?.aborted) return reject(new NetworkError('cut', 'The request was aborted'));
      const req = lib.request(url, { method, headers, agent: this.agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        let received = 0;
        const tooLarge = () => req.destroy(new NetworkError('protocol', `The service's answer is larger than ${maxBytes} bytes`));
        if (Number(res.headers['content-length'] ?? 0) > maxBytes) return tooLarge();
        res.on('data', (c: Buffer) => {
          received += c.length;
          if (received > maxBytes) return tooLarge();
          chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('aborted', () => reject(new NetworkError('cut', 'The connection broke during the answer')));
        res.on('error', () => reject(new NetworkError('cut', 'The connection broke during the answer')));
      });
      this.inFlight.add(req);
      const abort = () => req.destroy(new NetworkError('cut', 'The request was aborted'));
      options.signal?.addEventListener('abort', abort, { once: true });
      req.on('close', () => {
        this.inFlight.delete(req);
        options.signal?.removeEventListener('abort', abort);
      });
      req.on('timeout', () => req.destroy(new NetworkError('timeout', `No answer within ${timeoutMs} ms`)));
      req.on('error', (error: Error & { code?: string }) => {
        if (error instanceof NetworkError) return reject(error);
        if (/certificate|pinned|self.signed|CERT|TLS|SSL/i.test(`${error.code ?? ''} ${error.message}`)) {
          return reject(new NetworkError(/pinned/.test(error.message) ? 'pin' : 'tls', 'The service certificate is not the trusted one'));
        }
        if (error.code === 'ECONNREFUSED' || error.code === 'ENOTFOUND' || error.code === 'EHOSTUNREACH') return reject(new NetworkError('connect', 'The service cannot be reached'));
        reject(new NetworkError('cut', 'The connection broke during the request'));
      });
      req.end(body);
    });
  }
}
