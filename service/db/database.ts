import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * The one database interface the service uses, with two implementations: PGlite (PostgreSQL
 * compiled to WASM, embedded, the default) and a real PostgreSQL server through `pg`. Queries
 * are plain parameterised SQL that both run unchanged.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[]; rowCount: number }>;
  /** Runs several statements (a migration file) at once, without parameters. */
  exec(sql: string): Promise<void>;
  /**
   * Adds one row whose last column is bytes (an evidence chunk) by each driver's fastest path
   * for large values: PGlite a binary COPY, PostgreSQL a binary parameter. Text and int4
   * columns before it. A duplicate key fails, as an INSERT without ON CONFLICT does.
   */
  insertBytes(table: string, columns: readonly string[], values: readonly [...(string | number)[], Buffer]): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const copySignature = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** PostgreSQL's binary COPY format for one row of text, int4 and bytea fields. */
export function binaryCopyRow(values: readonly (string | number | Buffer)[]): Blob {
  const header = Buffer.alloc(copySignature.length + 10);
  copySignature.copy(header);
  header.writeInt16BE(values.length, copySignature.length + 8);
  const parts: Buffer[] = [header];
  for (const value of values) {
    const bytes = Buffer.isBuffer(value) ? value : typeof value === 'number' ? Buffer.alloc(4) : Buffer.from(value, 'utf8');
    if (typeof value === 'number') bytes.writeInt32BE(value);
    const length = Buffer.alloc(4);
    length.writeInt32BE(bytes.length);
    parts.push(length, bytes);
  }
  parts.push(Buffer.from([0xff, 0xff]));
  return new Blob(parts);
}

function insertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
}

export async function openPglite(dataDir?: string): Promise<Database> {
  const db = await PGlite.create(dataDir);
  const run = async <T>(q: Pick<PGlite, 'query'>, sql: string, params?: unknown[]) => {
    const result = await q.query<T>(sql, params);
    // PGlite reports affectedRows 0 for a SELECT; pg's rowCount counts the rows returned.
    return { rows: result.rows, rowCount: result.rows.length > 0 ? result.rows.length : (result.affectedRows ?? 0) };
  };
  // A bytea parameter PGlite turns into text in JS, several times slower than COPY reads the
  // same bytes from its virtual /dev/blob (bench/sync-throughput.bench.ts).
  const copy = async (q: Pick<PGlite, 'query'>, table: string, columns: readonly string[], values: readonly (string | number | Buffer)[]) => {
    await q.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT binary)`, [], { blob: binaryCopyRow(values) });
  };
  return {
    kind: 'pglite',
    query: (sql, params) => run(db, sql, params),
    exec: async (sql) => {
      await db.exec(sql);
    },
    insertBytes: (table, columns, values) => copy(db, table, columns, values),
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: (sql, params) => run(tx, sql, params),
          exec: async (sql) => {
            await tx.exec(sql);
          },
          insertBytes: (table, columns, values) => copy(tx, table, columns, values),
        }),
      ),
    close: () => db.close(),
  };
}

// int8 (bigint, count(*)) comes back as a string from pg; the service keeps its counters in
// int4/int8 ranges that fit a JS number, so parse them as numbers like PGlite does.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export async function openPostgres(connectionString: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: 8 });
  // A connection that dies while idle must not crash the service.
  pool.on('error', () => undefined);
  const client = await pool.connect();
  client.release();
  const run = async <T>(q: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]) => {
    const result = await q.query(sql, params);
    return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
  };
  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    exec: async (sql) => {
      await pool.query(sql);
    },
    // pg sends a Buffer parameter in binary, as it is.
    insertBytes: async (table, columns, values) => {
      await pool.query(insertSql(table, columns), [...values]);
    },
    async transaction(fn) {
      const conn = await pool.connect();
      try {
        await conn.query('BEGIN');
        const value = await fn({
          query: (sql, params) => run(conn, sql, params),
          exec: async (sql) => {
            await conn.query(sql);
          },
          insertBytes: async (table, columns, values) => {
            await conn.query(insertSql(table, columns), [...values]);
          },
        });
        await conn.query('COMMIT');
        return value;
      } catch (error) {
        await conn.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        conn.release();
      }
    },
    close: () => pool.end(),
  };
}

/** `DATABASE_URL` set: PostgreSQL; otherwise PGlite (in memory, or in `dataDir` when given). */
export function openDatabase(options: { databaseUrl?: string; pgliteDir?: string }): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.pgliteDir);
}
