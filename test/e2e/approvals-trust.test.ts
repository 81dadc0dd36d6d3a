// Approvals nobody can forge or lose, end to end: the real Probot server, signed webhooks, the
// GitHub stand-in. Each attack records whether a forged or edited record was believed, and each
// loss path whether an approval went missing; both figures must end at 0.
import { describe, expect, it, jest } from "@jest/globals";
import type { GitHubStandin } from "../../src/standin/github-standin.js";
import { fakeSha } from "../../src/standin/state.js";
import { COMMENT_MARKER } from "../../src/state/marker.js";
import { deliver, startApp, useStandinAndApp, type RunningApp } from "../helpers/e2e.js";
import { recordFigures } from "../helpers/figures.js";
import {
  appChecks,
  appComments,
  audit,
  CLEAN,
  checkRunPayload,
  commentPayload,
  MAINTAINER,
  OWNER,
  POLICY,
  pushCommit,
  REPO,
  seedPull,
  type SeededPull,
} from "../helpers/reliability.js";
import { claimedState, legacyStateLine } from "../helpers/state.js";
import { runCli } from "../../src/cli.js";

// A watchdog against a hang on a busy machine, not a time budget.
jest.setTimeout(60_000);

let standin: GitHubStandin;
let app: RunningApp;
useStandinAndApp((s, a) => {
  standin = s;
  app = a;
});

const WRITER = "wally-writes";
let numbers = 100;

function seed(options: Parameters<typeof seedPull>[1] = { number: ++numbers }): SeededPull {
  const pull = seedPull(standin, options);
  standin.setRole(OWNER, REPO, WRITER, "write");
  standin.addUser({ login: WRITER });
  return pull;
}

const approveAs = (pull: SeededPull, login: string, body = "/ethics-policy approve reviewed the evidence") =>
  deliver(app, { event: "issue_comment", payload: commentPayload(standin, pull, body, login) });

/** Flagged now: label on, check not success, and no approval in effect. */
function isFlagged(pull: SeededPull): boolean {
  const check = appChecks(standin, standin.pullRequest(OWNER, REPO, pull.number).headSha).at(-1);
  return (
    standin.pullRequest(OWNER, REPO, pull.number).labels.includes("ethics-review") && check?.conclusion !== "success"
  );
}

/** Records the attack's outcome: 1 if the forgery was believed. */
function attackOutcome(pull: SeededPull): void {
  recordFigures({ hostileInputs: 1, forgedAccepted: isFlagged(pull) ? 0 : 1 });
}

function replies(pull: SeededPull): string[] {
  return standin
    .pullRequest(OWNER, REPO, pull.number)
    .comments.filter((c) => c.viaApp && !c.body.includes(COMMENT_MARKER))
    .map((c) => c.body);
}

const forgedApproval = (pull: SeededPull, by: string) =>
  legacyStateLine({
    head_sha: pull.headSha,
    flagged: false,
    organizations: [],
    approvals: [
      {
        by,
        at: "2026-11-01T00:00:00Z",
        reason: "forged",
        author: pull.author,
        head_sha: pull.headSha,
        organizations: ["Palantir Technologies"],
        evidence: [],
      },
    ],
  });

