#!/usr/bin/env node
// `ethics-policy`: validate a policy file and evaluate evidence offline, with the exit codes
// docs/architecture.md promises other tools: 0 ok, 1 invalid policy, 2 usage or unreadable input.
import { randomBytes } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join, resolve as resolvePath } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, CommanderError, Option } from "commander";
// Only what `validate` needs is imported up front, so it starts fast (`npm run bench` measures it);
// the GitHub client, evaluation, rendering and the approvals report load when a command needs them.
import type { LiveOptions } from "./cli-live.js";
import { appVersion } from "./observability/version.js";
import { MAX_EXTENDS_DEPTH, POLICY_PATH, resolveExtends } from "./policy/load.js";
import { formatWarning, lintPolicy, warningCount } from "./policy/lint.js";
import { MAX_POLICY_BYTES } from "./policy/limits.js";
import {
  formatProblem,
  parsePolicy,
  parsePolicySources,
  readExtends,
  type ParseResult,
  type PolicySource,
} from "./policy/parse.js";

type LiveModule = typeof import("./cli-live.js") & typeof import("./cli-approvals.js");

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readFile: (path: string) => string;
  fileSize: (path: string) => number;
  /** The environment the live commands read (GITHUB_TOKEN, GHE_HOST, APP_ID); default process.env. */
  env?: Record<string, string | undefined>;
}

export const nodeIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readFile: (path) => readFileSync(path, "utf8"),
  fileSize: (path) => statSync(path).size,
};

class UsageError extends Error {}

