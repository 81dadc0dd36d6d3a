// POST /graphql: the app's own queries (src/github/query.ts), answered BY OPERATION NAME from
// StandinState in the shapes of src/github/response.ts. This is not a GraphQL engine: each known
// operation returns its whole selection; variables and `@include(if:)` are honoured. Missing
// objects come back as GitHub sends them: `null` plus a NOT_FOUND error with its path, HTTP 200.
import type {
  GqlActor,
  GqlBlob,
  GqlCheckRun,
  GqlComment,
  GqlCommentPage,
  GqlCommitNode,
  GqlCommitPage,
  GqlHeadChecks,
  GqlPolicyRepo,
  GqlProfile,
  GqlPullRequest,
  HeadChecksResponse,
  PolicyFileResponse,
  PullRequestPageResponse,
  PullRequestResponse,
  UsersResponse,
} from "../github/response.js";
import { answerMutation, isMutation, type MutationContext } from "./graphql-mutations.js";
import { checkRunNodeId, labelNodeId, pullNodeId, repoNodeId } from "./node-ids.js";
import { PULL_COMMIT_LISTING_LIMIT } from "./rest-reads.js";
import { fakeSha, type StandinState } from "./state.js";
import type { StandinComment, StandinCommit, StandinPullRequest, StandinRepo, StandinUser } from "./types.js";

export interface GraphqlError {
  type?: string;
  path?: (string | number)[];
  message: string;
}

export interface GraphqlReply {
  data: unknown;
  errors?: GraphqlError[];
}

export const OPERATIONS = [
  "EthicsPolicyPullRequest",
  "EthicsPolicyPullRequestPage",
  "EthicsPolicyHeadChecks",
  "EthicsPolicyFile",
  "EthicsPolicyUsers",
] as const;

/** The operation name in a query text: `query Name(` or `mutation Name {`. */
export function operationNameOf(query: string): string | undefined {
  return /(?:^|[\s}])(?:query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1];
}

type Vars = Record<string, unknown>;

/**
 * Answers one GraphQL request. Mutations (the app's batched writes) need `mutation`: the
 * document and what the REST routes they reuse need (graphql-mutations.ts).
 */
export function answerGraphql(
  state: StandinState,
  operation: string | undefined,
  variables: Vars,
  mutation?: MutationContext,
): GraphqlReply {
  if (mutation && isMutation(mutation.query)) return answerMutation(state, variables, mutation);
  const read = new Reader(state, variables);
  switch (operation) {
    case "EthicsPolicyPullRequest":
      return read.pullRequest();
    case "EthicsPolicyPullRequestPage":
      return read.pullRequestPage();
    case "EthicsPolicyHeadChecks":
      return read.headChecksQuery();
    case "EthicsPolicyFile":
      return read.policyFile();
    case "EthicsPolicyUsers":
      return read.users();
    default:
      return {
        data: null,
        errors: [
          {
            message: `The GitHub stand-in does not know the operation ${JSON.stringify(operation ?? null)}; it answers ${OPERATIONS.join(", ")}.`,
          },
        ],
      };
  }
}

const cursor = (position: number): string => Buffer.from(`cursor:${position}`).toString("base64");

/** The position after which `after` points, 0 for none or a cursor we did not issue. */
function positionAfter(after: unknown): number {
  if (typeof after !== "string") return 0;
  const match = /^cursor:(\d+)$/.exec(Buffer.from(after, "base64").toString("utf8"));
  return match ? Number(match[1]) : 0;
}

function page<T>(
  items: readonly T[],
  first: number,
  after: unknown,
): { nodes: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } {
  const start = Math.min(positionAfter(after), items.length);
  const nodes = items.slice(start, start + Math.max(0, first));
  const end = start + nodes.length;
  return { nodes, pageInfo: { hasNextPage: end < items.length, endCursor: nodes.length ? cursor(end) : null } };
}

const notFound = (path: string[], what: string): GraphqlError => ({
  type: "NOT_FOUND",
  path,
  message: `Could not resolve to ${what}.`,
});

class Reader {
  readonly errors: GraphqlError[] = [];

  constructor(
    private readonly state: StandinState,
    private readonly vars: Vars,
  ) {}

  private string(name: string): string {
    const value = this.vars[name];
    return typeof value === "string" ? value : "";
  }

  private reply(data: unknown): GraphqlReply {
    return this.errors.length ? { data, errors: this.errors } : { data };
  }

  private repository(path: string, owner: string, name: string): StandinRepo | null {
    const repo = this.state.repo(owner, name);
    if (!repo) this.errors.push(notFound([path], `a Repository with the name '${owner}/${name}'`));
    return repo ?? null;
  }