describe("forged records are never believed", () => {
  it.each([
    ["a maintainer", MAINTAINER],
    ["the pull request's author", "author"],
  ])("a write user appends a state line with an approval by %s, then anyone asks for a recheck", async (_name, who) => {
    const pull = seed();
    await deliver(app, { event: "pull_request", payload: pull.payload() });
    const comment = appComments(standin, pull.number)[0]!;
    const by = who === "author" ? pull.author : who;
    standin.state.editComment(comment, `${comment.body}\n${forgedApproval(pull, by)}`, WRITER);

    await deliver(app, {
      event: "issue_comment",
      payload: commentPayload(standin, pull, "/ethics-policy recheck", pull.author),
    });
    attackOutcome(pull);

    expect(isFlagged(pull)).toBe(true);
    const body = appComments(standin, pull.number)[0]!.body;
    expect(body).toContain("**Record edited**");
    expect(body).toContain(`changed by ${WRITER.replace(/-/g, "\\-")}`);
    expect(body).toContain("It claimed 1 approval; none of them count");
    expect(claimedState(body)?.approvals).toEqual([]);
    const check = appChecks(standin, pull.headSha).at(-1);
    expect(check?.title).toContain(`record edited by ${WRITER}`);
    expect(check?.summary).toContain("Approvals must be given again");
    const warning = app.logs.find((l) => String(l.msg).includes("was edited or does not verify"));
    expect(warning).toMatchObject({ kind: "signature", editors: [WRITER], voided: 1 });
    expect(JSON.stringify(warning)).not.toContain("ethics-policy:state");

    // The notice stays until a maintainer approves again, which works as usual.
    await approveAs(pull, MAINTAINER);
    expect(isFlagged(pull)).toBe(false);
    expect(audit(standin, pull, { approvedBy: [MAINTAINER] })).toEqual(CLEAN);
  });

  it("an edit of the visible text alone, keeping the signed line, still voids the record's approvals", async () => {
    const pull = seed();
    await deliver(app, { event: "pull_request", payload: pull.payload() });
    await approveAs(pull, MAINTAINER);
    expect(isFlagged(pull)).toBe(false);
    const comment = appComments(standin, pull.number)[0]!;
    standin.state.editComment(comment, comment.body.replace("approved", "APPROVED"), WRITER);
    pushCommit(standin, pull, fakeSha("visible-edit", pull.number));

    await deliver(app, { event: "pull_request", payload: pull.payload("synchronize") });
    recordFigures({ hostileInputs: 1 });

    expect(isFlagged(pull)).toBe(true);
    expect(appComments(standin, pull.number)[0]!.body).toContain(`edited by ${WRITER.replace(/-/g, "\\-")}`);
  });

  it("a record copied from another pull request does not verify there", async () => {
    const approved = seed();
    await deliver(app, { event: "pull_request", payload: approved.payload() });
    await approveAs(approved, MAINTAINER);
    const signed = appComments(standin, approved.number)[0]!.body;
    const target = seed({ number: ++numbers, author: approved.author });
    const pr = standin.pullRequest(OWNER, REPO, target.number);
    await deliver(app, { event: "pull_request", payload: target.payload() });
    standin.state.editComment(appComments(standin, target.number)[0]!, signed, WRITER);

    await deliver(app, { event: "pull_request", payload: target.payload("edited") });
    attackOutcome(target);

    expect(isFlagged(target)).toBe(true);
    expect(pr.labels).toEqual(["ethics-review"]);
  });

  it("approve in a code block, an indented block, a quote or an HTML comment is no command", async () => {
    const pull = seed();
    await deliver(app, { event: "pull_request", payload: pull.payload() });
    for (const body of [
      "```\n/ethics-policy approve\n```",
      "~~~~md\n/ethics-policy approve hidden\n~~~~",
      "Example:\n\n    /ethics-policy approve",
      "> /ethics-policy approve quoted",
      "<!--\n/ethics-policy approve invisible\n-->",
      "text <!-- /ethics-policy approve -->",
    ]) {
      await approveAs(pull, MAINTAINER, body);
      attackOutcome(pull);
    }
    expect(isFlagged(pull)).toBe(true);
    expect(replies(pull)).toEqual([]);
  });

  it("the author is refused on every route, with one reply each, redelivery or not", async () => {
    const pull = seed();
    standin.setRole(OWNER, REPO, pull.author, "admin");
    await deliver(app, { event: "pull_request", payload: pull.payload() });
    const command = commentPayload(standin, pull, "/ethics-policy approve my own", pull.author);
    await deliver(app, { event: "issue_comment", payload: command, id: `own-${pull.number}` });
    await deliver(app, { event: "issue_comment", payload: command, id: `own-again-${pull.number}` });
    const button = checkRunPayload(standin, pull, "requested_action", pull.author);
    await deliver(app, { event: "check_run", payload: button });
    await deliver(app, { event: "check_run", payload: button });
    attackOutcome(pull);

    expect(isFlagged(pull)).toBe(true);
    const sent = replies(pull);
    expect(sent).toHaveLength(2);
    for (const r of sent) expect(r).toContain("the author of a pull request cannot approve it");
  });

  it("a write user's approval is refused with a reply, by command and by button", async () => {
    const pull = seed();
    await deliver(app, { event: "pull_request", payload: pull.payload() });
    await approveAs(pull, WRITER);
    await deliver(app, { event: "check_run", payload: checkRunPayload(standin, pull, "requested_action", WRITER) });
    attackOutcome(pull);
    expect(isFlagged(pull)).toBe(true);
    expect(replies(pull)).toEqual([
      expect.stringContaining("approving needs the maintain role"),
      expect.stringContaining("approving needs the maintain role"),
    ]);
  });
});

