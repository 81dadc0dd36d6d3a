// A fixture built on first use inside a test, never while jest collects the file.
//
// Mutation testing (docs/mutation.md) runs a mutant only against the tests its first, unmutated run
// recorded as reaching the mutated code. A policy compiled at the top of a file or a describe block is
// reached by no test, and one cached by the first test that asked for it only by that test, so the
// tests that would notice a mutant in parsing, compiling or index building were never run against
// it. While Stryker records that coverage, each test therefore builds its own; otherwise (`npm test`,
// and Stryker's runs of one mutant, where the mutant is on from the start) it is built once.
import { expect } from "@jest/globals";

const recordingCoverage = (): boolean =>
  "__stryker__" in globalThis && process.env.__STRYKER_ACTIVE_MUTANT__ === undefined;

export function fixture<T>(build: () => T): () => T {
  let built: { test: string | undefined; value: T } | undefined;
  return () => {
    const test = expect.getState().currentTestName;
    if (test === undefined) throw new Error("a fixture is built inside a test, not while the file is collected");
    if (built === undefined || (built.test !== test && recordingCoverage())) built = { test, value: build() };
    return built.value;
  };
}
