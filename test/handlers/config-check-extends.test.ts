// A contributor's proposed policy cannot read other repositories' files into a public check:
// `_extends` in a pull request resolves only to this repository or the owner's .github, and a
// base it may not show is reported the same way whether it exists, is private, or is missing.
import { beforeEach, describe, expect, it } from "@jest/globals";
import nock from "nock";
import { HEAD_SHA, OWNER, REPO, pullRequestReply } from "../helpers/github-replies.js";
import { API, deliver, testApp, tokenExchange, webhookPayload } from "../helpers/probot.js";

const POLICY = "version: 1\norganizations:\n  - name: Palantir Technologies\n    aliases: [Palantir]\n";
const SECRET_FILE =
  "aws_access_key_id: AKIAIOSFODNN7EXAMPLE\naws_secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\ndb_password: hunter2-prod\n";
const SECRETS = [/aws_/i, /AKIA/, /wJalr/, /hunter2/, /db_password/, /exist/i];
type Body = Record<string, unknown>;

/** How many times the app asked GitHub for a file it must not read. */
let forbiddenReads = 0;
beforeEach(() => {
  forbiddenReads = 0;
});

function blob(repo: string, text: string | null) {
  return {
    data: {
      repository:
        text === null
          ? null
          : {
              nameWithOwner: repo,
              policy: {
                __typename: "Blob",
                oid: `oid-${text.length}`,
                byteSize: text.length,
                isBinary: false,
                isTruncated: false,
                text,
              },
            },
    },
    ...(text === null
      ? {
          errors: [
            {
              type: "NOT_FOUND",
              path: ["repository"],
              message: `Could not resolve to a Repository with the name '${repo}'.`,
            },
          ],
        }
      : {}),
  };
}

/** A file GitHub would serve at `repo:path` (null: the repository is missing or invisible). */
function file(repo: string, path: string, text: string | null, optional = false) {
  const [owner, name] = repo.split("/");
  return nock(API)
    .post("/graphql", (b: { query: string; variables: Body }) => {
      return (
        b.query.includes("EthicsPolicyFile(") &&
        b.variables.owner === owner &&
        b.variables.repo === name &&
        String(b.variables.expression).endsWith(`:${path}`) &&
        !String(b.variables.expression).startsWith(HEAD_SHA)
      );
    })
    .optionally(optional)
    .reply(200, () => {
      if (optional) forbiddenReads += 1;
      return blob(repo, text);
    });
}

/** Runs one synchronize of a PR proposing `proposal`; returns the configuration check as created. */
async function configCheckFor(
  proposal: string,
  bases: () => nock.Scope[],
): Promise<{ run: Body; scopes: nock.Scope[] }> {
  const runs: Body[] = [];
  const app = await testApp(); // a fresh app: no installation token cached from the last delivery
  tokenExchange();
  nock(API)
    .post("/graphql", (b: { query: string }) => b.query.includes("EthicsPolicyPullRequest("))
    .reply(
      200,
      pullRequestReply({
        policy: POLICY,
        author: { login: "Codertocat", company: "Acme" },
        files: [".github/ethics-policy.yml"],
      }),
    );
  nock(API)
    .post(
      "/graphql",
      (b: { query: string; variables: Body }) =>
        b.query.includes("EthicsPolicyFile(") && String(b.variables.expression).startsWith(HEAD_SHA),
    )
    .reply(200, blob(`${OWNER}/${REPO}`, proposal));
  const scopes = bases();
  nock(API)
    .post("/graphql", (b: { query: string }) => b.query.includes("EthicsPolicyHeadChecks("))
    .reply(200, { data: { repository: { object: { oid: HEAD_SHA, checkSuites: { nodes: [] } } } } });
  nock(API)
    .post(`/repos/${OWNER}/${REPO}/check-runs`)
    .times(2)
    .reply(201, (_u: string, b: nock.Body) => {
      runs.push(b as Body);
      return { id: runs.length };
    });
  await deliver(app, "pull_request", webhookPayload("pull_request", "synchronize"));
  const run = runs.find((r) => r.name === "Ethics policy: configuration");
  if (!run) throw new Error("no configuration check was created");
  return { run, scopes };
}