describe("approvals bind to what the approver saw", () => {
  it("a push with new evidence that lands while the approval is on its way asks again (sequenced with hold)", async () => {
    const pull = seed();
    await deliver(app, { event: "pull_request", payload: pull.payload() });
    // The approval is held at its role lookup; meanwhile a push brings an affiliated co-author.
    const held = standin.hold({ path: /\/collaborators\/[^/]+\/permission/ });
    const approving = approveAs(pull, MAINTAINER);
    await held.reached;
    pushCommit(standin, pull, fakeSha("race", pull.number));
    standin.pullRequest(OWNER, REPO, pull.number).commits.at(-1)!.message =
      "Change\n\nCo-authored-by: Pat <pat@palantir.com>";
    // Answered once its job is stored: the queue is busy with the held approval until release.
    await deliver(app, { event: "pull_request", payload: pull.payload("synchronize"), settle: false });
    held.release();
    await approving;
    await app.idle();

    expect(isFlagged(pull)).toBe(true);
    expect(replies(pull)).toEqual([expect.stringContaining("the evidence is not what the app showed")]);
    expect(claimedState(appComments(standin, pull.number)[0]!.body)?.approvals).toEqual([]);
    // Approving again, having seen the new evidence, works.
    await approveAs(pull, MAINTAINER);
    expect(isFlagged(pull)).toBe(false);
    expect(audit(standin, pull, { approvedBy: [MAINTAINER] })).toEqual(CLEAN);
  });
});

describe("approvals are never lost", () => {
  it("an unlinked work email is one piece of evidence across any number of commits", async () => {
    const email = "pat.unlinked@palantir.com";
    const pull = seed({ number: ++numbers, company: null, email, shas: [fakeSha("unlinked", 0)] });
    const pr = standin.pullRequest(OWNER, REPO, pull.number);
    pr.commits[0]!.author.login = null;
    await deliver(app, { event: "pull_request", payload: pull.payload() });
    expect(isFlagged(pull)).toBe(true);
    await approveAs(pull, MAINTAINER);
    for (let i = 1; i <= 3; i++) {
      pushCommit(standin, pull, fakeSha("unlinked", i), email);
      pr.commits.at(-1)!.author.login = null;
      await deliver(app, { event: "pull_request", payload: pull.payload("synchronize") });
      expect(isFlagged(pull)).toBe(false);
    }
    expect(audit(standin, pull, { approvedBy: [MAINTAINER] })).toEqual(CLEAN);
  });

  it("with actions.comment: false the approval is kept in a record comment and survives the next commit", async () => {
    const pull = seed();
    standin.setFile(OWNER, REPO, ".github/ethics-policy.yml", `${POLICY}actions:\n  comment: false\n`);
    try {
      await deliver(app, { event: "pull_request", payload: pull.payload() });
      expect(appComments(standin, pull.number)).toEqual([]);
      await approveAs(pull, MAINTAINER);
      expect(replies(pull)).toEqual([expect.stringContaining("Recorded")]);
      const record = appComments(standin, pull.number);
      expect(record).toHaveLength(1);
      expect(record[0]!.body).toContain("approval record");
      expect(record[0]!.body).not.toContain("| Evidence |");

      pushCommit(standin, pull, fakeSha("no-comment", pull.number));
      await deliver(app, { event: "pull_request", payload: pull.payload("synchronize") });
      expect(isFlagged(pull)).toBe(false);
      expect(audit(standin, pull, { approvedBy: [MAINTAINER] })).toEqual(CLEAN);
    } finally {
      standin.setFile(OWNER, REPO, ".github/ethics-policy.yml", POLICY);
    }
  });

  it("a 300-commit pull request with many pieces of evidence and approvals stays under GitHub's comment limit", async () => {
    const shas = Array.from({ length: 300 }, (_, i) => fakeSha("long", i));
    const pull = seed({ number: ++numbers, company: null, shas });
    const pr = standin.pullRequest(OWNER, REPO, pull.number);
    // Every commit by another unlinked affiliated address: 300 pieces of evidence.
    pr.commits.forEach((c, i) => (c.author = { name: `Dev ${i}`, email: `dev.${i}@palantir.com`, login: null }));
    await deliver(app, { event: "pull_request", payload: pull.payload() });
    const approvers = [MAINTAINER, "maint-2", "maint-3"];
    for (const login of approvers) {
      standin.setRole(OWNER, REPO, login, "maintain");
      // New evidence before each approval, so each one is a real approval.
      pushCommit(standin, pull, fakeSha("long-more", login), `${login}@palantir.com`);
      pr.commits.at(-1)!.author.login = null;
      await deliver(app, { event: "pull_request", payload: pull.payload("synchronize") });
      await approveAs(pull, login, `/ethics-policy approve ${"checked each address by hand; ".repeat(15)}`);
    }
    const body = appComments(standin, pull.number)[0]!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(isFlagged(pull)).toBe(false);
    expect(audit(standin, pull, { approvedBy: approvers })).toEqual(CLEAN);
  });
});

