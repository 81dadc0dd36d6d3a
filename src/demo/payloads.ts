// A `pull_request.opened` webhook payload as GitHub sends it to an installed app, with the fields
// any handler of it reads (GitHub's payloads carry many more; the app ignores them).

export const INSTALLATION_ID = 4242;

export interface PayloadInput {
  owner: string;
  repo: string;
  defaultBranch: string;
  number: number;
  title: string;
  author: { login: string; type?: string };
  headSha: string;
  headRef: string;
}

export function pullRequestOpened(input: PayloadInput): Record<string, unknown> {
  const { owner, repo, number } = input;
  const repository = {
    id: 100_000 + repo.length,
    node_id: "R_kgDOdemo",
    name: repo,
    full_name: `${owner}/${repo}`,
    private: false,
    owner: { login: owner, id: 200_000, type: "Organization" },
    html_url: `https://github.com/${owner}/${repo}`,
    default_branch: input.defaultBranch,
  };
  const user = { login: input.author.login, id: 300_000 + number, type: input.author.type ?? "User" };
  return {
    action: "opened",
    number,
    pull_request: {
      id: 400_000 + number,
      number,
      state: "open",
      draft: false,
      title: input.title,
      user,
      html_url: `https://github.com/${owner}/${repo}/pull/${number}`,
      head: { ref: input.headRef, sha: input.headSha, repo: repository, user },
      base: { ref: input.defaultBranch, sha: "0".repeat(40), repo: repository, user: repository.owner },
      author_association: "CONTRIBUTOR",
    },
    repository,
    organization: { login: owner, id: 200_000 },
    installation: { id: INSTALLATION_ID, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==" },
    sender: user,
  };
}
