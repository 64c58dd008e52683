// Three projects: "sqlite" runs every unit and integration test; "postgres" runs the tests
// that touch the database (*.db.test.ts) again against PostgreSQL; "e2e" drives a real
// sandbox with Chromium. Each worker gets its own database
// (a SQLite file or a PostgreSQL schema) and its own BullMQ prefix.
import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const alias = { "~": fileURLToPath(new URL("./app", import.meta.url)) };
const shared = {
  globalSetup: ["test/global-setup.ts"],
  setupFiles: ["test/setup-env.ts"],
  testTimeout: 20_000,
  hookTimeout: 30_000,
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { ...shared, name: "sqlite", include: ["app/**/*.test.{ts,tsx}", "sandbox/**/*.test.{ts,tsx}", "scripts/**/*.test.{ts,mjs}"], env: { TEST_DB: "sqlite" } },
      },
      {
        resolve: { alias },
        test: { ...shared, name: "postgres", include: ["app/**/*.db.test.{ts,tsx}"], env: { TEST_DB: "postgres" } },
      },
      {
        // Browser journeys against a real `npm run sandbox`, one file at a time.
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["e2e/**/*.e2e.ts"],
          globalSetup: ["e2e/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
