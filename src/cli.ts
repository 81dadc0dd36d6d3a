#!/usr/bin/env node
// `ethics-policy`: validate a policy file and evaluate evidence offline, with the exit codes
// docs/architecture.md promises other tools: 0 ok, 1 invalid policy, 2 usage or unreadable input.
import { randomBytes } from "node:crypto";
import { emptyState, encodeState, stateBinding } from "./state/codec.js";
import { deriveStateKey } from "./state/signing.js";
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError, Option } from "commander";
import { addApprovalsCommand } from "./cli-approvals.js";
import { addAuditCommand, addLiveOptions, CHECK_LIVE_HELP, runLiveCheck, type LiveOptions } from "./cli-live.js";
import { evaluate } from "./evaluate.js";
import { parseEvidence } from "./evidence/schema.js";
import { compilePolicy } from "./policy/compile.js";
import { POLICY_PATH } from "./policy/load.js";
import { MAX_POLICY_BYTES } from "./policy/limits.js";
import { formatProblem, parsePolicy } from "./policy/parse.js";
import { renderComment } from "./render/comment.js";

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

const MAX_EVIDENCE_BYTES = 32 * 1024 * 1024;

function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command("ethics-policy")
    .description("Check pull requests against a repository's ethics policy (.github/ethics-policy.yml).")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError("(run with --help for usage)");

  program
    .command("validate")
    .description(
      "Validate a policy file. Exit 0 when valid; 1 with FILE:LINE:COL: message lines when not; 2 on usage errors.",
    )
    .argument("[file]", "the policy file", POLICY_PATH)
    .option("-q, --quiet", "print nothing when the file is valid")
    .action((file: string, opts: { quiet?: boolean }) => {
      const result = loadPolicyFile(io, file);
      if (result.ok) {
        if (!opts.quiet)
          io.stdout(
            `${file}: valid (${result.policy.organizations.length} organization${result.policy.organizations.length === 1 ? "" : "s"})\n`,
          );
        setExit(0);
      } else {
        for (const p of result.problems) io.stdout(`${formatProblem(p)}\n`);
        setExit(1);
      }
    });

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
        offlineCheck({ ...opts, policy: opts.policy, evidence: opts.evidence });
      },
    );

  function offlineCheck(opts: {
    policy: string;
    evidence: string;
    format: "json" | "comment";
    now?: string;
    repo: string;
  }): void {
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
  const program = buildProgram(io, (c) => (code = c));
  try {
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
