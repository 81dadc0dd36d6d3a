/** @type {import('jest').Config} */
export default {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { useESM: true, diagnostics: false }] },
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // End-to-end tests run the real server against a stand-in that validates and executes every
  // request against GitHub's published schemas; a file's first event also loads them. On a busy
  // two-core machine that exceeds jest's default 5 s. A limit on hanging, not a speed assertion.
  testTimeout: 30_000,
  // The end-to-end figures: what the e2e and property tests did, printed at the end of a run.
  globalSetup: "<rootDir>/test/figures/global-setup.js",
  globalTeardown: "<rootDir>/test/figures/global-teardown.js",
};