/** Reads a file for the CLI, refusing huge ones before reading them into memory. */
function readInput(io: Io, path: string, maxBytes: number, what: string): string {
  let size: number;
  try {
    size = io.fileSize(path);
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (size > maxBytes) return "\u0000too-large";
  try {
    return io.readFile(path);
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function loadPolicyFile(io: Io, path: string) {
  const text = readInput(io, path, MAX_POLICY_BYTES, "policy file");
  if (text === "\u0000too-large") {
    return {
      ok: false as const,
      problems: [{ file: path, line: 1, col: 1, message: `the policy file is larger than ${MAX_POLICY_BYTES} bytes` }],
    };
  }
  return parsePolicy(text, path);
}

/** Stands in for a base that cannot be read offline, so the file is checked as the app would merge it. */
const OFFLINE_BASE = `version: 1\norganizations:\n  - name: "(a base not checked offline)"\n`;

/**
 * A policy file and the bases its `_extends` names that this checkout holds (`--repo`): the rest
 * are named in `unchecked` and stood in for, so the file is not blamed for keys they provide.
 */
function loadPolicyOffline(
  io: Io,
  file: string,
  opts: { repo?: string; root?: string },
): { result: ParseResult; unchecked: string[]; files: string[]; text: string; placeholders: number } {
  const root =
    opts.root ??
    (resolvePath(file).endsWith(join(...POLICY_PATH.split("/"))) ? resolvePath(file, "..", "..") : process.cwd());
  const first = readInput(io, file, MAX_POLICY_BYTES, "policy file");
  if (first === "\u0000too-large") {
    const problem = { file, line: 1, col: 1, message: `the policy file is larger than ${MAX_POLICY_BYTES} bytes` };
    return { result: { ok: false, problems: [problem] }, unchecked: [], files: [file], text: "", placeholders: 0 };
  }
  const sources: PolicySource[] = [{ file, text: first }];
  const unchecked: string[] = [];
  const here = opts.repo ?? "local/checkout";
  const seen = new Set<string>([resolvePath(file)]);
  let placeholders = 0;
  for (let current = sources[0]!; sources.length <= MAX_EXTENDS_DEPTH + 1;) {
    const value = readExtends(current.text, current.file);
    if (value === null) break;
    const target = resolveExtends(value, { repo: here });
    if (!target) break; // the parser reports a malformed _extends itself
    if (opts.repo === undefined || target.repo.toLowerCase() !== opts.repo.toLowerCase()) {
      unchecked.push(
        `${current.file}: _extends "${value}" names ${target.repo}:${target.path}, which cannot be checked offline${opts.repo === undefined ? " (pass --repo owner/repo to read bases in this checkout)" : ""}; the app reads it from GitHub. Keys it provides are assumed present.`,
      );
      sources.unshift({ file: "(base not checked offline)", text: OFFLINE_BASE });
      placeholders = 1;
      break;
    }
    const path = resolvePath(root, ...target.path.split("/"));
    if (seen.has(path)) break; // a loop: the parser's merge would repeat it; the app reports it
    seen.add(path);
    const text = readInput(io, path, MAX_POLICY_BYTES, "base policy file");
    if (text === "\u0000too-large") {
      const problem = {
        file: path,
        line: 1,
        col: 1,
        message: `the policy file is larger than ${MAX_POLICY_BYTES} bytes`,
      };
      return {
        result: { ok: false, problems: [problem] },
        unchecked,
        files: [path, file],
        text: first,
        placeholders: 0,
      };
    }
    current = { file: target.path, text };
    sources.unshift(current);
  }
  return {
    result: parsePolicySources(sources),
    unchecked,
    files: sources.map((s) => s.file),
    text: first,
    placeholders,
  };
}

const MAX_EVIDENCE_BYTES = 32 * 1024 * 1024;

/** Commands that need neither the GitHub client nor evaluation (the program is built without them). */
const LIGHT_ARGUMENTS = new Set(["validate", "-V", "--version"]);

function buildProgram(io: Io, setExit: (code: number) => void, live: LiveModule | null): Command {
  const program = new Command("ethics-policy")
    .description("Check pull requests against a repository's ethics policy (.github/ethics-policy.yml).")
    .version(appVersion(), "-V, --version", "print the version of ethics-policy")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError("(run with --help for usage)");

  program
    .command("validate")
    .description(
      "Validate a policy file, following _extends into this checkout where it can. Exit 0 when valid (warnings do not fail it); 1 with FILE:LINE:COL: message lines when not; 2 on usage errors.",
    )
    .argument("[file]", "the policy file", POLICY_PATH)
    .option("-q, --quiet", "print nothing when the file is valid and has no warnings")
    .option(
      "--repo <owner/repo>",
      "the repository the file belongs to: _extends naming it (owner/repo:path) is read from this checkout",
    )
    .option(
      "--root <dir>",
      "the checkout's root for --repo (default: the directory holding .github/, else the current one)",
    )
    .action((file: string, opts: { quiet?: boolean; repo?: string; root?: string }) => {
      if (opts.repo !== undefined && !/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(opts.repo))
        throw new UsageError(`--repo: "${opts.repo}" is not owner/repo`);
      const loaded = loadPolicyOffline(io, file, opts);
      for (const note of loaded.unchecked) io.stdout(`${note}\n`);
      if (loaded.result.ok) {
        const policy = loaded.result.policy;
        const warnings = lintPolicy(policy, { file: loaded.files.at(-1) ?? file, text: loaded.text });
        for (const w of warnings) io.stdout(`${formatWarning(w)}\n`);
        const count = policy.organizations.length - loaded.placeholders;
        const warned = warningCount(warnings);
        if (!opts.quiet || warnings.length > 0 || loaded.unchecked.length > 0)
          io.stdout(
            `${file}: valid (${count} organization${count === 1 ? "" : "s"}${loaded.unchecked.length > 0 ? " here; the bases above were not checked" : ""}${warned > 0 ? `; ${warned} warning${warned === 1 ? "" : "s"}` : ""})\n`,
          );
        setExit(0);
      } else {
        for (const p of loaded.result.problems) io.stdout(`${formatProblem(p)}\n`);
        setExit(1);
      }
    });

  if (live === null) return program;
  const { addApprovalsCommand, addAuditCommand, addLiveOptions, CHECK_LIVE_HELP, runLiveCheck } = live;
  const check = program
    .command("check")
    .description(
      "Evaluate evidence JSON against a policy offline and print the decision (--policy, --evidence), or dry-run the app on a live pull request (owner/repo#N) and print what it would decide and do, changing nothing. Exit 0 flagged or not; 1 invalid policy; 2 usage, bad evidence, authentication or not found.",
    )
    .argument("[pull-request]", "owner/repo#N: a live pull request to dry-run")
    .option("--policy <file>", "the policy file (offline)")
    .option("--evidence <file>", "evidence JSON (offline; the shape the app gathers; see README)")
    .addOption(new Option("--format <format>", "output format (offline)").choices(["json", "comment"]).default("json"))
    .option("--now <date>", "evaluate as of this date (ISO 8601); default: now")
    .option("--repo <owner/repo>", "repository to link to in --format comment (offline)", "OWNER/REPO")
    .option("--show-comment", "print the body of the comment the app would post (live)");
  addLiveOptions(check)
    .addHelpText("after", CHECK_LIVE_HELP)
    .action(
      async (
        target: string | undefined,
        opts: LiveOptions & {
          policy?: string;
          evidence?: string;
          format: "json" | "comment";
          now?: string;
          repo: string;
        },
      ) => {
        const given = (name: string) => check.getOptionValueSource(name) === "cli";
        if (target !== undefined) {
          if (opts.policy !== undefined || opts.evidence !== undefined) {
            throw new UsageError(
              "check takes either a pull request (owner/repo#N) or --policy and --evidence, not both",
            );
          }
          const offlineOnly = ["format", "repo"].filter(given);
          if (offlineOnly.length > 0)
            throw new UsageError(`--${offlineOnly[0]} applies only to the offline check (--policy, --evidence)`);
          setExit(await runLiveCheck(target, opts, io));
          return;
        }
        if (opts.policy === undefined || opts.evidence === undefined) {
          throw new UsageError(
            opts.policy === undefined && opts.evidence === undefined
              ? "check needs a pull request (owner/repo#N) for a live dry run, or --policy FILE --evidence FILE to evaluate offline"
              : `required option '${opts.policy === undefined ? "--policy <file>" : "--evidence <file>"}' not specified`,
          );
        }
        const liveOnly = ["token", "apiUrl", "appId", "json", "verbose", "showComment"].filter(given);
        if (liveOnly.length > 0) {
          throw new UsageError(
            `--${liveOnly[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} applies only to a live pull request (owner/repo#N)`,
          );
        }
        await offlineCheck({ ...opts, policy: opts.policy, evidence: opts.evidence });
      },
    );

  async function offlineCheck(opts: {
    policy: string;
    evidence: string;
    format: "json" | "comment";
    now?: string;
    repo: string;
  }): Promise<void> {
    const [{ evaluate }, { parseEvidence }, { compilePolicy }, { renderComment }, codec, { deriveStateKey }] =
      await Promise.all([
        import("./evaluate.js"),
        import("./evidence/schema.js"),
        import("./policy/compile.js"),
        import("./render/comment.js"),
        import("./state/codec.js"),
        import("./state/signing.js"),
      ]);
    const { emptyState, encodeState, stateBinding } = codec;
    const now = opts.now === undefined ? new Date() : new Date(opts.now);
    if (Number.isNaN(now.getTime())) throw new UsageError(`--now: "${opts.now}" is not a date`);
    const [owner, repo] = opts.repo.split("/");
    if (!owner || !repo) throw new UsageError(`--repo: "${opts.repo}" is not owner/repo`);

    const evidenceText = readInput(io, opts.evidence, MAX_EVIDENCE_BYTES, "evidence file");
    if (evidenceText === "\u0000too-large")
      throw new UsageError(`evidence file ${opts.evidence} is larger than ${MAX_EVIDENCE_BYTES} bytes`);
    let raw: unknown;
    try {
      raw = JSON.parse(evidenceText);
    } catch (error) {
      throw new UsageError(`evidence file ${opts.evidence} is not JSON: ${(error as Error).message}`);
    }
    const evidence = parseEvidence(raw);
    if (!evidence.ok)
      throw new UsageError(`evidence file ${opts.evidence} is not evidence JSON:\n  ${evidence.errors.join("\n  ")}`);

    const result = loadPolicyFile(io, opts.policy);
    if (!result.ok) {
      for (const p of result.problems) io.stderr(`${formatProblem(p)}\n`);
      setExit(1);
      return;
    }
    const decision = evaluate(compilePolicy(result.policy), evidence.evidence, { now });
    if (opts.format === "json") {
      io.stdout(`${JSON.stringify(decision, null, 2)}\n`);
    } else {
      const headSha = evidence.evidence.commits.at(-1)?.sha ?? "0000000";
      io.stdout(
        renderComment({
          decision,
          policy: result.policy,
          repo: { owner, repo, defaultBranch: "main" },
          headSha,
          // A preview: signed with a throwaway key, as the app's own key is not at hand here.
          stateLine: encodeState(
            { ...emptyState(headSha), flagged: decision.flagged, organizations: decision.organizations },
            deriveStateKey(randomBytes(32)),
            stateBinding(owner, repo, 0),
          ),
          record: { approvals: [], summary: null, tampering: [] },
          policyPath: POLICY_PATH,
        }) + "\n",
      );
    }
    setExit(0);
  }

  addAuditCommand(program, io, setExit);
  addApprovalsCommand(program, io, setExit);
  return program;
}

/** Runs the CLI and returns its exit code; never throws. */
export async function runCli(argv: string[], io: Io = nodeIo): Promise<number> {
  let code = 0;
  try {
    const live = LIGHT_ARGUMENTS.has(argv[0] ?? "")
      ? null
      : { ...(await import("./cli-live.js")), ...(await import("./cli-approvals.js")) };
    const program = buildProgram(io, (c) => (code = c), live);
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.help" ||
        error.code === "commander.version"
      )
        return 0;
      return 2;
    }
    if (error instanceof UsageError) {
      io.stderr(`ethics-policy: ${error.message}\n`);
      return 2;
    }
    io.stderr(`ethics-policy: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    return 2;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === (await import("node:fs")).realpathSync(process.argv[1])) {
  process.exitCode = await runCli(process.argv.slice(2));
}
