// Worst-case input costs: how long the parser, the matchers and evaluation take on the hostile
// shapes the tests feed them (YAML bombs, runs of stray tokens, whitespace floods, huge fields,
// domain globs with the most stars a policy allows). The tests check what these inputs produce;
// the time they take is measured here, where a busy machine makes a figure slow, not a test red.
import { evaluate } from "../src/evaluate.js";
import { coAuthors } from "../src/evidence/emails.js";
import type { Evidence } from "../src/evidence/types.js";
import { trailersOf } from "../src/match/commits.js";
import { buildDomainIndex, matchDomain } from "../src/match/domains.js";
import { compilePolicy } from "../src/policy/compile.js";
import { MAX_NODE_COUNT, MAX_POLICY_BYTES } from "../src/policy/limits.js";
import { parsePolicy } from "../src/policy/parse.js";
import { policySchema } from "../src/policy/schema.js";
import { round } from "./evaluation.js";

const NOW = new Date("2026-11-30T12:00:00Z");

/** Milliseconds `fn` takes, the best of `runs` (the least disturbed by the rest of the machine). */
function bestMs(fn: () => unknown, runs = 3): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return best;
}

const MINIMAL = "version: 1\norganizations:\n  - name: Acme\n";

/** The slowest shapes known for the YAML parser, each at or near the size limit. */
const HOSTILE_POLICIES: Record<string, string> = {
  billion_laughs: [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ..."bcdefghi".split("").map((n, i) => `${n}: &${n} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(",")}]`),
  ].join("\n"),
  quiet_bomb: `a: &a [${"x,".repeat(2000)}x]\nb: [${"*a, ".repeat(60)}*a]\n`,
  deep_brackets: "[".repeat(100_000),
  stray_quotes: '"'.repeat(Math.floor(MAX_POLICY_BYTES * 0.99)),
  anchors: "&a ".repeat(80_000),
  duplicate_keys: `{${"a,".repeat(120_000)}a}`,
  too_many_values: `${MINIMAL}    aliases: [${"a,".repeat(MAX_NODE_COUNT)}a]\n`,
  huge_implicit_key: `${"k".repeat(200_000)}: 1\n`,
  huge_explicit_key: `${MINIMAL}? ${"k".repeat(200_000)}\n: 1\n`,
  huge_tag: `${MINIMAL}statement: !${"t".repeat(100_000)} x\n`,
};

const WORST_GLOBS = ["*a*a*a*a*a*a*a*a.com", "*a*a*a*a.*a*a*a*a.com", "a*a*a*a*a*a*a*a*b.com", "*-*-*-*-*-*-*-*.com"];

export interface HostileInputCosts {
  /** The slowest hostile policy file, and how long it took to be rejected. */
  policy_parse_worst_ms: number;
  policy_parse_worst_case: string;
  policy_parse_ms: Record<string, number>;
  /** Co-authored-by trailers and the evidence's co-author parser on whitespace floods. */
  trailers_whitespace_ms: number;
  coauthors_whitespace_ms: number;
  /** One evaluation of evidence whose every field is huge (capped before matching). */
  evaluate_huge_fields_ms: number;
  /** Domain globs with eight stars against 240-character near-misses, per lookup, the worst. */
  glob_worst_lookup_ms: number;
}

export function measureHostileInput(): HostileInputCosts {
  const policy_parse_ms: Record<string, number> = {};
  for (const [name, text] of Object.entries(HOSTILE_POLICIES)) {
    policy_parse_ms[name] = round(
      bestMs(() => {
        if (parsePolicy(text, "hostile.yml").ok) throw new Error(`hostile policy ${name} was accepted`);
      }),
    );
  }
  const [worstCase, worstMs] = Object.entries(policy_parse_ms).reduce((a, b) => (b[1] > a[1] ? b : a));

  const trailerFlood = Array.from({ length: 60 }, () => `co-authored-by: ${" ".repeat(1000)}`).join("\n");
  const coAuthorFlood = `${`co-authored-by: ${" ".repeat(100_000)}<${" ".repeat(100_000)}`}\n`.repeat(20);

  const huge = "Palantir ".repeat(200_000);
  const policy = compilePolicy(
    policySchema.parse({
      version: 1,
      organizations: [{ name: "Palantir", email_domains: ["palantir.com"], github_orgs: ["palantir"] }],
      signals: { profile_bio: true },
    }),
  );
  const hugeEvidence: Evidence = {
    author: {
      login: "a",
      type: "User",
      company: huge,
      bio: `engineer at ${huge}`,
      email: `${"a".repeat(100_000)}@palantir.com`,
      blog: `https://${huge}`,
      organizations: Array<string>(10_000).fill("palantir"),
    },
    users: {},
    commits: [
      {
        sha: "1",
        message: `${"Co-authored-by: B <b@palantir.com>\n".repeat(20_000)}${" ".repeat(100_000)}`,
        author: { name: huge, email: `a@${"a.".repeat(200_000)}com`, login: null },
        committer: { name: "a", email: "a@example.com", login: null },
      },
    ],
  };

  let globWorst = 0;
  for (const pattern of WORST_GLOBS) {
    const index = buildDomainIndex([{ email_domains: [pattern] }]);
    for (const unit of ["a", "a-", "a.", "ab"]) {
      const domain = `${unit
        .repeat(240)
        .replace(/[.-]+$/, "")
        .slice(0, 240)}x.com`;
      globWorst = Math.max(
        globWorst,
        bestMs(() => matchDomain(index, domain)),
      );
    }
  }

  return {
    policy_parse_worst_ms: worstMs,
    policy_parse_worst_case: worstCase,
    policy_parse_ms,
    trailers_whitespace_ms: round(bestMs(() => trailersOf(trailerFlood))),
    coauthors_whitespace_ms: round(bestMs(() => coAuthors(coAuthorFlood))),
    evaluate_huge_fields_ms: round(bestMs(() => evaluate(policy, hugeEvidence, { now: NOW }))),
    glob_worst_lookup_ms: round(globWorst, 3),
  };
}
