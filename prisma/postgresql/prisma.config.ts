// Prisma CLI config for PostgreSQL (production). The schema beside it is generated
// from prisma/schema.prisma by scripts/prisma.mjs; only the provider differs.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "./schema.prisma",
  async adapter() {
    const raw = process.env.DATABASE_URL ?? "";
    if (!/^postgres(ql)?:/.test(raw)) throw new Error("DATABASE_URL must be a postgres:// URL");
    const url = new URL(raw);
    const schema = url.searchParams.get("schema") ?? undefined;
    url.searchParams.delete("schema");
    return new PrismaPg({ connectionString: url.toString() }, { schema });
  },
});
