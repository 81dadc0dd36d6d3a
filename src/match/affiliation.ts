// The small phrase grammar that reads an organization hit in context: is it a former affiliation,
// and (for a bio) does the text state an affiliation at all, rather than merely mention the org?
//
// All words below are normalised (see text.ts). X is a hit: a name/alias or an `@login` mention.
//
// Former (company and bio):
//   - X inside a former scope. A scope opens after `ex`, `former`, `formerly`, `previously`,
//     `prev`, `worked` or `used to`, and closes at `now`, `currently`, `presently`, `today`,
//     `current` or at a clause break (line break, `;`, `|`, brackets, bullets, sentence end).
//     Commas, slashes and "and" do not close it: "ex-Google, Palantir" is former for both;
//     "ex-Palantir, now Acme" is former for Palantir only; "Acme (ex-@palantir)" is former.
//   - X after an alum word and `of`/`from` ("alumnus of Palantir").
//   - X followed by `alum`/`alumni`/`alumnus`/`alumna`/`alumnae` ("Palantir alum").
//   - X followed by `former`/`formerly`/`previously`/`ex`/`past`/`prior` where that word ends the
//     clause or list item, or precedes a role word ("Palantir (former)", "Palantir, ex"), but not
//     "Meta, formerly Facebook", which is current for Meta.
//
// Former, also: X right after a verb of leaving (quit, left, resigned, departed, retired, leaving),
// directly or through "from"/"at" ("quit Palantir", "resigned from Palantir"), and X after "no
// longer" or followed by "anymore" in its clause ("no longer at Palantir", "not at X anymore").
//
// Company field: every hit counts, unless the field opposes or negates it (isOpposed):
//   - a prefix: "anti", "non" or "un" right before X ("Anti-Palantir Coalition", "non-Palantir");
//   - an opposing or negating word among the four words before X in its clause, not across an
//     "@" or a "but"/"now"/"currently"/"instead": "Not Palantir", "No Palantir", "against X",
//     "Coalition Against X", "Boycott X", "Stop X", "Abolish ICE", "Defund X", "Divest from X",
//     "critic of X", "opposed to X", "Never worked for X", "not affiliated with X";
//   - a word right after X that makes it a stance, not an employer: "X-free", "X critic(s)",
//     "X skeptic", "X opponent", "X boycott(er)", "X resister", "X abolitionist", "X watchdog",
//     "X divestment", "X protester", "X sucks", "X fan(s)"; or "X (not affiliated)",
//     "X, unaffiliated".
//
// Bio affiliation (a bio hit counts only if one of these holds and no negation precedes it):
//   1. X is an `@login` mention of a listed GitHub org ("@palantir").
//   2. X right after a mention-style "@" ("@Palantir", "engineer @ Palantir", "working @Palantir").
//   3. X right after a former prefix: "ex-Palantir", "former Palantir engineer", "previously Palantir".
//   4. LEAD PREP X, where PREP and LEAD are adjacent words:
//        at:  LEAD a role word, a work verb, or now/currently/formerly/previously
//        for: LEAD a role word or a work verb ("works for", "contractor for")
//        by:  LEAD employed/hired/contracted
//        of:  LEAD employee/ceo/cto/cfo/coo/founder/cofounder or an alum word
//      and ROLE of W at X ("Head of Product at Palantir").
//   5. X followed by employee/staffer/intern/contractor or an alum word ("Palantir employee").
//   Words are adjacent only within a clause; a preposition must be joined to X by whitespace.
//   Negation: a negating word (not, never, no, don't, won't, against, oppose, boycott, stop, …)
//   among the four words before the phrase, in the same clause, cancels it ("never worked at X").
import type { Hit } from "./names.js";
import { gapAfter, gapBefore, gapClass, isClauseBreak, type Tokenized } from "./text.js";

const set = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

const QUIT = set("quit quitting left leaving resigned departed retired");
const FORMER_PREFIX = new Set([...set("ex former formerly previously prev"), ...QUIT]);
const FORMER_OPENERS = set("ex former formerly previously prev worked");
const CURRENT = set("now currently presently today current");
const ALUM = set("alum alumni alumnus alumna alumnae");
const FORMER_SUFFIX = set("former formerly previously ex past prior");
const ROLES = set(`
  engineer developer dev swe sde sre programmer coder hacker scientist researcher analyst designer
  architect manager lead director intern consultant contractor employee founder cofounder cto ceo
  cfo coo cio ciso vp svp evp president head principal staff officer specialist technologist
  strategist admin administrator devops pm em tpm fellow partner advisor adviser maintainer
  recruiter executive associate trainee apprentice worker hire`);
