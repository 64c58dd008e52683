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
    return new PrismaClient({ adapter: new PrismaPg({ connectionString: url.toString(), options }, { schema }) });
  }
  const { PrismaClient } = require(".prisma/concierge-sqlite") as { PrismaClient: new (o: object) => Db };
  return new PrismaClient({ adapter: new SqliteWithBusyTimeout({ url: databaseUrl }) });
}

declare global {
  // Reused across dev-server reloads so connections are not leaked.
  var __conciergeDb: Db | undefined;
}

export const db: Db = globalThis.__conciergeDb ?? createDb(env.DATABASE_URL);
if (env.NODE_ENV !== "production") globalThis.__conciergeDb = db;

export default db;