  private pull(repo: StandinRepo): StandinPullRequest | null {
    const number = Number(this.vars.number);
    const pr = this.state.pullRequest(repo.owner, repo.name, number);
    if (!pr) this.errors.push(notFound(["repository", "pullRequest"], `a PullRequest with the number of ${number}`));
    return pr ?? null;
  }

  pullRequest(): GraphqlReply {
    const owner = this.string("owner");
    const repo = this.repository("repository", owner, this.string("repo"));
    const pr = repo && this.pull(repo);
    const config = this.repository("ownerConfig", owner, ".github");
    const expression = this.string("policyExpression");
    const data: PullRequestResponse = {
      repository: repo && {
        id: repoNodeId(repo),
        ...this.policyRepo(repo, expression),
        defaultBranchRef: { name: repo.defaultBranch },
        label: this.label(repo, this.string("labelName")),
        pullRequest: pr && this.pullRequestNode(pr),
      },
      ownerConfig: config && this.policyRepo(config, expression),
    };
    return this.reply(data);
  }

  pullRequestPage(): GraphqlReply {
    const repo = this.repository("repository", this.string("owner"), this.string("repo"));
    const pr = repo && this.pull(repo);
    const more: NonNullable<PullRequestPageResponse["repository"]>["pullRequest"] = pr && {};
    if (pr && more && this.vars.withCommits === true) {
      more.commits = this.commitPage(pr, Number(this.vars.commitsFirst ?? 100), this.vars.commitsAfter);
    }
    if (pr && more && this.vars.withComments === true) more.comments = this.commentPage(pr, this.vars.commentsAfter);
    const data: PullRequestPageResponse = { repository: repo && { pullRequest: more } };
    return this.reply(data);
  }

  headChecksQuery(): GraphqlReply {
    const repo = this.repository("repository", this.string("owner"), this.string("repo"));
    const oid = this.string("oid");
    const data: HeadChecksResponse = {
      repository: repo && {
        object: this.state.hasCommit(repo.owner, repo.name, oid) ? this.headChecks(repo, oid) : null,
      },
    };
    return this.reply(data);
  }

  policyFile(): GraphqlReply {
    const repo = this.repository("repository", this.string("owner"), this.string("repo"));
    const data: PolicyFileResponse = { repository: repo && this.policyRepo(repo, this.string("expression")) };
    return this.reply(data);
  }

