// Stryker only (stryker.config.mjs adds it to setupFilesAfterEnv): during Stryker's first,
// unmutated run, records which test file holds which test, so that test-sequencer.mjs can skip
// loading the files that hold none of the tests a mutant is run with. Writes only in that run.
import { appendFileSync } from "node:fs";
import { afterAll, afterEach, expect } from "@jest/globals";
import { TEST_INDEX_FILE } from "./test-index.mjs";

const names = [];
afterEach(() => {
  const name = expect.getState().currentTestName;
  if (typeof name === "string") names.push(name);
});
afterAll(() => {
  if (process.env.__STRYKER_ACTIVE_MUTANT__ !== undefined) return;
  appendFileSync(TEST_INDEX_FILE(), `${JSON.stringify({ file: expect.getState().testPath, names })}\n`);
});
