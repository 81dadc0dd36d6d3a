// `npm run mutate`: mutation testing of the pure core (matching, policy, evaluation, approvals,
// sanitizing) with Stryker's jest runner. A surviving mutant is a missing test row: a change to the
// code that no test notices. Only the unit tests of that core run (no HTTP, no stand-in), so a full
// run stays minutes long; one module at a time while working on it:
//   npm run mutate -- --mutate src/match/domains.ts
// Globs, not file lists, so new modules and new test files under these folders are picked up.
import { fileURLToPath } from "node:url";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "jest",
  // Jest runs the TypeScript sources as native ES modules (ts-jest with useESM).
  testRunnerNodeArgs: ["--experimental-vm-modules"],
  mutate: [
    "src/match/**/*.ts",
    // Generated lookup tables (scripts/gen-data.mjs writes them from unhomoglyph's copy of Unicode's
    // confusables and from email-providers): data, not logic. Each entry would be a mutant (6,700 of
    // them) costing a run of the related suite; the code that reads the tables is mutated, and
    // test/generated-data.test.ts checks the tables against the packages they come from.
    "!src/match/confusables.generated.ts",
    "src/evaluate.ts",
    "src/policy/**/*.ts",
    // Writes the JSON Schema file: a build script, not part of the core's behaviour.
    "!src/policy/write-schema.ts",
    "!src/policy/mail-providers.generated.ts",
    "src/approvals.ts",
    "src/render/sanitize.ts",
  ],
  jest: {
    projectType: "custom",
    configFile: "jest.config.js",
    config: {
      // src/ as a root too: --findRelatedTests follows imports only through files under the roots,
      // and Stryker adds just the mutated file's folder. Without this a mutant in src/match/ ran only
      // the tests importing src/match/ directly, not those reaching it through src/evaluate.ts, and
      // survived tests that would have killed it.
      roots: ["<rootDir>/test", "<rootDir>/src"],
      testMatch: [
        "<rootDir>/test/match/**/*.test.ts",
        "<rootDir>/test/policy/**/*.test.ts",
        "<rootDir>/test/evaluate*.test.ts",
        "<rootDir>/test/unchecked-commits.test.ts",
        // The labelled matching corpus: 370 table rows through parse → compile → evaluate.
        "<rootDir>/test/matching-corpus.test.ts",
        "<rootDir>/test/approvals.test.ts",
        "<rootDir>/test/render/sanitize.test.ts",
      ],
      // Table tests kill mutants; the hostile-input and generated-input suites guard against
      // crashes and blow-ups at a cost of seconds to minutes per run, too much to repeat per mutant.
      testPathIgnorePatterns: [
        "/node_modules/",
        "<rootDir>/test/policy/hostile.test.ts",
        "<rootDir>/test/evaluate-properties.test.ts",
      ],
      // Loads only the related test files that hold a test covering the mutant (scripts/stryker/:
      // same tests, same results, a fraction of the files to load).
      setupFilesAfterEnv: ["<rootDir>/test/setup.ts", "<rootDir>/scripts/stryker/record-tests.mjs"],
      testSequencer: "<rootDir>/scripts/stryker/test-sequencer.mjs",
      // A mutant's run stops at its first failing test: the tests after it in that file are skipped
      // (the environment) and the related files not yet loaded are not loaded (the runner). Jest's
      // own `bail` is not available through runCLI, which is how Stryker drives jest. An absolute
      // path for the environment: Stryker loads it itself, before jest resolves <rootDir>.
      testEnvironment: fileURLToPath(new URL("./scripts/stryker/bail-environment.cjs", import.meta.url)),
      runner: "<rootDir>/scripts/stryker/bail-runner.cjs",
      // The end-of-run figures belong to `npm test`, not to each of Stryker's many runs. null, not
      // undefined: Stryker passes this object on as JSON, which drops an undefined key, so jest
      // kept the teardown, whose failing corpus figures made every mutant the corpus killed cost a
      // restart of the test runner process.
      globalSetup: null,
      globalTeardown: null,
    },
    // Only the test files that import the mutated file (jest --findRelatedTests) load per mutant.
    enableFindRelatedTests: true,
  },
  coverageAnalysis: "perTest",
  // A static mutant changes code that runs when a module loads (a table, a regular expression, the
  // zod schema in policy/schema.ts: 219 of its 259 mutants), not inside a test, so Stryker cannot
  // tell which tests cover it and reruns every related test file with a fresh module registry:
  // 10-30 s each here, hours for the ~470 of the core. They are reported as "Ignored" and left out
  // of the score; docs/mutation.md gives their count per module and the modules measured with them.
  // `npm run mutate -- --ignoreStatic false` measures them too.
  ignoreStatic: true,
  // The first, unmutated run of the tests on a busy shared machine can take minutes.
  dryRunTimeoutMinutes: 20,
  concurrency: 1,
  timeoutMS: 20000,
  timeoutFactor: 3,
  reporters: ["clear-text", "progress-append-only", "html"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  thresholds: { high: 95, low: 90, break: 90 },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  ignorePatterns: ["lib", "lib-bench", "coverage", "reports", "dist", ".stryker-tmp"],
};
