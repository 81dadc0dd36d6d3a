// Stryker only (stryker.config.mjs sets it as jest's testEnvironment): once a test fails with a mutant
// on, the mutant is killed, so the tests after it in that file are skipped (bail-runner.cjs does the
// same for the files after it). The matching corpus alone holds 374 tests that reach most of the
// core. Nothing changes for a mutant no test kills (every test still runs), or outside a mutant's
// run (Stryker's first, unmutated run records coverage with every test).
const { TestEnvironment } = require("jest-environment-node");

// Which mutant's run saw a failing test: module state, kept by node's module cache, not by the
// test file's registry.
let failedWith;

class BailEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    const mutant = process.env.__STRYKER_ACTIVE_MUTANT__;
    if (mutant === undefined) return;
    if (event.name === "test_start" && failedWith === mutant) event.test.mode = "skip";
    else if (event.name === "test_done" && event.test.errors.length > 0) failedWith = mutant;
  }
}

module.exports = BailEnvironment;
