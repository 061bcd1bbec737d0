/**
 * The `pg` driver's Connection, backed by an in-process PGlite instead of a socket.
 *
 * It replaces `createPgConfig` from `@electric-sql/pglite/node-postgres` (0.5.17), which
 * gives every `pg.Client` the same connection object. `pg.Pool.query` throws away its
 * client after any query error and makes a new one on that same object, while the old
 * client's Describe, Execute and Sync are still queued; the old client's 'end' then reaches
 * the new client, whose next query fails with "Connection terminated unexpectedly", and the
 * stale replies reach the next query ("Received unexpected rowDescription message") or crash
 * the process through an unhandled 'error' event. A Bind error was enough to start it:
 * `GET /api/records/%00` (U+0000 in a text parameter) took the embedded server down.
 *
 * Here each client gets its own connection, like a socket. They share one message queue per
 * PGlite, so a closed connection's queued messages still reach PGlite in order (the Sync
 * that ends its extended-query cycle among them), but their replies go nowhere. A connection
 * closed inside a transaction is rolled back, as PostgreSQL does when a client disconnects.
 */
import { EventEmitter } from 'node:events';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { serialize } from 'pg-protocol';

interface BackendMessage {
  name: string;
  /** ReadyForQuery's transaction status: I idle, T in a transaction, E in a failed one. */
  status?: string;
}

/** One PGlite backend: the queue its messages take, its transaction status and its prepared statements. */
class Backend {
  queue: Promise<unknown>;
  status = 'I';
  // Named prepared statements live in the backend session, which outlives every connection
  // object: a client must not Parse again a name an earlier client already prepared.
  parsedStatements: Record<string, string> = {};
  submittedNamedStatements: Record<string, unknown> = {};
  constructor(readonly pglite: PGlite) {
    this.queue = pglite.waitReady;
  }
}

export class PgliteConnection extends EventEmitter {
  /** Read by `pg.Client.end()`: a connection that never connected ends at once. */
  _connecting = false;
  /** `pg.Client` destroys the stream to end the connection. */
  readonly stream = { destroy: () => this.end() };
  /** `pg.Client` keeps its prepared-statement cache on the connection; here it is the backend's. */
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, unknown>;

  readonly #backend: Backend;
  #emitMessages = false;
  #ended = false;

  constructor(backend: Backend) {
    super();
    this.#backend = backend;
    this.parsedStatements = backend.parsedStatements;
    this.submittedNamedStatements = backend.submittedNamedStatements;
    this.on('newListener', (event) => {
      if (event === 'message') this.#emitMessages = true;
    });
  }

  connect(): void {
    this._connecting = true;
    this.#enqueue(async () => {
      if (!this.#ended) process.nextTick(() => this.emit('readyForQuery'));
    });
  }

  // A socket handshake has nothing to do in process.
  requestSsl(): void {}
  startup(): void {}
  cancel(): void {}
  password(): void {}
  ref(): void {}
  unref(): void {}

  query(text: string): void {
    this.#send(serialize.query(text));
  }
  parse(opts: Parameters<typeof serialize.parse>[0]): void {
    this.#send(serialize.parse(opts));
  }
  bind(opts: Parameters<typeof serialize.bind>[0]): void {
    this.#send(serialize.bind(opts));
  }
  describe(opts: Parameters<typeof serialize.describe>[0]): void {
    this.#send(serialize.describe(opts));
  }
  execute(opts: Parameters<typeof serialize.execute>[0]): void {
    this.#send(serialize.execute(opts));
  }
  close(opts: Parameters<typeof serialize.close>[0]): void {
    this.#send(serialize.close(opts));
  }
  flush(): void {
    this.#send(serialize.flush());
  }
  sync(): void {
    this.#send(serialize.sync());
  }
  sendCopyFromChunk(chunk: Buffer): void {
    this.#send(serialize.copyData(chunk));
  }
  endCopyFrom(): void {
    this.#send(serialize.copyDone());
  }
  sendCopyFail(message: string): void {
    this.#send(serialize.copyFail(message));
  }

  /** Close: after the messages already queued, roll back an open transaction and emit 'end'. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#enqueue(async () => {
      if (this.#backend.status !== 'I') await this.#exec(serialize.query('ROLLBACK'));
      this.emit('end');
    });
  }

  #send(message: Uint8Array): void {
    if (this.#ended) return;
    this.#enqueue(async () => {
      const replies = await this.#exec(message);
      if (this.#ended) return;
      for (const reply of replies) {
        if (this.#emitMessages) this.emit('message', reply);
        this.emit(reply.name === 'error' ? 'errorMessage' : reply.name, reply);
      }
    });
  }

  async #exec(message: Uint8Array): Promise<BackendMessage[]> {
    const replies = (await this.#backend.pglite.execProtocolStream(message, { throwOnError: false })) as BackendMessage[];
    for (const reply of replies) if (reply.name === 'readyForQuery' && reply.status) this.#backend.status = reply.status;
    return replies;
  }

  #enqueue(step: () => Promise<void>): void {
    this.#backend.queue = this.#backend.queue.then(step).catch((err: unknown) => {
      if (!this.#ended) this.emit('error', err);
    });
  }
}

/** The `pg.Pool` options that give each pool client its own PgliteConnection on `pglite`. */
export function pgliteConfig(pglite: PGlite): pg.PoolConfig {
  const backend = new Backend(pglite);
  class PgliteClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connection: new PgliteConnection(backend) } as pg.ClientConfig);
    }
  }
  // One backend runs one transaction at a time: the pool holds one client.
  return { Client: PgliteClient, max: 1, user: 'postgres', password: 'dummy', database: 'postgres', host: 'localhost', port: 5432 };
}
