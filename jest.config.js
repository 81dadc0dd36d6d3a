/** @type {import('jest').Config} */
export default {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { useESM: true, diagnostics: false }] },
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // A watchdog against hangs, not a speed limit: end-to-end tests run the real server against a
  // stand-in that validates every request against GitHub's published schemas, and a file's first
  // event also loads them; generous so a busy 2-core machine passes.
  testTimeout: 30_000,
  // `npm run coverage`: every module under src/ is listed, tested or not, so untested files show.
  collectCoverageFrom: ["src/**/*.ts"],
  coverageReporters: ["text-summary", "html"],
  // The end-to-end figures: what the e2e and property tests did, printed at the end of a run.
  globalSetup: "<rootDir>/test/figures/global-setup.js",
  globalTeardown: "<rootDir>/test/figures/global-teardown.js",
};
