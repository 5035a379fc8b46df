import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A local stand-in for api.stripe.com: answers from a table of canned objects and records every request
// exactly as the SDK sent it (method, path with query, form body, the headers that matter).

export interface PinnedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: string;
  readonly idempotencyKey: string | undefined;
  readonly stripeVersion: string | undefined;
  readonly authorization: string | undefined;
}

export class FakeStripeApi {
  readonly requests: PinnedRequest[] = [];
  readonly #routes = new Map<string, () => { status: number; body: unknown }>();
  #server: http.Server | undefined;
  port = 0;

  /** `key` is "METHOD /v1/path" (without the query string). */
  on(key: string, answer: unknown, status = 200): this {
    this.#routes.set(key, () => ({ status, body: answer }));
    return this;
  }

  /** Fails the next `times` calls to `key` with a 500, then answers normally. */
  failFirst(key: string, times: number): this {
    const next = this.#routes.get(key);
    let left = times;
    this.#routes.set(key, () =>
      left-- > 0
        ? { status: 500, body: { error: { type: 'api_error', message: 'boom' } } }
        : (next?.() ?? { status: 404, body: {} }),
    );
    return this;
  }

  async start(): Promise<{ host: string; port: number; protocol: 'http' }> {
    this.#server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.requests.push({
          method: req.method ?? 'GET',
          path: decodeURIComponent(path),
          body: decodeURIComponent(body),
          idempotencyKey: req.headers['idempotency-key'] as string | undefined,
          stripeVersion: req.headers['stripe-version'] as string | undefined,
          authorization: req.headers.authorization,
        });
        const route = this.#routes.get(`${req.method} ${path.split('?')[0]}`);
        const answer = route
          ? route()
          : {
              status: 404,
              body: { error: { type: 'invalid_request_error', message: `No such object: ${path}` } },
            };
        res.writeHead(answer.status, { 'content-type': 'application/json', 'request-id': 'req_fake' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.#server.address() as AddressInfo).port;
    return { host: '127.0.0.1', port: this.port, protocol: 'http' };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }
}

/** A PaymentIntent expanded down to its balance transaction, as the SDK asks for it. */
export function paidIntent(
  id: string,
  o: {
    amount: number;
    currency: string;
    fee: number;
    charge: string;
    email?: string;
    metadata?: Record<string, string>;
  },
) {
  return {
    id,
    object: 'payment_intent',
    amount: o.amount,
    currency: o.currency,
    status: 'succeeded',
    metadata: o.metadata ?? {},
    receipt_email: o.email ?? null,
    latest_charge: {
      id: o.charge,
      object: 'charge',
      amount: o.amount,
      currency: o.currency,
      created: 1746757388,
      billing_details: { email: o.email ?? null, name: null },
      balance_transaction: {
        id: `txn_${o.charge.slice(3)}`,
        object: 'balance_transaction',
        amount: o.amount,
        fee: o.fee,
        net: o.amount - o.fee,
        currency: o.currency,
      },
    },
  };
}
