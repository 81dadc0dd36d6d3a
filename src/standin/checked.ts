// What the stand-ins of this process checked against GitHub's published schemas and documented
// limits, for the figures printed at the end of `npm test` (test/setup.ts records them). Counted
// per request as it arrives, so nothing depends on a stand-in being closed. No I/O.

export interface SchemaCheckCounts {
  /** GraphQL documents checked against GitHub's GraphQL schema. */
  graphql: number;
  /** REST requests checked against GitHub's REST description and limits. */
  rest: number;
  /** Requests GitHub would refuse, from stand-ins that did not expect any. */
  invalid: number;
  /** Invalid requests sent on purpose (stand-ins started with `expectInvalidRequests`). */
  invalidExpected: number;
  /** The first few unexpected invalid requests, for the failure message: "METHOD path: why". */
  examples: string[];
}

const counts: SchemaCheckCounts = { graphql: 0, rest: 0, invalid: 0, invalidExpected: 0, examples: [] };

export function countCheck(kind: "graphql" | "rest", invalid: string | null, expected: boolean): void {
  counts[kind]++;
  if (invalid === null) return;
  if (expected) {
    counts.invalidExpected++;
    return;
  }
  counts.invalid++;
  if (counts.examples.length < 5) counts.examples.push(invalid.slice(0, 300));
}

/** The counts so far, and a fresh start. */
export function takeSchemaCheckCounts(): SchemaCheckCounts {
  const taken = { ...counts, examples: [...counts.examples] };
  Object.assign(counts, { graphql: 0, rest: 0, invalid: 0, invalidExpected: 0, examples: [] });
  return taken;
}
