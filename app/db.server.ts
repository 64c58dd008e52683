// One Prisma client for the process. DATABASE_URL picks the database: file: → SQLite
// through libSQL, postgres:// → PostgreSQL through node-postgres. Both clients are
// generated from the same model, so they share one type.
import { createRequire } from "node:module";
import type { PrismaClient as SqliteClient } from ".prisma/concierge-sqlite";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { createClient, type Client, type Config } from "@libsql/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "./env.server";

export type Db = SqliteClient;

const require = createRequire(import.meta.url);

/** How long a SQLite write waits for another process (web vs worker) to finish its own. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * libSQL opens a fresh connection after every interactive transaction, and its connections
 * have no busy timeout: with web and worker writing one file, a write would fail at once
 * with SQLITE_BUSY. This sets the timeout (and WAL-appropriate syncing) on each connection
 * before its first statement.
 */
class SqliteWithBusyTimeout extends PrismaLibSQL {
  override createClient(config: Config): Client {
    const client = createClient(config);
    let freshConnection = true;
    // The statement runs synchronously inside execute(), so later calls see it applied.
    const prime = () => {
      if (!freshConnection) return;
      freshConnection = false;
      void client.execute(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      // With WAL, NORMAL syncs at checkpoints instead of every commit: no corruption risk,
      // and each write no longer blocks the event loop on an fsync.
      void client.execute("PRAGMA synchronous = NORMAL");
    };
    return new Proxy(client, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        if (prop === "transaction")
          return async (...args: unknown[]) => {
            prime();
            const tx = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            freshConnection = true; // libSQL hands this connection to the transaction
            return tx;
          };
        if (prop === "execute" || prop === "batch" || prop === "executeMultiple")
          return (...args: unknown[]) => {
            prime();
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        return value.bind(target);
      },
    });
  }
}

export function createDb(databaseUrl: string): Db {
  if (/^postgres(ql)?:/.test(databaseUrl)) {
    const { PrismaClient } = require(".prisma/concierge-pg") as { PrismaClient: new (o: object) => Db };
    const url = new URL(databaseUrl);
    const schema = url.searchParams.get("schema") ?? undefined;
    url.searchParams.delete("schema");
    if (schema && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw new Error(`DATABASE_URL schema "${schema}" must be a plain identifier`);
    // Prisma qualifies its own queries with the schema; the search path does it for raw SQL.
    const options = schema ? `-c search_path=${schema}` : undefined;
    return withDirectSql(PrismaClient, new PrismaPg({ connectionString: url.toString(), options }, { schema }));
  }
  const { PrismaClient } = require(".prisma/concierge-sqlite") as { PrismaClient: new (o: object) => Db };
  return withDirectSql(PrismaClient, new SqliteWithBusyTimeout({ url: databaseUrl }));
}

// Direct SQL: the storefront's hottest statements (every survey step and impression) go to
// the same driver adapter Prisma uses, without Prisma's per-statement query compilation,
// which costs more CPU than the statement itself (~0.25 ms of ~0.45 ms on PostgreSQL; the
// ARCHITECTURE §7 budget is 200 req/s on 2 cores). Values are always bound parameters; the
// adapter converts them (dates included) exactly as it does for Prisma. Not for use inside
// a Prisma transaction, and only for a handful of statements written to run on both databases.

export type SqlValue = string | number | boolean | Date | null;
type SqlArgType = { scalarType: "string" | "int" | "float" | "boolean" | "datetime"; arity: "scalar" };
type SqlQuery = { sql: string; args: SqlValue[]; argTypes: SqlArgType[] };
type DriverAdapter = {
  provider: string;
  queryRaw(query: SqlQuery): Promise<{ columnNames: string[]; rows: unknown[][] }>;
  executeRaw(query: SqlQuery): Promise<number>;
  dispose(): Promise<void>;
};
type AdapterFactory = { connect(): Promise<DriverAdapter> };

const adapterFactories = new WeakMap<Db, AdapterFactory>();
const directAdapters = new WeakMap<Db, Promise<DriverAdapter>>();

function withDirectSql(PrismaClient: new (o: object) => Db, adapter: object): Db {
  const client = new PrismaClient({ adapter });
  adapterFactories.set(client, adapter as unknown as AdapterFactory);
  const disconnect = client.$disconnect.bind(client);
  // Closing the client closes the direct connection too.
  client.$disconnect = async () => {
    const direct = directAdapters.get(client);
    directAdapters.delete(client);
    await Promise.all([disconnect(), direct?.then((d) => d.dispose(), () => {})]);
  };
  return client;
}

function argType(value: SqlValue): SqlArgType {
  if (value instanceof Date) return { scalarType: "datetime", arity: "scalar" };
  if (typeof value === "boolean") return { scalarType: "boolean", arity: "scalar" };
  if (typeof value === "number") return { scalarType: Number.isInteger(value) ? "int" : "float", arity: "scalar" };
  return { scalarType: "string", arity: "scalar" };
}

function statement(provider: string, strings: TemplateStringsArray, values: SqlValue[]): SqlQuery {
  const placeholder = provider === "postgres" ? (i: number) => `$${i + 1}` : () => "?";
  const sql = strings.reduce((text, part, i) => text + part + (i < values.length ? placeholder(i) : ""), "");
  return { sql, args: values, argTypes: values.map(argType) };
}

function directAdapter(db: Db): Promise<DriverAdapter> {
  let adapter = directAdapters.get(db);
  if (!adapter) {
    const factory = adapterFactories.get(db);
    if (!factory) throw new Error("directSql needs a client made by createDb");
    adapter = factory.connect();
    directAdapters.set(db, adapter);
  }
  return adapter;
}

/** `query` and `execute` tagged templates: every `${value}` becomes a bound parameter. */
export function directSql(db: Db) {
  return {
    async query<Row extends Record<string, unknown>>(strings: TemplateStringsArray, ...values: SqlValue[]): Promise<Row[]> {
      const adapter = await directAdapter(db);
      const { columnNames, rows } = await adapter.queryRaw(statement(adapter.provider, strings, values));
      return rows.map((row) => Object.fromEntries(columnNames.map((name, i) => [name, row[i]])) as Row);
    },
    async execute(strings: TemplateStringsArray, ...values: SqlValue[]): Promise<number> {
      const adapter = await directAdapter(db);
      return adapter.executeRaw(statement(adapter.provider, strings, values));
    },
  };
}

declare global {
  // Reused across dev-server reloads so connections are not leaked.
  var __conciergeDb: Db | undefined;
}

export const db: Db = globalThis.__conciergeDb ?? createDb(env.DATABASE_URL);
if (env.NODE_ENV !== "production") globalThis.__conciergeDb = db;

export default db;