  users(): GraphqlReply {
    const data: UsersResponse = {};
    const indexes = Object.keys(this.vars)
      .map((k) => /^l(\d+)$/.exec(k)?.[1])
      .filter((i): i is string => i !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    for (const i of indexes) {
      const login = String(this.vars[`l${i}`]);
      const user = this.state.user(login);
      if (user && user.type === "User") data[`u${i}`] = this.profile(user);
      else {
        data[`u${i}`] = null;
        this.errors.push(notFound([`u${i}`], `a User with the login of '${login}'`));
      }
    }
    return this.reply(data);
  }

  private policyRepo(repo: StandinRepo, expression: string): GqlPolicyRepo {
    return { nameWithOwner: `${repo.owner}/${repo.name}`, policy: this.blob(repo, expression) };
  }

  /** `object(expression: "REF:path")`: only the default branch (HEAD or its name) holds files. */
  private blob(repo: StandinRepo, expression: string): GqlBlob | null {
    const colon = expression.indexOf(":");
    if (colon < 0) return null;
    const ref = expression.slice(0, colon);
    if (ref !== "HEAD" && ref !== repo.defaultBranch) return null;
    const file = repo.files.get(expression.slice(colon + 1).replace(/^\/+/, ""));
    if (!file) return null;
    return {
      __typename: "Blob",
      oid: file.oid,
      byteSize: Buffer.byteLength(file.text),
      isBinary: false,
      isTruncated: false,
      text: file.text,
    };
  }

  private profile(user: StandinUser): GqlProfile {
    return {
      login: user.login,
      company: user.company,
      bio: user.bio,
      // GitHub answers "" (never null) when a user shows no public email.
      email: user.email ?? "",
      websiteUrl: user.websiteUrl,
      organizations: { nodes: user.organizations.map((login) => ({ login })) },
    };
  }

  /** A login with no seeded user: a User whose profile is empty. */
  private profileOf(login: string): GqlProfile {
    return this.profile(
      this.state.user(login) ?? {
        login,
        type: "User",
        company: null,
        bio: null,
        email: null,
        websiteUrl: null,
        organizations: [],
      },
    );
  }

  private actor(login: string | null): GqlActor | null {
    if (login === null) return null;
    const user = this.state.user(login);
    // GraphQL spells a Bot's login without the "[bot]" that REST and webhooks add.
    if (user && user.type !== "User") return { __typename: user.type, login: user.login.replace(/\[bot\]$/, "") };
    return { __typename: "User", ...this.profileOf(login) };
  }

  /** `Repository.label(name:)`: matched case-insensitively, null when there is none. */
  private label(repo: StandinRepo, name: string): { id: string; name: string } | null {
    const found = repo.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
    return found ? { id: labelNodeId(repo, found.name), name: found.name } : null;
  }

  private pullRequestNode(pr: StandinPullRequest): GqlPullRequest {
    const repo = this.state.repo(pr.owner, pr.repo) as StandinRepo;
    const head = pr.commits.at(-1);
    return {
      id: pullNodeId(pr),
      number: pr.number,
      headRefOid: pr.headSha,
      baseRefOid: fakeSha("base", pr.owner, pr.repo, pr.number),
      state: pr.state === "open" ? "OPEN" : pr.state === "merged" ? "MERGED" : "CLOSED",
      isDraft: pr.draft,
      author: this.actor(pr.authorLogin),
      labels: { nodes: pr.labels.slice(0, 100).map((name) => ({ id: labelNodeId(repo, name), name })) },
      comments: this.commentPage(pr, undefined),
      commits: this.commitPage(pr, Number(this.vars.commitsFirst ?? 100), undefined),
      headCommit: { nodes: head ? [{ commit: this.headChecks(repo, head.sha) }] : [] },
      files: {
        pageInfo: { hasNextPage: pr.files.length > 100 },
        nodes: pr.files.slice(0, 100).map((path) => ({ path })),
      },
    };
  }

  private commitPage(pr: StandinPullRequest, first: number, after: unknown): GqlCommitPage {
    // As on GitHub, the listing stops at 250 commits while totalCount tells the whole number.
    const { nodes, pageInfo } = page(pr.commits.slice(0, PULL_COMMIT_LISTING_LIMIT), Math.min(100, first), after);
    return { totalCount: pr.commits.length, pageInfo, nodes: nodes.map((c) => this.commitNode(c)) };
  }

  private commitNode(c: StandinCommit): GqlCommitNode {
    const author = c.author.login ? this.state.user(c.author.login) : undefined;
    return {
      commit: {
        oid: c.sha,
        message: c.message,
        author: {
          name: c.author.name,
          email: c.author.email,
          // GitActor.user is a User: an email linked to a bot or to nobody gives null.
          user: c.author.login && (!author || author.type === "User") ? this.profileOf(c.author.login) : null,
        },
        committer: {
          name: c.committer.name,
          email: c.committer.email,
          user: c.committer.login ? { login: c.committer.login } : null,
        },
      },
    };
  }

  private actorType(login: string): string {
    return /\[bot\]$/.test(login) || this.state.user(login)?.type === "Bot" ? "Bot" : "User";
  }

  private commentPage(pr: StandinPullRequest, after: unknown): GqlCommentPage {
    const { nodes, pageInfo } = page(pr.comments, 100, after);
    return { pageInfo, nodes: nodes.map((c) => this.comment(c)) };
  }

  private comment(c: StandinComment): GqlComment {
    return {
      id: c.nodeId,
      fullDatabaseId: String(c.id),
      body: c.body,
      createdAt: c.createdAt,
      lastEditedAt: c.lastEditedAt ?? null,
      viewerDidAuthor: c.viaApp,
      // An Actor: GraphQL spells a bot's login without "[bot]".
      author: c.viaApp
        ? { __typename: "Bot", login: this.state.appSlug }
        : { __typename: this.actorType(c.authorLogin), login: c.authorLogin.replace(/\[bot\]$/, "") },
      editor: c.editorLogin ? { login: c.editorLogin.replace(/\[bot\]$/, "") } : null,
    };
  }

  /**
   * The commit's check suites from the app with `$appId`, each holding its latest run named
   * `$checkName` (checkType: LATEST): GitHub groups an app's runs on a commit into one suite.
   */
  private headChecks(repo: StandinRepo, oid: string): GqlHeadChecks {
    const appId = Number(this.vars.appId);
    const name = this.string("checkName");
    const runs = this.state.checkRunsOf(repo.owner, repo.name, oid).filter((r) => r.appId === appId);
    const latest = runs.filter((r) => r.name === name).sort((a, b) => b.id - a.id)[0];
    const node = (r: typeof latest & object): GqlCheckRun => ({
      id: checkRunNodeId(r),
      databaseId: r.id,
      status: r.status.toUpperCase(),
      conclusion: r.conclusion?.toUpperCase() ?? null,
      title: r.title,
      summary: r.summary,
    });
    return { oid, checkSuites: { nodes: runs.length ? [{ checkRuns: { nodes: latest ? [node(latest)] : [] } }] : [] } };
  }
}
