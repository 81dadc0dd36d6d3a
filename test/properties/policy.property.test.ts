// Hostile policies, as properties: whatever the text (or texts, merged through `_extends`), the
// validator answers in the documented shape and never touches Object.prototype; domain globs with
// as many stars as the policy allows match exactly the domains a plain glob matcher says they do.
// (test/policy/hostile.test.ts holds the named hostile cases and plain arbitrary strings.) How long
// the worst shapes take is measured by `npm run bench` (bench/hostile-input.ts), not asserted here.
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { compilePolicy } from "../../src/policy/compile.js";
import { MAX_PROBLEMS, parsePolicySources, type ParseResult, type PolicySource } from "../../src/policy/parse.js";
import { buildDomainIndex, matchDomain } from "../../src/match/domains.js";
import { evaluate } from "../../src/evaluate.js";
import { counted, RUNS } from "./runs.js";

/** Guards against a hang only: a busy machine must not fail these. */
const HANG_MS = 120_000;

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

function parseChecked(sources: PolicySource[]): ParseResult {
  let result: ParseResult | undefined;
  expect(() => {
    result = parsePolicySources(sources);
  }).not.toThrow();
  return result as ParseResult;
}

/**
 * The reference: does glob `pattern` ("*" any run of characters, dots included) match `domain`?
 * Dynamic programming over both strings, so it stays quadratic whatever the stars.
 */
function globMatchesReference(pattern: string, domain: string): boolean {
  let previous = Array.from({ length: domain.length + 1 }, (_, j) => j === 0);
  for (const c of pattern) {
    const current = Array.from({ length: domain.length + 1 }, () => false);
    if (c === "*") {
      current[0] = previous[0] ?? false;
      for (let j = 1; j <= domain.length; j++) current[j] = (previous[j] ?? false) || (current[j - 1] ?? false);
    } else {
      for (let j = 1; j <= domain.length; j++) current[j] = (previous[j - 1] ?? false) && domain[j - 1] === c;
    }
    previous = current;
  }
  return previous[domain.length] ?? false;
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
  test(
    "never throws, answers in shape, and never pollutes Object.prototype, through _extends merges",
    () => {
      const layer = fc.record({ where: placement, key, value: tree });
      fc.assert(
        fc.property(
          fc.array(layer, { minLength: 1, maxLength: 3 }),
          counted((layers) => {
            const sources = layers.map((l, i) => ({
              file: `owner/repo${i}:.github/ethics-policy.yml`,
              text: policyWith(l.where, l.key, l.value),
            }));
            const result = parseChecked(sources);
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
    },
    HANG_MS,
  );

  test(
    "deep, wide and repetitive structures answer in shape",
    () => {
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
            const result = parseChecked([{ file: "p.yml", text }]);
            expectShape(result, ["p.yml"]);
            expectUnpolluted();
          }),
        ),
        { numRuns: Math.max(100, Math.floor(RUNS / 5)) },
      );
    },
    HANG_MS,
  );
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

  test(
    "with up to the allowed stars, match exactly the domains the reference matcher matches",
    () => {
      fc.assert(
        fc.property(
          fc.array(glob, { minLength: 1, maxLength: 20 }),
          fc.array(domain, { minLength: 1, maxLength: 20 }),
          counted((globs, domains) => {
            const text = `version: 1\norganizations:\n  - name: Acme\n    email_domains: [${globs.map((g) => JSON.stringify(g)).join(", ")}]\n`;
            const parsed = parseChecked([{ file: "p.yml", text }]);
            const tooManyStars = globs.some((g) => (g.match(/\*/g)?.length ?? 0) > 8);
            if (tooManyStars) expect(parsed.ok).toBe(false);
            if (!parsed.ok) return;
            const index = buildDomainIndex(parsed.policy.organizations);
            const patterns = [...new Set(parsed.policy.organizations[0]?.email_domains ?? [])];
            for (const d of domains) {
              const found = matchDomain(index, d).map((rule) => rule.pattern);
              const wanted = patterns.filter((p) => globMatchesReference(p.toLowerCase(), d.toLowerCase()));
              expect({ d, found: found.sort() }).toEqual({ d, found: wanted.sort() });
            }
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
          }),
        ),
        { numRuns: RUNS },
      );
    },
    HANG_MS,
  );

  test(
    "the worst shapes: eight stars between repeated letters, against long near-misses",
    () => {
      const worst = ["*a*a*a*a*a*a*a*a.com", "*a*a*a*a.*a*a*a*a.com", "a*a*a*a*a*a*a*a*b.com", "*-*-*-*-*-*-*-*.com"];
      fc.assert(
        fc.property(
          fc.constantFrom(...worst),
          fc.integer({ min: 1, max: 240 }),
          fc.constantFrom("a", "a-", "a.", "ab"),
          counted((pattern, n, unit) => {
            const index = buildDomainIndex([{ email_domains: [pattern] }]);
            const d = `${unit.repeat(n)}`.replace(/[.-]+$/, "").slice(0, 240) + "x.com";
            expect(matchDomain(index, d).length).toBe(globMatchesReference(pattern, d) ? 1 : 0);
          }),
        ),
        { numRuns: RUNS },
      );
    },
    HANG_MS,
  );
});
