// A fixture built inside each test that uses it, once per test, not while jest collects the file.
// Mutation testing (docs/mutation.md) runs a mutant only against the tests recorded as reaching the
// mutated code: a policy compiled at the top of a file or a describe block, or cached by the first
// test that asked for it, is reached by no test (or only by the first), and the tests that would
// notice the mutant are never run against it.
import { expect } from "@jest/globals";

export function perTest<T>(build: () => T): () => T {
  let built: { test: string | undefined; value: T } | undefined;
  return () => {
    const test = expect.getState().currentTestName;
    if (built === undefined || built.test !== test) built = { test, value: build() };
    return built.value;
  };
}
