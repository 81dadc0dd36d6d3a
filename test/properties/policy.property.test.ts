// Hostile policies, as properties: whatever the text (or texts, merged through `_extends`), the
// validator answers in the documented shape within a time budget and never touches
// Object.prototype; domain globs with as many stars as the policy allows match quickly.
// (test/policy/hostile.test.ts holds the named hostile cases and plain arbitrary strings.)
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { compilePolicy } from "../../src/policy/compile.js";
import { MAX_PROBLEMS, parsePolicySources, type ParseResult, type PolicySource } from "../../src/policy/parse.js";
import { buildDomainIndex, matchDomain } from "../../src/match/domains.js";
import { evaluate } from "../../src/evaluate.js";
import { counted, RUNS } from "./runs.js";

/** Per small input (a real policy takes well under a millisecond); generous for slow CI machines. */
const BUDGET_MS = 250;
/**
 * Per input of up to 50,000 characters. The slowest shape found is a run of double quotes: about
 * 5 µs a character, so 260 ms at 50,000 and 1.3 s at the 256 KiB size limit (linear, not worse).
 * Sizes here stay under 50,000 to keep the run short; the named cases in test/policy/hostile.test.ts
 * go to the size limit.
 */
const LARGE_BUDGET_MS = 1500;

const DANGEROUS = ["__proto__", "constructor", "prototype"];
const prototypeNames = () => Object.getOwnPropertyNames(Object.prototype).sort().join(",");
const PROTOTYPE = prototypeNames();

function expectUnpolluted(): void {
  expect(prototypeNames()).toBe(PROTOTYPE);
  const probe = {} as Record<string, unknown>;
  for (const key of ["polluted", "version", "organizations", "name", "x", "0"]) expect(probe[key]).toBeUndefined();
  expect(typeof Object.prototype.toString).toBe("function");
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}

function expectShape(result: ParseResult, files: string[]): void {
  if (result.ok) {
    expect(result.policy.version).toBe(1);
    return;
  }
  expect(result.problems.length).toBeGreaterThan(0);
  expect(result.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS + 1);
  for (const p of result.problems) {
    expect(files).toContain(p.file);
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.col).toBeGreaterThanOrEqual(1);
    expect(p.message).not.toMatch(/[\r\n]/);
  }
}

function timedParse(sources: PolicySource[], budget = BUDGET_MS): ParseResult {
  const started = performance.now();
  let result: ParseResult | undefined;
  expect(() => {
    result = parsePolicySources(sources);
  }).not.toThrow();
  expect(performance.now() - started).toBeLessThan(budget);
  return result as ParseResult;
}

/** A YAML value tree whose mapping keys are often dangerous. Written as flow YAML with quoted keys. */
type Tree = string | number | boolean | null | Tree[] | { entries: [string, Tree][] };
const key = fc.oneof(
  fc.constantFrom(...DANGEROUS),
  fc.constantFrom(...DANGEROUS, "name", "users", "signals", "polluted", "toString", "valueOf", "hasOwnProperty"),
  fc.string({ maxLength: 6 }),
);
const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null)),
    fc.array(tie("tree"), { maxLength: 3 }),
    fc.array(fc.tuple(key, tie("tree")), { maxLength: 4 }).map((entries) => ({ entries })),
  ),
}));

function toYaml(t: Tree): string {
  if (t === null) return "null";
  if (Array.isArray(t)) return `[${t.map(toYaml).join(", ")}]`;
  if (typeof t === "object") return `{${t.entries.map(([k, v]) => `${JSON.stringify(k)}: ${toYaml(v)}`).join(", ")}}`;
  return JSON.stringify(t);
}

function hasDangerous(t: Tree): boolean {
  if (Array.isArray(t)) return t.some(hasDangerous);
  if (t !== null && typeof t === "object") return t.entries.some(([k, v]) => DANGEROUS.includes(k) || hasDangerous(v));
  return false;
}

/** Where in a policy a hostile tree goes: top level, inside an organization, or under signals. */
const placement = fc.constantFrom("top", "organization", "signals", "exempt");
function policyWith(where: string, k: string, value: Tree): string {
  const v = toYaml(value);
  const org = where === "organization" ? `, ${JSON.stringify(k)}: ${v}` : "";
  const lines = ["version: 1", `organizations: [{name: Palantir${org}}]`];
  if (where === "top") lines.push(`${JSON.stringify(k)}: ${v}`);
  if (where === "signals") lines.push(`signals: {${JSON.stringify(k)}: ${v}}`);
  if (where === "exempt") lines.push(`exempt: {users: [a], ${JSON.stringify(k)}: ${v}}`);
  return `${lines.join("\n")}\n`;
}

