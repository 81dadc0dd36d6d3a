// The demo's sample world: one repository with an Entropic-style policy, five pull requests, and
// what the app is expected to do with each. Everything here is made up except the policy's first
// organization and its reason, which follow the Entropic maintainer's 2019 request.
import type { GitHubStandin, PullRequestSeed, UserSeed } from "../standin/github-standin.js";

export const OWNER = "entropic-demo";
export const REPO = "registry";
export const DEFAULT_BRANCH = "main";
export const POLICY_PATH = ".github/ethics-policy.yml";

export const POLICY = `# yaml-language-server: $schema=../schema/ethics-policy.schema.json
version: 1
statement: >-
  This project does not accept contributions made on behalf of organizations that build
  tooling for mass surveillance and deportation.
policy_url: ETHICS.md
organizations:
  - name: Palantir Technologies
    aliases: [Palantir]
    github_orgs: [palantir]
    email_domains: [palantir.com, "*.palantir.com"]
    reason: Builds ICE's case-management and deportation-targeting software.
  - name: Argus Surveillance Systems
    aliases: [Argus Surveillance]
    github_orgs: [argus-surveillance]
    email_domains: [argus-surveillance.example]
    reason: A fictional company, for this demo. Sells face recognition for dragnet surveillance.
`;

/** What the app should do with a pull request; the demo fails if it does anything else. */
export interface Expectation {
  flagged: boolean;
  /** Whether the author is exempt (checked when given). */
  exempt?: boolean;
  /** Labels the pull request must carry afterwards. */
  labels: string[];
  /** The "Ethics policy" check run's conclusion. */
  conclusion: "success" | "neutral" | "action_required";
  /** Whether the app posts its comment. */
  comment: boolean;
  /** Text the comment must contain: the evidence that should have been found. */
  evidence: string[];
}

export interface SamplePullRequest {
  number: number;
  title: string;
  /** One line for the timeline: what is special about this pull request. */
  story: string;
  author: UserSeed;
  commits: NonNullable<PullRequestSeed["commits"]>;
  expect: Expectation;
}

const FLAGGED: Omit<Expectation, "evidence"> = {
  flagged: true,
  labels: ["ethics-review"],
  conclusion: "neutral",
  comment: true,
};
const CLEAR: Expectation = { flagged: false, labels: [], conclusion: "success", comment: false, evidence: [] };

const noreply = (id: number, login: string) => `${id}+${login}@users.noreply.github.com`;

export const PULL_REQUESTS: SamplePullRequest[] = [
  {
    number: 1,
    title: "Cache package tarballs on disk",
    story: "the author's profile says they work at Palantir",
    author: { login: "pat-k", company: "Palantir Technologies" },
    commits: [
      {
        message: "Cache package tarballs on disk",
        author: { name: "Pat K", email: noreply(1001, "pat-k"), login: "pat-k" },
      },
    ],
    expect: { ...FLAGGED, evidence: ["Palantir Technologies", "company"] },
  },
  {
    number: 2,
    title: "Fix a race in the publish lock",
    story: "a clean profile, but the commit was written with a palantir.com email",
    author: { login: "sam-r" },
    commits: [
      {
        message: "Fix a race in the publish lock",
        author: { name: "Sam R", email: "sam@palantir.com", login: "sam-r" },
      },
    ],
    expect: { ...FLAGGED, evidence: ["palantir.com"] },
  },
  {
    number: 3,
    title: "Retry registry uploads",
    story: "the commit is co-authored by someone at an Argus Surveillance address",
    author: { login: "alex-m", company: "Independent" },
    commits: [
      {
        message: "Retry registry uploads\n\nCo-authored-by: Jo Doe <jo@argus-surveillance.example>",
        author: { name: "Alex M", email: noreply(1003, "alex-m"), login: "alex-m" },
      },
    ],
    expect: { ...FLAGGED, evidence: ["Argus Surveillance Systems", "argus-surveillance.example"] },
  },
  {
    number: 4,
    title: "Document the search API",
    story: "no affiliation with a listed organization",
    author: { login: "casey-d", company: "Acme Widgets" },
    commits: [
      {
        message: "Document the search API",
        author: { name: "Casey D", email: "casey@acme-widgets.example", login: "casey-d" },
      },
    ],
    expect: { ...CLEAR, exempt: false },
  },
  {
    number: 5,
    title: "Bump semver from 7.6.0 to 7.6.3",
    story: "opened by a bot: bots are exempt by default",
    author: { login: "dependabot[bot]", type: "Bot" },
    commits: [
      {
        message: "Bump semver from 7.6.0 to 7.6.3",
        author: { name: "dependabot[bot]", email: noreply(49699333, "dependabot[bot]"), login: "dependabot[bot]" },
      },
    ],
    expect: { ...CLEAR, exempt: true },
  },
];

/** Seeds the stand-in with the repository, the authors and the open pull requests. */
export function seedScenario(standin: GitHubStandin, pullRequests: SamplePullRequest[] = PULL_REQUESTS): void {
  standin.addRepo({
    owner: OWNER,
    name: REPO,
    defaultBranch: DEFAULT_BRANCH,
    files: { [POLICY_PATH]: POLICY, "ETHICS.md": "# Our ethics policy\n" },
    roles: { "maintainer-mo": "maintain" },
  });
  for (const pr of pullRequests) {
    standin.addUser(pr.author);
    standin.addPullRequest({
      owner: OWNER,
      repo: REPO,
      number: pr.number,
      title: pr.title,
      author: pr.author.login,
      commits: pr.commits,
    });
  }
}
