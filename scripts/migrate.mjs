// Applies prisma/migrations (SQLite) or prisma/postgresql/migrations (PostgreSQL) to a database.
//
// Why not `prisma migrate deploy`: offline, Prisma 6.19 can only migrate through a driver
// adapter, and @prisma/adapter-pg cannot read PostgreSQL's `name` type, so the WASM schema
// engine fails on PostgreSQL (prisma/orm#27403). This runner applies the same migration.sql
// files and keeps Prisma's `_prisma_migrations` ledger (same columns and checksums), so
// `prisma migrate status` and `migrate deploy` elsewhere agree with it.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;

export function isPostgresUrl(url) {
  return /^postgres(ql)?:/.test(url ?? "");
}

function migrationsDir(url) {
  return join(root, isPostgresUrl(url) ? "prisma/postgresql/migrations" : "prisma/migrations");
}

export function listMigrations(url) {
  const dir = migrationsDir(url);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const LEDGER_SQLITE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;
const LEDGER_PG = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

/** Splits a Postgres URL's `?schema=` (Prisma's convention) from the connection string. */
export function parsePostgresUrl(raw) {
  const url = new URL(raw);
  const schema = url.searchParams.get("schema") ?? "public";
  url.searchParams.delete("schema");
  return { connectionString: url.toString(), schema };
}

async function openPostgres(raw) {
  const { default: pg } = await import("pg");
  const { connectionString, schema } = parsePostgresUrl(raw);
  const client = new pg.Client({ connectionString });
  await client.connect();
  await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, "")}"`);
  await client.query(`SET search_path TO "${schema.replace(/"/g, "")}"`);
  return {
    exec: (sql) => client.query(sql),
    rows: async (sql, params) => (await client.query(sql, params)).rows,
    ledger: LEDGER_PG,
    param: (i) => `$${i}`,
    close: () => client.end(),
  };
}

async function openSqlite(url) {
  const { createClient } = await import("@libsql/client");
  const client = createClient({ url });
  // WAL lets the web and worker processes read while the other writes; it is stored in the file.
  await client.execute("PRAGMA journal_mode = WAL");
  return {
    exec: (sql) => client.executeMultiple(sql),
    rows: async (sql, params) => (await client.execute({ sql, args: params ?? [] })).rows,
    ledger: LEDGER_SQLITE,
    param: () => "?",
    close: () => client.close(),
  };
}

/** Applies pending migrations; returns the names applied. Refuses if an applied one was edited. */
export async function applyMigrations(url, { log = () => {} } = {}) {
  const db = isPostgresUrl(url) ? await openPostgres(url) : await openSqlite(url);
  try {
    await db.exec(db.ledger);
    const applied = new Map(
      (await db.rows(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`)).map(
        (r) => [r.migration_name, r.checksum],
      ),
    );
    const done = [];
    for (const m of listMigrations(url)) {
      if (applied.has(m.name)) {
        if (applied.get(m.name) !== m.checksum) throw new Error(`migration ${m.name} was edited after it was applied`);
        continue;
      }
      await db.exec(`BEGIN;\n${m.sql}\nCOMMIT;`).catch(async (err) => {
        await db.exec("ROLLBACK").catch(() => {});
        throw new Error(`migration ${m.name} failed: ${err.message}`);
      });
      const p = db.param;
      await db.rows(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES (${p(1)}, ${p(2)}, ${p(3)}, CURRENT_TIMESTAMP, 1)`,
        [randomUUID(), m.checksum, m.name],
      );
      log(`applied ${m.name}`);
      done.push(m.name);
    }
    return done;
  } finally {
    await db.close();
  }
}
