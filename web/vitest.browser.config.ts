import { defineConfig } from "vitest/config";

// Browser tests: playwright-core drives Debian's Chromium against a running platform
// (DESK_WEB_URL). One file at a time: they share the platform and the machine has two cores.
export default defineConfig({
  test: {
    include: ["browser-tests/**/*.spec.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
