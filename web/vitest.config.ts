import { defineConfig } from "vitest/config";

// Unit tests: pure functions and the message catalogue, in Node.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