const proposal = (extendsValue: string) =>
  `_extends: ${extendsValue}\nversion: 1\norganizations:\n  - name: Acme Corp\n`;

describe("_extends in a proposed policy", () => {
  it("never reads another repository's file, and says the same whether it exists, is private or is missing", async () => {
    const target = `${OWNER}/infra-private:deploy/prod.yml`;
    const outputs: string[] = [];
    for (const exists of [true, false]) {
      const { run } = await configCheckFor(proposal(target), () => [
        file(`${OWNER}/infra-private`, "deploy/prod.yml", exists ? SECRET_FILE : null, true),
      ]);
      expect(forbiddenReads).toBe(0); // the app did not even ask
      nock.cleanAll();
      const text = JSON.stringify(run.output);
      expect(run.conclusion).toBe("failure");
      expect(text).toContain("not checked in pull requests");
      for (const secret of [...SECRETS, /infra-private(?!:deploy)/]) expect(text).not.toMatch(secret);
      outputs.push(text);
    }
    expect(outputs[0]).toBe(outputs[1]);
  });

  it("does not read another owner's .github either", async () => {
    const { run } = await configCheckFor(proposal("someone-else/.github"), () => [
      file("someone-else/.github", ".github/ethics-policy.yml", POLICY, true),
    ]);
    expect(forbiddenReads).toBe(0);
    nock.cleanAll();
    expect(JSON.stringify(run.output)).toContain("not checked in pull requests");
  });

  it("reads the owner's .github, but shows nothing of a base there that is invalid or missing", async () => {
    const outputs: string[] = [];
    for (const text of [SECRET_FILE, null, "version: 1\norganizations: {nope: [\n"]) {
      const { run } = await configCheckFor(proposal(".github:deploy/prod.yml"), () => [
        file(`${OWNER}/.github`, "deploy/prod.yml", text),
      ]);
      const out = JSON.stringify(run.output);
      expect(run.conclusion).toBe("failure");
      expect(out).toContain("could not be used as a base");
      for (const secret of SECRETS) expect(out).not.toMatch(secret);
      outputs.push(out);
    }
    expect(new Set(outputs).size).toBe(1);
  });

  it("uses a valid base in the owner's .github, as the merged policy will", async () => {
    const { run } = await configCheckFor(proposal(".github"), () => [
      file(`${OWNER}/.github`, ".github/ethics-policy.yml", POLICY),
    ]);
    expect(run.conclusion).toBe("success");
    expect(JSON.stringify(run.output)).toContain("2 organizations");
  });

  it("shows the problems of a base in this repository, which the contributor can read anyway", async () => {
    const { run } = await configCheckFor(proposal(`${OWNER}/${REPO}:policies/base.yml`), () => [
      file(`${OWNER}/${REPO}`, "policies/base.yml", "organisations: []\n"),
    ]);
    expect(run.conclusion).toBe("failure");
    expect(JSON.stringify(run.output)).toContain('did you mean \\"organizations\\"');
  });
});

describe("lint warnings on a proposed policy", () => {
  it("are warning annotations on a successful configuration check: they never block", async () => {
    const text = 'version: 1\norganizations:\n  - name: Acme Corp\n    aliases: [Inc]\n    email_domains: ["*.com"]\n';
    const { run } = await configCheckFor(text, () => []);
    expect(run.conclusion).toBe("success");
    const output = run.output as { title: string; annotations: Body[] };
    expect(output.title).toContain("2 warnings");
    expect(output.annotations).toEqual([
      expect.objectContaining({ path: ".github/ethics-policy.yml", start_line: 4, annotation_level: "warning" }),
      expect.objectContaining({ path: ".github/ethics-policy.yml", start_line: 5, annotation_level: "warning" }),
    ]);
  });
});
