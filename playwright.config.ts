import { defineConfig } from "@playwright/test";
import { foundChromium } from "./scripts/find-chromium.js";

const PORT = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "test/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Every page is checked with axe three times (desktop, 320 and 375 px); the longest journeys visit a dozen
  // pages, which takes over a minute on a busy two-core machine.
  timeout: 90_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    // Playwright cannot download its own browser here: `npm test`'s pretest (scripts/find-chromium.js) finds or
    // installs a Chromium and records where.
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || foundChromium() || "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    // A fresh PGlite folder each run, so demo accounts start unlocked and the demo data is known.
    command: `rm -rf .cache/e2e-data && tsx server/main.ts`,
    url: `http://localhost:${PORT}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: { PORT: String(PORT), PHB_DATA_DIR: ".cache/e2e-data", DATABASE_URL: "", NODE_ENV: "development", LOG_LEVEL: "warn" },
  },
});