describe("the policy validator over hostile policies", () => {
  test("never throws, answers in shape and within budget, and never pollutes Object.prototype, through _extends merges", () => {
    const layer = fc.record({ where: placement, key, value: tree });
    fc.assert(
      fc.property(
        fc.array(layer, { minLength: 1, maxLength: 3 }),
        counted((layers) => {
          const sources = layers.map((l, i) => ({
            file: `owner/repo${i}:.github/ethics-policy.yml`,
            text: policyWith(l.where, l.key, l.value),
          }));
          const result = timedParse(sources);
          expectShape(
            result,
            sources.map((s) => s.file),
          );
          expectUnpolluted();
          const dangerous = layers.some((l) => DANGEROUS.includes(l.key) || hasDangerous(l.value));
          if (dangerous) {
            expect(result.ok).toBe(false);
            // Named as such, unless the file is refused for an earlier reason (a duplicate key, say).
            const named =
              !result.ok &&
              result.problems.some((p) => /key "(__proto__|constructor|prototype)" is not allowed/.test(p.message));
            if (!result.ok && !named)
              expect(result.problems.some((p) => /duplicate key|invalid YAML/.test(p.message))).toBe(true);
          }
        }),
      ),
      { numRuns: RUNS },
    );
  });

  test("deep, wide and repetitive structures answer within budget", () => {
    const shapes = fc.oneof(
      fc.integer({ min: 1, max: 5000 }).map((n) => `${"[".repeat(n)}${"]".repeat(n)}`),
      fc.integer({ min: 1, max: 5000 }).map((n) => `${"{a: ".repeat(n)}1${"}".repeat(n)}`),
      fc
        .integer({ min: 1, max: 200 })
        .map((n) => Array.from({ length: n }, (_, i) => `${"  ".repeat(i)}k${i}:`).join("\n")),
      fc.integer({ min: 1, max: 4000 }).map((n) => `version: 1\norganizations:\n${"  - name: x\n".repeat(n)}`),
      fc
        .integer({ min: 1, max: 300 })
        .map(
          (n) =>
            `a: &a [x]\n${Array.from({ length: n }, (_, i) => `b${i}: &b${i} [*${i ? `b${i - 1}` : "a"}, *${i ? `b${i - 1}` : "a"}]`).join("\n")}\n`,
        ),
      fc
        .tuple(
          fc.constantFrom('"', "'", "|", ">", "? ", "- ", "&x ", "*x ", "!t ", "%", "@", "`"),
          fc.integer({ min: 1, max: 20_000 }),
        )
        .map(([s, n]) => s.repeat(n)),
    );
    fc.assert(
      fc.property(
        shapes,
        counted((text) => {
          const result = timedParse([{ file: "p.yml", text }], LARGE_BUDGET_MS);
          expectShape(result, ["p.yml"]);
          expectUnpolluted();
        }),
      ),
      { numRuns: Math.max(100, Math.floor(RUNS / 5)) },
    );
  });
});

describe("domain globs", () => {
  const label = fc.stringMatching(/^[a-z0-9*]{1,12}$/).filter((l) => !l.includes("**") && !/^-|-$/.test(l));
  const glob = fc.array(label, { minLength: 2, maxLength: 6 }).map((labels) => labels.join("."));
  const domainChar = fc.constantFrom("a", "a", "a", "b", "-", ".", "0");
  const domain = fc.array(domainChar, { minLength: 1, maxLength: 253 }).map((cs) =>
    `a${cs.join("")}a.com`
      .replace(/\.{2,}/g, ".")
      .replace(/-\./g, "a.")
      .slice(-253),
  );

  test("with up to the allowed stars, compile and match within budget on any domain", () => {
    fc.assert(
      fc.property(
        fc.array(glob, { minLength: 1, maxLength: 20 }),
        fc.array(domain, { minLength: 1, maxLength: 20 }),
        counted((globs, domains) => {
          const text = `version: 1\norganizations:\n  - name: Acme\n    email_domains: [${globs.map((g) => JSON.stringify(g)).join(", ")}]\n`;
          const parsed = timedParse([{ file: "p.yml", text }]);
          const tooManyStars = globs.some((g) => (g.match(/\*/g)?.length ?? 0) > 8);
          if (tooManyStars) expect(parsed.ok).toBe(false);
          if (!parsed.ok) return;
          const started = performance.now();
          const index = buildDomainIndex(parsed.policy.organizations);
          for (const d of domains) matchDomain(index, d);
          const compiled = compilePolicy(parsed.policy);
          const commits = domains.map((d, i) => ({
            sha: `${i}`,
            message: "x",
            author: { name: "a", email: `a@${d}`, login: null },
            committer: { name: "a", email: `b@${d}`, login: null },
          }));
          evaluate(
            compiled,
            {
              author: {
                login: "a",
                type: "User",
                company: null,
                bio: null,
                email: null,
                blog: null,
                organizations: [],
              },
              users: {},
              commits,
            },
            { now: new Date("2026-01-01") },
          );
          expect(performance.now() - started).toBeLessThan(BUDGET_MS);
        }),
      ),
      { numRuns: RUNS },
    );
  });

  test("the worst shapes: eight stars between repeated letters, against long near-misses", () => {
    const worst = ["*a*a*a*a*a*a*a*a.com", "*a*a*a*a.*a*a*a*a.com", "a*a*a*a*a*a*a*a*b.com", "*-*-*-*-*-*-*-*.com"];
    fc.assert(
      fc.property(
        fc.constantFrom(...worst),
        fc.integer({ min: 1, max: 240 }),
        fc.constantFrom("a", "a-", "a.", "ab"),
        counted((pattern, n, unit) => {
          const index = buildDomainIndex([{ email_domains: [pattern] }]);
          const d = `${unit.repeat(n)}`.replace(/[.-]+$/, "").slice(0, 240) + "x.com";
          const started = performance.now();
          matchDomain(index, d);
          expect(performance.now() - started).toBeLessThan(BUDGET_MS);
        }),
      ),
      { numRuns: RUNS },
    );
  });
});
