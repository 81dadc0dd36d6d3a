// Stryker only (stryker.config.mjs sets it as jest's runner): once a test fails with a mutant on, the
// mutant is killed, so the related test files not yet started are not loaded at all. Loading a test
// file (ts-jest, native ES modules, a fresh module registry) costs more than running its tests, and
// a mutant of the matching core is reached by ten or more files. Jest's own `bail` cannot be used
// through runCLI, which is how Stryker's jest runner drives jest. Outside a mutant's run (Stryker's
// first, unmutated run) this is jest's default runner, unchanged.
const TestRunner = require("jest-runner").default;

class BailRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    if (process.env.__STRYKER_ACTIVE_MUTANT__ === undefined || !options.serial) {
      return super.runTests(tests, watcher, options);
    }
    let failed = false;
    // A file that fails to load is not a failing test: its mutant is an error, not killed, unless a
    // test in another file fails, so the run goes on.
    const off = this.on("test-file-success", ([, result]) => {
      if (result.numFailingTests > 0) failed = true;
    });
    try {
      for (const test of tests) {
        if (failed) break;
        await super.runTests([test], watcher, options);
      }
    } finally {
      off();
    }
  }
}

module.exports = BailRunner;