describe("the app's own comment", () => {
  it("is known by the app's bot login, looked up once with GET /app", async () => {
    const lookingUp = await startApp(standin, { lookUpBotLogin: true });
    try {
      const pull = seed();
      await deliver(lookingUp, { event: "pull_request", payload: pull.payload() });
      await deliver(lookingUp, { event: "pull_request", payload: pull.payload("edited") });
      expect(standin.requests.filter((r) => r.method === "GET" && r.path === "/app")).toHaveLength(1);
      expect(appComments(standin, pull.number)).toHaveLength(1);
      expect(audit(standin, pull)).toEqual(CLEAN);
    } finally {
      await lookingUp.stop();
    }
  });
});

describe("ethics-policy approvals OWNER/REPO", () => {
  async function cli(args: string[], env: Record<string, string>) {
    let stdout = "";
    let stderr = "";
    const io = {
      stdout: (t: string) => (stdout += t),
      stderr: (t: string) => (stderr += t),
      readFile: () => "",
      fileSize: () => 0,
      env: { GITHUB_TOKEN: "ghs_standin_1", ...env },
    };
    const code = await runCli(["approvals", `${OWNER}/${REPO}`, "--api-url", standin.url, ...args], io);
    return { code, stdout, stderr };
  }

  it("lists every verified approval across pull requests, and tampered records as such", async () => {
    const first = seed();
    const second = seed();
    const tampered = seed();
    for (const pull of [first, second, tampered]) {
      await deliver(app, { event: "pull_request", payload: pull.payload() });
      await approveAs(pull, MAINTAINER, `/ethics-policy approve checked #${pull.number}`);
    }
    const comment = appComments(standin, tampered.number)[0]!;
    standin.state.editComment(comment, `${comment.body}\n${forgedApproval(tampered, MAINTAINER)}`, WRITER);

    const json = await cli(["--format", "json"], { ETHICS_POLICY_STATE_KEY: app.stateSecret });
    expect(json.stderr).toBe("");
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as {
      pull: number;
      record: string;
      kind: string;
      by: string;
      reason: string;
    }[];
    expect(rows.filter((r) => r.kind === "approval").map((r) => [r.pull, r.by, r.record])).toEqual([
      [first.number, MAINTAINER, "verified"],
      [second.number, MAINTAINER, "verified"],
    ]);
    expect(rows).toContainEqual(
      expect.objectContaining({ pull: tampered.number, record: "tampered", kind: "unverifiable" }),
    );

    const csv = await cli(["--format", "csv", "--since", "2026-11-30T00:00:00Z"], {
      ETHICS_POLICY_STATE_KEY: app.stateSecret,
    });
    expect(csv.stdout.split("\r\n")[0]).toBe("pull,record,kind,at,by,role,author,head_sha,via,organizations,reason");
    expect(csv.stdout).toContain(`${first.number},verified,approval,`);
    const later = await cli(["--format", "md", "--since", "2027-01-01"], { ETHICS_POLICY_STATE_KEY: app.stateSecret });
    expect(later.stdout).not.toContain("| approval |");

    // Another key: nothing is taken for an approval.
    const wrong = await cli(["--format", "json"], {
      ETHICS_POLICY_STATE_KEY: "not the app's key, but long enough to be one",
    });
    expect((JSON.parse(wrong.stdout) as { kind: string }[]).every((r) => r.kind === "unverifiable")).toBe(true);
    const none = await cli([], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("ETHICS_POLICY_STATE_KEY");
  });
});
