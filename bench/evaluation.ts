// Evaluation cost against the size of the policy, and memory against the number of distinct
// authors. Pure CPU and memory: no HTTP here.
import { LRUCache } from "lru-cache";
import type { Evidence } from "../src/evidence/types.js";
import { evaluate } from "../src/evaluate.js";
import { compilePolicy, type CompiledPolicy } from "../src/policy/compile.js";
import { policySchema, type PolicyInput } from "../src/policy/schema.js";

const NOW = new Date("2026-11-30T12:00:00Z");

/**
 * A policy of `n` organizations, each with a name, an alias, a GitHub org, an exact and a glob
 * email domain, and a known user: every kind of index entry, `n` times over.
 */
export function policyOf(n: number): CompiledPolicy {
  const input: PolicyInput = {
    version: 1,
    organizations: Array.from({ length: n }, (_, i) => ({
      name: `Org ${i} Holdings`,
      aliases: [`Orgco${i}`],
      github_orgs: [`org-${i}`],
      email_domains: [`org${i}.com`, `*.org${i}.net`],
      users: [`org${i}-staff`],
    })),
    signals: { profile_bio: true },
  };
  return compilePolicy(policySchema.parse(input));
}

/**
 * A realistic pull request's evidence: an author with every profile field, two other commit
 * authors, 20 commits with author, committer and co-author emails on assorted domains. `variant`
 * makes it distinct (login, emails). Nothing matches unless `matchOrg` names an organization.
 */
export function evidenceOf(variant: number, matchOrg?: number): Evidence {
  const login = `dev-${variant}`;
  const profile = (who: string, company: string | null) => ({
    login: who,
    type: "User",
    company,
    bio: "Engineer at Example Corp. Previously at a startup; now compilers and build tools.",
    email: `${who}@mail${variant % 997}.example.com`,
    blog: `https://${who}.example.dev`,
    organizations: ["rust-lang", "nodejs", `team-${variant % 50}`],
  });
  const company = matchOrg === undefined ? `Example Corp ${variant % 100}` : `Orgco${matchOrg}`;
  return {
    author: profile(login, company),
    users: { [`${login}-b`]: profile(`${login}-b`, "Acme Widgets"), [`${login}-c`]: profile(`${login}-c`, null) },
    commits: Array.from({ length: 20 }, (_, i) => {
      const who = i % 3 === 0 ? login : i % 3 === 1 ? `${login}-b` : `${login}-c`;
      return {
        sha: `${variant.toString(16).padStart(8, "0")}${i.toString(16).padStart(32, "0")}`,
        message: `Change ${i}\n\nCo-authored-by: Pair ${i} <pair${i}@corp${i}.example.org>`,
        author: { name: who, email: `${who}@build${i}.example.net`, login: who },
        committer: { name: "GitHub", email: "noreply@github.com", login: "web-flow" },
      };
    }),
  };
}

/** Median of `rounds` timings of `iterations` evaluations, in microseconds per evaluation. */
function microsPerEvaluation(
  compiled: CompiledPolicy,
  evidence: Evidence[],
  iterations: number,
  rounds: number,
): number {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) evaluate(compiled, evidence[i % evidence.length] as Evidence, { now: NOW });
    times.push(Number(process.hrtime.bigint() - start) / 1000 / iterations);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

export interface EvalScale {
  us_per_eval_10: number;
  us_per_eval_10k: number;
  ratio: number;
  compile_ms_10k: number;
}

export function measureEvalScale(): EvalScale {
  const small = policyOf(10);
  const start = process.hrtime.bigint();
  const large = policyOf(10_000);
  const compileMs = Number(process.hrtime.bigint() - start) / 1e6;
  // Mostly clear pull requests, one in eight matching an organization (the last one listed).
  const evidenceFor = (n: number) =>
    Array.from({ length: 64 }, (_, i) => evidenceOf(i, i % 8 === 0 ? n - 1 : undefined));
  const smallEvidence = evidenceFor(10);
  const largeEvidence = evidenceFor(10_000);
  // Warm both (JIT, lazily compiled globs), then alternate so neither gets a warmer machine.
  microsPerEvaluation(small, smallEvidence, 2000, 1);
  microsPerEvaluation(large, largeEvidence, 2000, 1);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 3; i++) {
    a.push(microsPerEvaluation(small, smallEvidence, 2000, 3));
    b.push(microsPerEvaluation(large, largeEvidence, 2000, 3));
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
  const us10 = median(a);
  const us10k = median(b);
  return {
    us_per_eval_10: round(us10),
    us_per_eval_10k: round(us10k),
    ratio: round(us10k / us10),
    compile_ms_10k: round(compileMs),
  };
}

export interface MemoryGrowth {
  authors: number;
  rss_growth_mb: number;
  heap_growth_mb: number;
}

/**
 * RSS growth while evaluating `authors` distinct authors' evidence through the app's caches: the
 * compiled-policy LRU (keyed by blob SHAs, as the app keys it) and evaluate. The app keeps no
 * per-author state — profiles come with each event's one read — so growth should be flat.
 */
export function measureMemory(authors: number): MemoryGrowth {
  const gc = (globalThis as { gc?: () => void }).gc;
  const cache = new LRUCache<string, CompiledPolicy>({ max: 500 });
  const key = "bench/r:.github/ethics-policy.yml@3f5e0c2a9b7d4e1f8a6c5b4d3e2f1a0b9c8d7e6f";
  const compiledOnce = policyOf(100);
  const compiledFor = () => cache.get(key) ?? (cache.set(key, compiledOnce), compiledOnce);
  // Warm up, so one-time allocations (JIT, lazily compiled globs) are not counted as growth.
  for (let i = 0; i < 2000; i++) evaluate(compiledFor(), evidenceOf(i, i % 10 === 0 ? 5 : undefined), { now: NOW });
  gc?.();
  const rss0 = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  let flagged = 0;
  for (let i = 0; i < authors; i++) {
    const decision = evaluate(compiledFor(), evidenceOf(1_000_000 + i, i % 10 === 0 ? i % 100 : undefined), {
      now: NOW,
    });
    if (decision.flagged) flagged++;
  }
  gc?.();
  const usage = process.memoryUsage();
  if (flagged === 0) throw new Error("memory run flagged nobody: the workload is wrong");
  return {
    authors,
    rss_growth_mb: round((usage.rss - rss0) / 2 ** 20),
    heap_growth_mb: round((usage.heapUsed - heap0) / 2 ** 20),
  };
}

export const round = (x: number, places = 2): number => Math.round(x * 10 ** places) / 10 ** places;
