// One Prisma client for the process. DATABASE_URL picks the database: file: → SQLite
// through libSQL, postgres:// → PostgreSQL through node-postgres. Both clients are
// generated from the same model, so they share one type.
import { createRequire } from "node:module";
import type { PrismaClient as SqliteClient } from ".prisma/concierge-sqlite";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "./env.server";

export type Db = SqliteClient;

const require = createRequire(import.meta.url);

export function createDb(databaseUrl: string): Db {
  if (/^postgres(ql)?:/.test(databaseUrl)) {
    const { PrismaClient } = require(".prisma/concierge-pg") as { PrismaClient: new (o: object) => Db };
    const url = new URL(databaseUrl);
    const schema = url.searchParams.get("schema") ?? undefined;
    url.searchParams.delete("schema");
    return new PrismaClient({ adapter: new PrismaPg({ connectionString: url.toString() }, { schema }) });
  }
  const { PrismaClient } = require(".prisma/concierge-sqlite") as { PrismaClient: new (o: object) => Db };
  return new PrismaClient({ adapter: new PrismaLibSQL({ url: databaseUrl }) });
}

declare global {
  // Reused across dev-server reloads so connections are not leaked.
  var __conciergeDb: Db | undefined;
}

export const db: Db = globalThis.__conciergeDb ?? createDb(env.DATABASE_URL);
if (env.NODE_ENV !== "production") globalThis.__conciergeDb = db;

export default db;
