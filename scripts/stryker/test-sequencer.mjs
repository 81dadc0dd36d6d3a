// Stryker only (stryker.config.mjs sets it as jest's testSequencer). Stryker runs a mutant with
// `--findRelatedTests <mutated file> --testNamePattern <the tests that cover it>`; jest then loads
// every related test file just to find out that most hold none of those tests, and loading a file
// costs more than running its few tests. This sequencer drops the files that, as recorded in the
// unmutated run (record-tests.mjs), hold no test the pattern matches. Jest would have run no test
// from them, so no result changes; a file missing from the record is kept, and so is everything if
// nothing is left.
import { readFileSync } from "node:fs";
import DefaultSequencer from "@jest/test-sequencer";
import { TEST_INDEX_FILE } from "./test-index.mjs";

function readIndex() {
  let text;
  try {
    text = readFileSync(TEST_INDEX_FILE(), "utf8");
  } catch {
    return null;
  }
  const index = new Map();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const { file, names } = JSON.parse(line);
    index.set(file, [...(index.get(file) ?? []), ...names]);
  }
  return index;
}

export default class RelatedTestsOnly extends DefaultSequencer {
  constructor(options) {
    super(options);
    this.pattern = options?.globalConfig?.testNamePattern;
  }

  async sort(tests) {
    const sorted = await super.sort(tests);
    if (!this.pattern || process.env.__STRYKER_ACTIVE_MUTANT__ === undefined) return sorted;
    const index = readIndex();
    if (index === null) return sorted;
    // Jest matches the pattern against a test's full name, case-insensitively (jest-circus).
    const re = new RegExp(this.pattern, "i");
    const kept = sorted.filter((t) => {
      const names = index.get(t.path);
      return names === undefined || names.some((n) => re.test(n));
    });
    return kept.length > 0 ? kept : sorted;
  }
}
