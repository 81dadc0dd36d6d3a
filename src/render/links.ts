// Link destinations. Only https, never credentials, and percent-encoded so a destination cannot
// end the Markdown link early or carry "@" (which GitHub could read as a mention).
import { inlineText } from "./sanitize.js";

export interface RepoRef {
  owner: string;
  repo: string;
  defaultBranch: string;
  /**
   * The repository's web address as the API gives it (GraphQL `Repository.url`, REST `html_url`):
   * on GitHub Enterprise Server, the server's. Without it (the offline CLI), github.com's.
   */
  webUrl?: string;
}

/** github.com's web address: only for a repository whose address no API gave. */
const GITHUB_WEB = "https://github.com";

function repositoryWebUrl(repo: RepoRef): string {
  return repo.webUrl
    ? repo.webUrl.replace(/\/+$/, "")
    : `${GITHUB_WEB}/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.repo)}`;
}

/** The server's web root: the repository's address without "/owner/repo". */
function serverWebUrl(repo: RepoRef): string {
  return repo.webUrl ? repo.webUrl.replace(/\/+$/, "").replace(/\/[^/]+\/[^/]+$/, "") : GITHUB_WEB;
}

/** An https URL made safe as a Markdown link destination, or null for anything else. */
export function safeHttpsUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "https:" || url.username !== "" || url.password !== "" || url.hostname === "") return null;
  return url.href.replace(/[()@<>\s`'"\\|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

const encodeSegments = (path: string): string => path.split("/").map(encodeURIComponent).join("/");

/** `<repository web address>/blob/BRANCH/PATH`, for a path in the repository ("./x", "/x" and ".." resolved). */
export function blobUrl(repo: RepoRef, path: string): string | null {
  const hash = path.indexOf("#");
  const filePart = hash === -1 ? path : path.slice(0, hash);
  const fragment = hash === -1 ? "" : path.slice(hash + 1);
  const segments: string[] = [];
  for (const segment of filePart.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  if (segments.length === 0) return null;
  const href =
    repositoryWebUrl(repo) +
    `/blob/${encodeSegments(repo.defaultBranch)}/${segments.map(encodeURIComponent).join("/")}` +
    (fragment === "" ? "" : `#${encodeURIComponent(fragment)}`);
  return safeHttpsUrl(href);
}

/**
 * The policy file: a path in `repo`, or "owner/repo:path" for a policy read from another
 * repository (its default branch, which GitHub resolves as HEAD).
 */
export function policyFileUrl(repo: RepoRef, file: string): string | null {
  const other = /^([A-Za-z0-9-]+)\/([A-Za-z0-9_.-]+):(.+)$/.exec(file);
  if (other === null) return blobUrl(repo, file);
  const owner = other[1] ?? "";
  const name = other[2] ?? "";
  const webUrl = `${serverWebUrl(repo)}/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
  return blobUrl({ owner, repo: name, defaultBranch: "HEAD", webUrl }, other[3] ?? "");
}

/** A policy_url as a link destination: an https URL as is, anything else as a path in the repository. */
export function policyUrl(repo: RepoRef, value: string): string | null {
  const trimmed = value.trim();
  if (/^https:\/\//i.test(trimmed)) return safeHttpsUrl(trimmed);
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return null;
  return blobUrl(repo, trimmed);
}

/** `[label](url)` with an escaped label, or just the escaped label when there is no safe URL. */
export function link(label: string, url: string | null): string {
  const text = inlineText(label);
  return url === null ? text : `[${text}](${url})`;
}
