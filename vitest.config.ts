import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: [
      { find: /^nixmod$/, replacement: fileURLToPath(new URL("./lib/index.ts", import.meta.url)) },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/helpers/fast-check-seed.ts"],
    // Only a hang should time a test out: the command-line tests start node processes one after
    // another, which on a busy two-core machine took over 30 s.
    testTimeout: 120_000,
  },
});