const WORK = set(`
  work works working worked employed hired interning contracting consulting freelancing building
  coding hacking`);
const AT_LEAD = new Set([...ROLES, ...WORK, ...set("now currently formerly previously")]);
const FOR_LEAD = new Set([...ROLES, ...WORK]);
const BY_LEAD = set("employed hired contracted");
const OF_LEAD = new Set([...set("employee ceo cto cfo coo founder cofounder"), ...ALUM]);
const POSTFIX = new Set([...set("employee staffer intern contractor"), ...ALUM]);
const NEGATIONS = set(`
  not never no nor t dont wont cant didnt doesnt isnt wouldnt refuse refused refuses against
  oppose opposed opposing boycott boycotting stop hate hates abolish defund divest`);
/** Words that, before an organization in a company field, oppose or negate it. */
const OPPOSING = new Set([
  ...NEGATIONS,
  ...set(`
  opposes opponent opponents critic critics critical criticizing criticising skeptic sceptic
  skeptical sceptical boycotts boycotted abolishing abolition defunding divesting divestment
  resist resisting ban banning banned protest protesting protests fight fighting fights dump
  delete fuck unaffiliated nonaffiliated disaffiliated`),
]);
/** Prefixes that oppose only the word they are attached to ("anti-war engineer @ X" is not anti-X). */
const TIGHT_PREFIX = set("anti non un");
/** Words that end the reach of an earlier negation: "Not Google but Palantir". */
const CONTRAST = set("but now currently presently today instead however yet");
/** Words right after X that make it a stance rather than an employer. */
const STANCE_SUFFIX = set(`
  free critic critics skeptic skeptics sceptic sceptics opponent opponents boycott boycotts
  boycotter boycotters resister resisters resistance abolitionist abolitionists watchdog watchdogs
  divestment protester protesters protestor protestors sucks hater haters fan fans fanclub
  unaffiliated nonaffiliated refusenik refuseniks objector objectors`);
const NOT_WHAT = set("affiliated associated employed endorsed sponsored related connected");

const word = (t: Tokenized, i: number): string | undefined => t.tokens[i]?.w;
/** Tokens i-1 and i are joined without a clause break. */
const joined = (t: Tokenized, i: number): boolean => i > 0 && i < t.tokens.length && !isClauseBreak(gapBefore(t, i));

/** For each token, whether it stands inside a former scope opened earlier in its clause. */
export function formerScopes(t: Tokenized): boolean[] {
  const scopes: boolean[] = [];
  let open = false;
  for (let i = 0; i < t.tokens.length; i++) {
    if (isClauseBreak(gapBefore(t, i))) open = false;
    scopes.push(open);
    const w = word(t, i) ?? "";
    if (FORMER_OPENERS.has(w) || (w === "used" && word(t, i + 1) === "to" && joined(t, i + 1))) open = true;
    else if (CURRENT.has(w)) open = false;
  }
  return scopes;
}

/** "no longer" before token `i` in its clause, or "anymore"/"any more" after token `j` in it. */
function noLonger(t: Tokenized, i: number, j: number): boolean {
  for (let k = i - 1; k > 0 && i - k <= 5 && joined(t, k + 1); k--)
    if (word(t, k) === "longer" && word(t, k - 1) === "no" && joined(t, k)) return true;
  for (let k = j + 1; k < t.tokens.length && k - j <= 5 && joined(t, k); k++) {
    if (word(t, k) === "anymore" || (word(t, k) === "any" && word(t, k + 1) === "more")) return true;
  }
  return false;
}

