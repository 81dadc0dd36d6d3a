// The stand-in's memory: repositories, users, pull requests, check runs and team memberships.
// Names are matched case-insensitively, as GitHub does. No I/O here: the REST and GraphQL
// modules read and write this, and the server exposes it for seeding and inspection.
import { createHash } from "node:crypto";
import type {
  CheckRunSeed,
  CommitSeed,
  PullRequestSeed,
  RepoSeed,
  StandinCheckRun,
  StandinComment,
  StandinCommit,
  StandinFile,
  StandinLabel,
  StandinPullRequest,
  StandinRepo,
  StandinUser,
  UserSeed,
} from "./types.js";

/** GitHub's database ids no longer fit 32 bits; starting above 2^31 keeps the app honest. */
const FIRST_COMMENT_ID = 2_200_000_001;
const FIRST_CHECK_RUN_ID = 30_000_000_001;
const DEFAULT_LABEL_COLOR = "ededed";

export const key = (...parts: (string | number)[]): string => parts.join("/").toLowerCase();

/** The git blob id of a text, as `git hash-object` and GitHub compute it. */
export function blobOid(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** A stable, 40-hex fake commit sha. */
export function fakeSha(...seed: (string | number)[]): string {
  return createHash("sha1").update(seed.join("\0")).digest("hex");
}

/** The object without its undefined members, so spreading it keeps defaults. */
function defined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export class StandinState {
  readonly repos = new Map<string, StandinRepo>();
  readonly users = new Map<string, StandinUser>();
  readonly pulls = new Map<string, StandinPullRequest>();
  readonly checkRuns: StandinCheckRun[] = [];
  // Look-ups GitHub answers in constant time stay constant here, so a run that writes many check
  // runs does not make the stand-in (and a benchmark sharing its process) slower with every event.
  readonly #checkRunsByRepo = new Map<string, StandinCheckRun[]>();
  /** "org/team-slug" → member logins (lower case). */
  readonly teams = new Map<string, Set<string>>();
  #nextCommentId = FIRST_COMMENT_ID;
  #nextCheckRunId = FIRST_CHECK_RUN_ID;
  #clock = 0;

  /**
   * @param webUrl where the server's web pages are: "https://github.com", or a GitHub Enterprise
   * Server's address. The API's `url`/`html_url` fields start with it.
   */
  constructor(
    readonly appSlug: string,
    readonly webUrl = "https://github.com",
  ) {}

  reset(): void {
    this.repos.clear();
    this.users.clear();
    this.pulls.clear();
    this.checkRuns.length = 0;
    this.#checkRunsByRepo.clear();
    this.teams.clear();
    this.#nextCommentId = FIRST_COMMENT_ID;
    this.#nextCheckRunId = FIRST_CHECK_RUN_ID;
    this.#clock = 0;
  }

  /** Deterministic, increasing timestamps. */
  timestamp(): string {
    return new Date(Date.UTC(2026, 0, 1) + this.#clock++ * 1000).toISOString().replace(".000Z", "Z");
  }

  addRepo(seed: RepoSeed): StandinRepo {
    const repo: StandinRepo = {
      owner: seed.owner,
      name: seed.name,
      defaultBranch: seed.defaultBranch ?? "main",
      files: new Map(),
      history: new Map(),
      labels: (seed.labels ?? []).map((l) =>
        typeof l === "string" ? { name: l, color: DEFAULT_LABEL_COLOR, description: null } : { ...l },
      ),
      roles: new Map(Object.entries(seed.roles ?? {}).map(([login, role]) => [login.toLowerCase(), role])),
      archived: seed.archived ?? false,
    };
    this.repos.set(key(seed.owner, seed.name), repo);
    for (const [path, text] of Object.entries(seed.files ?? {})) this.setFile(seed.owner, seed.name, path, text);
    return repo;
  }

  repo(owner: string, name: string): StandinRepo | undefined {
    return this.repos.get(key(owner, name));
  }

  /** Names the default branch's files as they are now with a commit sha, as a later push's `before`. */
  commitDefaultBranch(owner: string, name: string, sha: string): void {
    const repo = this.repo(owner, name);
    if (!repo) throw new Error(`stand-in: no repository ${owner}/${name}; addRepo first`);
    repo.history.set(sha, new Map(repo.files));
  }

  /** Writes (or, with null, deletes) a file on the repository's default branch. */
  setFile(owner: string, name: string, path: string, text: string | null): void {
    const repo = this.repo(owner, name);
    if (!repo) throw new Error(`stand-in: no repository ${owner}/${name}; addRepo first`);
    const clean = path.replace(/^\/+/, "");
    if (text === null) repo.files.delete(clean);
    else repo.files.set(clean, { text, oid: blobOid(text) });
  }

  addUser(seed: UserSeed): StandinUser {
    const user: StandinUser = {
      type: "User",
      company: null,
      bio: null,
      email: null,
      websiteUrl: null,
      organizations: [],
      ...seed,
    };
    this.users.set(key(seed.login), user);
    return user;
  }

  user(login: string): StandinUser | undefined {
    return this.users.get(key(login));
  }

  addPullRequest(seed: PullRequestSeed): StandinPullRequest {
    const repo = this.repo(seed.owner, seed.repo);
    if (!repo) throw new Error(`stand-in: no repository ${seed.owner}/${seed.repo}; addRepo first`);
    const number = seed.number ?? this.nextNumber(repo);
    const commits = (seed.commits ?? [{ sha: seed.headSha }]).map((c, i) => this.commit(seed, number, c, i));
    const pr: StandinPullRequest = {
      owner: repo.owner,
      repo: repo.name,
      number,
      title: seed.title ?? `Pull request ${number}`,
      authorLogin: seed.author,
      headSha: seed.headSha ?? commits.at(-1)?.sha ?? fakeSha(repo.owner, repo.name, number),
      headRef: seed.headRef ?? `change-${number}`,
      headRepo: seed.headRepository ? { ...seed.headRepository } : null,
      headFiles: new Map(
        Object.entries(seed.headFiles ?? {}).map(([path, text]) => [
          path.replace(/^\/+/, ""),
          text === null ? null : { text, oid: blobOid(text) },
        ]),
      ),
      state: seed.state ?? "open",
      draft: seed.draft ?? false,
      commits,
      labels: [...(seed.labels ?? [])],
      comments: [],
      requestedReviewers: { users: [], teams: [] },
      files: [...(seed.files ?? Object.keys(seed.headFiles ?? {}))],
    };
    this.pulls.set(key(repo.owner, repo.name, number), pr);
    for (const c of seed.comments ?? []) {
      this.addComment(
        pr,
        {
          body: c.body,
          authorLogin: c.authorLogin === undefined ? seed.author : c.authorLogin,
          viaApp: c.viaApp ?? false,
        },
        c.id,
      );
    }
    return pr;
  }

  private nextNumber(repo: StandinRepo): number {
    let max = 0;
    for (const pr of this.pulls.values())
      if (key(pr.owner, pr.repo) === key(repo.owner, repo.name)) max = Math.max(max, pr.number);
    return max + 1;
  }

  private commit(seed: PullRequestSeed, number: number, c: CommitSeed, index: number): StandinCommit {
    const login = seed.author ?? null;
    const email = login ? `${login}@example.com` : "ghost@example.com";
    return {
      sha: c.sha ?? fakeSha(seed.owner, seed.repo, number, index),
      message: c.message ?? `Change ${index + 1}`,
      author: { name: login ?? "Ghost", email, login, ...defined(c.author) },
      committer: { name: "GitHub", email: "noreply@github.com", login: "web-flow", ...defined(c.committer) },
    };
  }

  /**
   * A file as it is at a ref of the repository: the default branch (by name or HEAD), or the head
   * of one of its pull requests (by sha, or by branch name for a branch in the repository itself).
   * Undefined when the ref is unknown, null when the file is not there.
   */
  fileAt(owner: string, name: string, ref: string, path: string): StandinFile | null | undefined {
    const repo = this.repo(owner, name);
    if (!repo) return undefined;
    const clean = path.replace(/^\/+/, "");
    if (ref === "HEAD" || ref === repo.defaultBranch || ref === `refs/heads/${repo.defaultBranch}`)
      return repo.files.get(clean) ?? null;
    const earlier = repo.history.get(ref);
    if (earlier) return earlier.get(clean) ?? null;
    const pr = this.pullRequestsOf(owner, name).find(
      (p) => p.headSha === ref || (p.headRepo === null && (p.headRef === ref || `refs/heads/${p.headRef}` === ref)),
    );
    if (!pr) return undefined;
    const changed = pr.headFiles.get(clean);
    return changed === undefined ? (repo.files.get(clean) ?? null) : changed;
  }

  pullRequest(owner: string, repo: string, number: number): StandinPullRequest | undefined {
    return this.pulls.get(key(owner, repo, number));
  }

  pullRequestsOf(owner: string, repo: string): StandinPullRequest[] {
    const prefix = key(owner, repo) + "/";
    return [...this.pulls.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .map(([, pr]) => pr)
      .sort((a, b) => b.number - a.number);
  }

  addComment(
    pr: StandinPullRequest,
    c: Pick<StandinComment, "body" | "authorLogin" | "viaApp">,
    id?: number,
  ): StandinComment {
    const commentId = id ?? this.#nextCommentId++;
    if (id !== undefined && id >= this.#nextCommentId) this.#nextCommentId = id + 1;
    const comment: StandinComment = {
      ...c,
      id: commentId,
      nodeId: `IC_kwDO${commentId.toString(36)}`,
      createdAt: this.timestamp(),
      reactions: [],
    };
    pr.comments.push(comment);
    return comment;
  }

  /** Edits a comment as `editorLogin` would on GitHub: the body, and who edited it when. */
  editComment(comment: StandinComment, body: string, editorLogin: string): void {
    comment.body = body;
    comment.lastEditedAt = this.timestamp();
    comment.editorLogin = editorLogin;
  }

  /** The comment with this id in the repository, and its pull request. */
  findComment(
    owner: string,
    repo: string,
    id: number,
  ): { pr: StandinPullRequest; comment: StandinComment } | undefined {
    for (const pr of this.pullRequestsOf(owner, repo)) {
      const comment = pr.comments.find((c) => c.id === id);
      if (comment) return { pr, comment };
    }
    return undefined;
  }

  addCheckRun(seed: CheckRunSeed): StandinCheckRun {
    const id = seed.id ?? this.#nextCheckRunId++;
    if (seed.id !== undefined && seed.id >= this.#nextCheckRunId) this.#nextCheckRunId = seed.id + 1;
    const run: StandinCheckRun = {
      appId: 0,
      status: "queued",
      conclusion: null,
      title: null,
      summary: null,
      text: null,
      annotations: [],
      detailsUrl: null,
      externalId: null,
      actions: [],
      ...seed,
      id,
    };
    this.checkRuns.push(run);
    const repoKey = key(run.owner, run.repo);
    const inRepo = this.#checkRunsByRepo.get(repoKey) ?? [];
    inRepo.push(run);
    this.#checkRunsByRepo.set(repoKey, inRepo);
    return run;
  }

  checkRunsOf(owner: string, repo: string, headSha?: string): StandinCheckRun[] {
    const inRepo = this.#checkRunsByRepo.get(key(owner, repo)) ?? [];
    return headSha === undefined ? [...inRepo] : inRepo.filter((r) => r.headSha === headSha);
  }

  /** Whether a commit with this sha exists in the repository (as a pull request commit or head). */
  hasCommit(owner: string, repo: string, sha: string): boolean {
    const prefix = key(owner, repo) + "/";
    for (const [k, pr] of this.pulls) {
      if (k.startsWith(prefix) && (pr.headSha === sha || pr.commits.some((c) => c.sha === sha))) return true;
    }
    return false;
  }

  addTeamMember(org: string, slug: string, login: string): void {
    const team = key(org, slug);
    const members = this.teams.get(team) ?? new Set<string>();
    members.add(login.toLowerCase());
    this.teams.set(team, members);
  }

  isTeamMember(org: string, slug: string, login: string): boolean {
    return this.teams.get(key(org, slug))?.has(login.toLowerCase()) ?? false;
  }

  /** Adds a label to the repository; false when one of that name (any case) exists. */
  createLabel(repo: StandinRepo, label: StandinLabel): boolean {
    if (repo.labels.some((l) => l.name.toLowerCase() === label.name.toLowerCase())) return false;
    repo.labels.push(label);
    return true;
  }

  /** The repository's label of that name, created (as GitHub does) when a PR is given a new one. */
  ensureLabel(repo: StandinRepo, name: string): StandinLabel {
    const found = repo.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
    if (found) return found;
    const label = { name, color: DEFAULT_LABEL_COLOR, description: null };
    repo.labels.push(label);
    return label;
  }
}
