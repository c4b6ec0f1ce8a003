import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "~": path.resolve("app"), "#db": path.resolve("db") };

export default defineConfig({
  resolve: { alias },
  test: {
    // Two cores here: two workers keep the machine busy without thrashing; each test file owns one database.
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["app/**/*.test.ts", "server/**/*.test.ts", "scripts/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/setup/global-setup.ts"],
          setupFiles: ["test/setup/worker-db.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