export function isFormer(t: Tokenized, hit: Hit, scopes: readonly boolean[]): boolean {
  if (scopes[hit.from]) return true;
  const before = word(t, hit.from - 1);
  if (joined(t, hit.from)) {
    if (before !== undefined && QUIT.has(before)) return true;
    if ((before === "from" || before === "at") && QUIT.has(word(t, hit.from - 2) ?? "") && joined(t, hit.from - 1))
      return true;
  }
  if (noLonger(t, hit.from, hit.to)) return true;
  const prep = word(t, hit.from - 1);
  if (
    (prep === "of" || prep === "from") &&
    ALUM.has(word(t, hit.from - 2) ?? "") &&
    joined(t, hit.from) &&
    joined(t, hit.from - 1)
  )
    return true;
  const next = word(t, hit.to + 1);
  if (next === undefined) return false;
  const gap = gapBefore(t, hit.to + 1);
  if (ALUM.has(next)) return gapClass(gap) === "" && !isClauseBreak(gap);
  if (!FORMER_SUFFIX.has(next) || !/^[\s,([-]*$/u.test(gap)) return false;
  const after = word(t, hit.to + 2);
  return (
    after === undefined ||
    isClauseBreak(gapAfter(t, hit.to + 1)) ||
    /,/.test(gapAfter(t, hit.to + 1)) ||
    ROLES.has(after)
  );
}

/** Whether a negating word precedes token `start` within four words of the same clause. */
function negated(t: Tokenized, start: number, words: ReadonlySet<string> = NEGATIONS): boolean {
  for (let i = start - 1, n = 0; i >= 0 && n < 4; i--, n++) {
    const gap = gapBefore(t, i + 1);
    if (isClauseBreak(gap)) return false;
    const w = word(t, i) ?? "";
    if (CONTRAST.has(w)) return false;
    if (w === "no" && word(t, i + 1) === "longer") continue; // "no longer at X": former, see isFormer
    if (words.has(w)) return true;
    if (TIGHT_PREFIX.has(w) && i === start - 1 && gapClass(gap) === "") return true;
    if (/@/u.test(gap)) return false; // "anti-war engineer @ X": the "@" states the affiliation
  }
  return false;
}

/** A word right after the hit makes it a stance: "Palantir-free", "ICE critic", "X (not affiliated)". */
function stanceAfter(t: Tokenized, hit: Hit): boolean {
  const next = word(t, hit.to + 1);
  if (next === undefined || !/^[\s,(-]*$/u.test(gapBefore(t, hit.to + 1))) return false;
  if (STANCE_SUFFIX.has(next)) return true;
  return (next === "not" || next === "never") && NOT_WHAT.has(word(t, hit.to + 2) ?? "");
}

/** Whether a company field opposes or negates the hit rather than naming an employer. */
export function isOpposed(t: Tokenized, hit: Hit): boolean {
  if (noLonger(t, hit.from, hit.to)) return false; // "not at X anymore": a former affiliation
  return negated(t, hit.from, OPPOSING) || stanceAfter(t, hit);
}

/** A mention-style "@" ends the gap before token `i` (not the "@" of an email address). */
function atBefore(t: Tokenized, i: number): boolean {
  const gap = gapBefore(t, i);
  const at = gap.search(/@\s*$/u);
  if (at < 0) return false;
  if (at === 0) return i === 0; // "@" at the very start of the text
  return !/[._%+]/u.test(gap[at - 1] ?? "");
}

/** Where the affiliation phrase around `hit` starts, or -1 when the bio states no affiliation. */
function affiliationStart(t: Tokenized, hit: Hit): number {
  const p = hit.from;
  if (hit.kind === "mention" || atBefore(t, p)) return p;
  const prev = word(t, p - 1);
  if (prev !== undefined && joined(t, p)) {
    if (FORMER_PREFIX.has(prev)) return p - 1;
    const lead = word(t, p - 2);
    if (lead !== undefined && joined(t, p - 1) && gapClass(gapBefore(t, p)) === "") {
      const ok =
        (prev === "at" && AT_LEAD.has(lead)) ||
        (prev === "for" && FOR_LEAD.has(lead)) ||
        (prev === "by" && BY_LEAD.has(lead)) ||
        (prev === "of" && OF_LEAD.has(lead));
      if (ok) return p - 2;
      // ROLE of W at X: "Head of Product at Palantir", "VP of Engineering @ Palantir"
      if (
        prev === "at" &&
        word(t, p - 3) === "of" &&
        ROLES.has(word(t, p - 4) ?? "") &&
        joined(t, p - 2) &&
        joined(t, p - 3)
      )
        return p - 4;
    }
  }
  const next = word(t, hit.to + 1);
  if (next !== undefined && POSTFIX.has(next) && joined(t, hit.to + 1) && gapClass(gapBefore(t, hit.to + 1)) === "")
    return p;
  return -1;
}

/** Whether a bio hit states an affiliation (current or former) under the grammar above. */
export function isBioAffiliation(t: Tokenized, hit: Hit): boolean {
  const start = affiliationStart(t, hit);
  return start >= 0 && !negated(t, start);
}
