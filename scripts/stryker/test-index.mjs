// The test index shared by record-tests.mjs (writes it) and test-sequencer.mjs (reads it): one line
// per test file, in the Stryker sandbox the workers run in (their working directory).
import { join } from "node:path";

export const TEST_INDEX_FILE = () => join(process.cwd(), ".stryker-test-index.jsonl");
