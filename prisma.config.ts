// Prisma CLI config for SQLite (the default). Prisma 6.19 with the JS engine runs
// migrations through the driver adapter, so nothing is downloaded.
import { defineConfig } from "prisma/config";
import { PrismaLibSQL } from "@prisma/adapter-libsql";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    const url = process.env.DATABASE_URL?.startsWith("file:")
      ? process.env.DATABASE_URL
      : "file:./prisma/dev.sqlite";
    return new PrismaLibSQL({ url });
  },
});
