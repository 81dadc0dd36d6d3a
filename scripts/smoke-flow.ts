// The smoke check's flow, the same against GitHub (scripts/smoke.ts) and against the stand-in
// (test/e2e/smoke.test.ts): open a pull request whose commit uses an email domain the policy lists,
// wait for the app's label, comment and check, approve with the command, push again and check the
// approval holds, then close the pull request and delete its branch. What changes GitHub is the
// driver's; everything observed is read back through GitHub's REST API by the same code here.
import { parse } from "yaml";

export interface SmokeRepo {
  owner: string;
  repo: string;
}

/** What the flow does to GitHub: as a contributor (push, open, close) and as a maintainer (comment). */
export interface SmokeDriver {
  /** Opens a pull request with one commit whose author email is `email`. */
  openPullRequest(email: string): Promise<{ number: number; headSha: string }>;
  /** Pushes another commit (author `email`) to the pull request's branch; returns the new head SHA. */
  pushCommit(number: number, email: string): Promise<string>;
  /** Comments on the pull request as the maintainer. */
  comment(number: number, body: string): Promise<void>;
  /** Closes the pull request and deletes its branch. */
  cleanUp(number: number): Promise<void>;
}

/** The REST reads the flow observes with (an @octokit/rest client satisfies it). */
export interface SmokeReader {
  request(route: string, params: Record<string, unknown>): Promise<{ data: unknown }>;
}

export interface SmokeOptions {
  repo: SmokeRepo;
  /** The app's bot login, e.g. "ethics-policy[bot]": only its comment counts. */
  botLogin: string;
  /** Longest wait for each expected state (ms). */
  timeoutMs: number;
  /** Pause between reads while waiting (ms). */
  pollMs: number;
  /** Told each step as it passes. */
  say(line: string): void;
  /** Called while waiting (after each read): the stand-in test delivers webhooks here. Default: sleep pollMs. */
  wait?: () => Promise<void>;
}

const CHECK_NAME = "Ethics policy";
const MARKER = "<!-- ethics-policy:comment -->";
const POLICY_PATH = ".github/ethics-policy.yml";

interface PullState {
  labels: string[];
  headSha: string;
  comment: string | null;
  check: { conclusion: string | null; title: string } | null;
}

/** Runs the flow; throws with the step that failed. Always closes what it opened. */
export async function runSmoke(driver: SmokeDriver, reader: SmokeReader, options: SmokeOptions): Promise<void> {
  const { repo } = options;
  const say = (line: string) => options.say(line);
  const policy = await readPolicy(reader, repo);
  say(`policy: ${POLICY_PATH} lists ${policy.domain}; label "${policy.label ?? "(none)"}"`);
  const email = `ethics-policy-smoke@${policy.domain}`;
  const { number } = await driver.openPullRequest(email);
  say(`opened pull request #${number} with a commit by ${email}`);
  try {
    let state = await until(options, reader, number, "the flag (label, comment, check)", (s) =>
      Boolean(
        (policy.label === null || hasLabel(s, policy.label)) &&
        s.comment !== null &&
        s.check &&
        ["neutral", "action_required"].includes(s.check.conclusion ?? ""),
      ),
    );
    say(`flagged: check "${state.check?.title ?? ""}" (${state.check?.conclusion ?? ""}), comment posted`);

    await driver.comment(number, "/ethics-policy approve smoke test of the approval flow");
    state = await until(options, reader, number, "the approval", (s) => isApproved(s, policy.label));
    say(`approved: check "${state.check?.title ?? ""}"`);

    const head = await driver.pushCommit(number, email);
    state = await until(
      options,
      reader,
      number,
      "the approval to hold after a push",
      (s) => s.headSha === head && isApproved(s, policy.label),
    );
    say(`pushed ${head.slice(0, 7)}: still approved`);
  } finally {
    await driver.cleanUp(number);
    say(`closed #${number} and deleted its branch`);
  }
}

function hasLabel(state: PullState, label: string): boolean {
  return state.labels.some((l) => l.toLowerCase() === label.toLowerCase());
}

function isApproved(state: PullState, label: string | null): boolean {
  return (
    state.check?.conclusion === "success" &&
    /approved/i.test(state.check.title) &&
    (label === null || !hasLabel(state, label)) &&
    /approved by a maintainer/i.test(state.comment ?? "")
  );
}

async function until(
  options: SmokeOptions,
  reader: SmokeReader,
  number: number,
  what: string,
  done: (state: PullState) => boolean,
): Promise<PullState> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const state = await readState(reader, options.repo, options.botLogin, number);
    if (done(state)) return state;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${options.timeoutMs / 1000} s waiting for ${what}; last seen: ${describe(state)}`,
      );
    await (options.wait ? options.wait() : new Promise((resolve) => setTimeout(resolve, options.pollMs)));
  }
}

function describe(state: PullState): string {
  return `labels [${state.labels.join(", ")}], comment ${state.comment === null ? "none" : "present"}, check ${
    state.check ? `${state.check.conclusion ?? "pending"} "${state.check.title}"` : "none"
  } on ${state.headSha.slice(0, 7)}`;
}

async function readState(reader: SmokeReader, repo: SmokeRepo, botLogin: string, number: number): Promise<PullState> {
  const pull = (await reader.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...repo, pull_number: number }))
    .data as { labels: { name: string }[]; head: { sha: string } };
  const comments = (
    await reader.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      ...repo,
      issue_number: number,
      per_page: 100,
    })
  ).data as { body?: string; user: { login: string } | null }[];
  const runs = (
    await reader.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
      ...repo,
      ref: pull.head.sha,
      check_name: CHECK_NAME,
      filter: "latest",
    })
  ).data as { check_runs: { conclusion: string | null; output: { title: string | null } }[] };
  const comment = comments.find((c) => c.user?.login === botLogin && (c.body ?? "").includes(MARKER));
  const run = runs.check_runs[0];
  return {
    labels: pull.labels.map((l) => l.name),
    headSha: pull.head.sha,
    comment: comment?.body ?? null,
    check: run ? { conclusion: run.conclusion, title: run.output.title ?? "" } : null,
  };
}

/** The first plain email domain the default branch's policy lists, and the label it asks for. */
async function readPolicy(reader: SmokeReader, repo: SmokeRepo): Promise<{ domain: string; label: string | null }> {
  // The path's slashes stay as they are (a {path} parameter would be sent percent-encoded).
  const { data } = await reader.request(`GET /repos/{owner}/{repo}/contents/${POLICY_PATH}`, { ...repo });
  const text = Buffer.from((data as { content?: string }).content ?? "", "base64").toString("utf8");
  const policy = parse(text) as {
    organizations?: { email_domains?: string[] }[];
    actions?: { label?: string | false };
  } | null;
  const domain = (policy?.organizations ?? []).flatMap((o) => o.email_domains ?? []).find((d) => !d.includes("*"));
  if (!domain)
    throw new Error(`${repo.owner}/${repo.repo}:${POLICY_PATH} lists no plain email domain; the smoke check needs one`);
  const label = policy?.actions?.label;
  return { domain, label: label === false ? null : (label ?? "ethics-review") };
}
