// The evidence part shared by the comment and the check run: per matched organization its reason
// and a table of public evidence, then what could not be checked.
import type { Decision, Disguise, Match, Unattributed } from "../decision.js";
import { emailDomain } from "../evidence/emails.js";
import type { Policy } from "../policy/schema.js";
import { revealCodePoints } from "./reveal.js";
import { inlineText, shortSha } from "./sanitize.js";
import { DISGUISE_WORDS, ROLE_WORDS, SIGNAL_WORDS, unattributedWords } from "./wording.js";

export interface EvidenceLimits {
  /** Table rows shown per organization; the rest are counted. */
  rowsPerOrganization: number;
  /** Unattributed items shown; the rest are counted. */
  unattributed: number;
}

const TABLE_HEAD = ["| Evidence | Whose | Value | Policy entry | Commit |", "| --- | --- | --- | --- | --- |"];

/**
 * The disguise is evidence too: what the text was read as, how it was written, and the raw part
 * with every invisible or non-ASCII character shown as its code point.
 */
export function disguiseText(d: Disguise): string {
  const how = d.how.map((k) => DISGUISE_WORDS[k]).join(", ");
  return `read as “${inlineText(d.read_as, 100)}”, ${how}: ${inlineText(revealCodePoints(d.raw), 1000)}`;
}

function row(m: Match): string {
  const signal = `${SIGNAL_WORDS[m.signal]}${m.former === true ? " (former affiliation)" : ""}`;
  const commit = m.commit === undefined ? "" : shortSha(m.commit);
  const value = m.disguise ? `${inlineText(m.value)} (${disguiseText(m.disguise)})` : inlineText(m.value);
  return `| ${signal} | ${inlineText(m.subject, 60)} | ${value} | ${inlineText(m.matched, 100)} | ${commit} |`;
}

/** Organizations in decision order, then any a match names that the decision does not list. */
function organizationOrder(decision: Decision): string[] {
  const names = [...decision.organizations];
  for (const m of decision.matches) if (!names.includes(m.organization)) names.push(m.organization);
  return names;
}

const more = (n: number, what: string): string => `_…and ${n} more ${what} not shown._`;

/** Markdown lines: a section per matched organization, with a `level` heading ("####"). */
export function matchSections(decision: Decision, policy: Policy, level: string, limits: EvidenceLimits): string[] {
  const lines: string[] = [];
  for (const name of organizationOrder(decision)) {
    const matches = decision.matches.filter((m) => m.organization === name);
    const reason = policy.organizations.find((o) => o.name === name)?.reason;
    lines.push(`${level} ${inlineText(name)}`, "");
    if (reason !== undefined) lines.push(`Listed because: ${inlineText(reason, 500)}`, "");
    if (matches.length === 0) continue;
    lines.push(...TABLE_HEAD, ...matches.slice(0, limits.rowsPerOrganization).map(row), "");
    if (matches.length > limits.rowsPerOrganization)
      lines.push(more(matches.length - limits.rowsPerOrganization, "pieces of evidence"), "");
  }
  return lines;
}

function unattributedItem(u: Unattributed): string {
  const name = u.name === null || u.name.trim() === "" ? "" : ` (${inlineText(u.name, 60)})`;
  const domain = emailDomain(u.email);
  const words = unattributedWords(u.reason, domain === null ? null : inlineText(domain, 100));
  return `- commit ${shortSha(u.commit)} ${ROLE_WORDS[u.role]}${name} ${words}`;
}

/** Markdown lines listing evidence that could not be checked, or nothing. */
export function unattributedSection(decision: Decision, limits: EvidenceLimits): string[] {
  const lines = uncheckedCommitsLines(decision);
  const items = decision.unattributed;
  if (items.length === 0) return lines;
  lines.push("**Not checked:** this evidence could not be attributed to a GitHub account.", "");
  lines.push(...items.slice(0, limits.unattributed).map(unattributedItem), "");
  if (items.length > limits.unattributed) lines.push(more(items.length - limits.unattributed, "items"), "");
  return lines;
}

function uncheckedCommitsLines(decision: Decision): string[] {
  const unchecked = decision.commits_unchecked;
  if (!unchecked) return [];
  const of = unchecked.total === null ? "" : ` of ${unchecked.total}`;
  return [`**Not read:** only the first ${unchecked.checked}${of} commits of this pull request were checked.`, ""];
}

/**
 * Lines in order until adding the next would pass `maxChars` (counting newlines); then a note of
 * how many were left out. A blank line precedes the note so it cannot join a table.
 */
export function capLines(lines: string[], maxChars: number): string[] {
  const out: string[] = [];
  let used = 0;
  const reserve = 80;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (used + line.length + 1 > maxChars - reserve) {
      out.push("", `_…${lines.length - i} more lines not shown._`);
      return out;
    }
    out.push(line);
    used += line.length + 1;
  }
  return out;
}
