// Bounds on what a policy file may cost to read. A policy is written by a repository's maintainers,
// but the app reads it on every webhook, so a hostile or broken file must fail fast, not hang or
// exhaust memory. Real policies are a few KiB, a handful of levels deep and use few aliases.

/** Largest policy file accepted, in UTF-8 bytes. */
export const MAX_POLICY_BYTES = 256 * 1024;
/** Most alias occurrences (`*name`) in one file; billion-laughs style bombs need many. */
export const MAX_ALIAS_COUNT = 100;
/** Deepest nesting of lists and mappings. A valid policy needs 5; the YAML composer itself recurses. */
export const MAX_NESTING_DEPTH = 32;
/**
 * Most values after expanding aliases, and (in the lexer pass, before parsing) most keys, values and
 * list items written. Each costs the parser and composer about the same, so this bounds the worst
 * file's parse time (200 ms); it allows about 450 organizations written out in full with every
 * field, 1,100 with a name, two aliases and a reason, or 3,300 by name alone.
 */
export const MAX_NODE_COUNT = 10_000;
/**
 * Most YAML tokens (values, indicators, line breaks, comments, indentation) in one file. The parser
 * pays for each, even a blank line; a policy at the value limit written out in full has about 40,000.
 */
export const MAX_TOKENS = 60_000;
/** Most anchors, tags and `%` directives in one file; a real policy has a handful, and each costs the parser and composer. */
export const MAX_ANCHORS_TAGS_DIRECTIVES = 1000;
/** Most problems reported for one set of files; the rest are summarised in one last problem. */
export const MAX_PROBLEMS = 50;
