// Reads YAML text into a positioned yaml Document without letting the text decide the cost: the
// size is checked before parsing, and nesting before composing, because the yaml composer recurses
// once per level and a few thousand `[` overflow the stack (ten thousand abort the process). The
// yaml parser also slows down with depth (over a second for 100k `[`), so a fast pass over the
// lexer's tokens rejects deep flow nesting and long `- - - -` chains before the parser runs.
import { CST, Composer, Lexer, LineCounter, Parser, type Document, type YAMLError } from "yaml";
import {
  MAX_ALIAS_COUNT,
  MAX_ANCHORS_TAGS_DIRECTIVES,
  MAX_NESTING_DEPTH,
  MAX_NODE_COUNT,
  MAX_POLICY_BYTES,
  MAX_TOKENS,
} from "./limits.js";
import type { PolicyProblem } from "./problem.js";

export interface Position {
  line: number;
  col: number;
}

export interface ReadDocument {
  /** Null when the text could not be read at all (too large, too deep). */
  document: Document.Parsed | null;
  problems: PolicyProblem[];
  /** False when YAML errors leave the structure in doubt, so validating it would only add noise. */
  wellFormed: boolean;
  position(offset: number): Position;
}

const COMPOSE_OPTIONS = {
  // YAML 1.2 core types only, whatever `%YAML 1.1` says: no timestamps, no `yes`/`no` booleans, no `<<` merges.
  schema: "core",
  // `!!binary`, `!!set`, `!!timestamp` and friends would otherwise turn into byte arrays and dates.
  resolveKnownTags: false,
  // Duplicate keys are reported by the tree builder, with both positions.
  uniqueKeys: false,
  prettyErrors: false,
  strict: true,
} as const;

export function readYamlDocument(text: string, file: string): ReadDocument {
  // The yaml parser and composer make an Error for every problem they find, and a hostile file has
  // thousands: capturing each one's stack trace cost more than the parse itself. Nothing reads
  // those stacks, and the read is synchronous, so no other code runs meanwhile.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return readBounded(text, file);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function readBounded(text: string, file: string): ReadDocument {
  const bytes = utf8Length(text);
  if (bytes > MAX_POLICY_BYTES) {
    const problems = [
      {
        file,
        line: 1,
        col: 1,
        message: `the file is too large (${bytes} bytes); a policy may be at most ${MAX_POLICY_BYTES} bytes`,
      },
    ];
    return { document: null, problems, wellFormed: false, position: () => ({ line: 1, col: 1 }) };
  }

  const lineCounter = countLines(text);
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: Math.max(line, 1), col: Math.max(col, 1) };
  };
  const problemAt = (offset: number, message: string): PolicyProblem => ({ file, ...position(offset), message });

  // One lexer pass both screens the text and feeds the parser: lexing twice cost a quarter of a parse.
  const screened = screenTokens(text);
  if ("refused" in screened) {
    return { document: null, problems: [problemAt(screened.offset, screened.refused)], wellFormed: false, position };
  }
  const tooDeepForParser = screened.tooDeep;
  const tokens = tooDeepForParser === null ? parseLexemes(screened.lexemes) : [];
  const tooDeep = tooDeepForParser ?? firstTooDeep(tokens, MAX_NESTING_DEPTH);
  if (tooDeep !== null) {
    const message = `lists and mappings are nested too deeply here (more than ${MAX_NESTING_DEPTH} levels)`;
    return { document: null, problems: [problemAt(tooDeep, message)], wellFormed: false, position };
  }

  // The composer makes an error, slowly, for each stray token: 100k of them take a second.
  const stray = firstStrayOverflow(tokens, MAX_STRAY_TOKENS);
  if (stray !== null) {
    const message = `invalid YAML: more than ${MAX_STRAY_TOKENS} anchors, tags or values that belong to nothing; this is not a policy file`;
    return { document: null, problems: [problemAt(stray, message)], wellFormed: false, position };
  }

  const documents = Array.from(new Composer(COMPOSE_OPTIONS).compose(tokens, true, text.length));
  const document = documents[0] ?? null;
  const problems: PolicyProblem[] = [];
  let wellFormed = true;
  for (const extra of documents.slice(1)) {
    problems.push(problemAt(extra.range[0], MESSAGES.secondDocument));
    wellFormed = false;
  }
  if (document) {
    for (const error of document.errors) {
      problems.push(problemAt(error.pos[0], yamlMessage(error)));
      wellFormed = false;
    }
    // Warnings are unresolved tags and unknown directives: the document is still readable, but a
    // policy has no use for them and silently dropping a tag would change what was meant.
    for (const warning of document.warnings) problems.push(problemAt(warning.pos[0], yamlMessage(warning)));
  }
  return { document, problems, wellFormed, position };
}

/** Line starts, counted here rather than by the parser so positions exist even when it never runs. */
function countLines(text: string): LineCounter {
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineCounter.addNewLine(i + 1);
  return lineCounter;
}

function utf8Length(text: string): number {
  // Counted, not encoded: the size in the message is the file's, in multi-byte text too.
  return Buffer.byteLength(text, "utf8");
}

/** The parser's CST from lexemes already read, as `new Parser().parse(text)` would build it. */
function parseLexemes(lexemes: readonly string[]): CST.Token[] {
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  for (const lexeme of lexemes) for (const token of parser.next(lexeme)) tokens.push(token);
  for (const token of parser.end()) tokens.push(token);
  return tokens;
}

// Not "block-scalar-header": the lexer marks a block scalar's text as a scalar too.
const SCALAR_TYPES = new Set(["scalar", "single-quoted-scalar", "double-quoted-scalar"]);
/** Tokens after which a `:` or `,` follows a value; elsewhere it stands for an empty one. */
const VALUE_END_TYPES = new Set([...SCALAR_TYPES, "alias", "flow-seq-end", "flow-map-end"]);
/** Tokens that begin a value of their own even when nothing is written after them. */
const NODE_START_TYPES = new Set(["seq-item-ind", "explicit-key-ind", "flow-seq-start", "flow-map-start"]);
const BLOCK_INDICATORS = new Set(["seq-item-ind", "explicit-key-ind", "map-value-ind"]);
const MESSAGES = {
  tooManyValues: `the policy has more than ${MAX_NODE_COUNT} keys, values and list items`,
  tooManyAliases: `too many aliases: a policy may use at most ${MAX_ALIAS_COUNT}`,
  unmatchedSeqEnd: 'invalid YAML: this "]" closes no list',
  unmatchedMapEnd: 'invalid YAML: this "}" closes no mapping',
  tooManyProps: `the policy has more than ${MAX_ANCHORS_TAGS_DIRECTIVES} anchors, tags and directives; a policy needs a handful at most`,
  tooManyTokens: `the policy has more than ${MAX_TOKENS} YAML tokens (values, indicators, lines, comments)`,
  secondDocument: 'a policy file holds one YAML document; remove this second one (and its "---")',
};

type Screened = { lexemes: string[]; tooDeep: number | null } | { refused: string; offset: number };

/**
 * One pass over the lexer's tokens that refuses, before the parser and composer spend their time
 * on it, a text whose cost is out of proportion to any policy: more keys, values and list items
 * than `MAX_NODE_COUNT` (every scalar, `-` item, explicit key and collection counts, and so does a
 * `:` or `,` that stands for an empty value: each costs the parser and composer about the same),
 * more aliases than the tree allows, a `]` or `}` that closes nothing, more anchors, tags and directives than `MAX_ANCHORS_TAGS_DIRECTIVES`,
 * more tokens than `MAX_TOKENS` (blank lines, comments and the lines of a block scalar cost the parser too), or a second document.
 * `tooDeep` is a cheap upper bound on nesting: the offset where flow collections nest deeper than
 * `MAX_NESTING_DEPTH`, or where one line holds more block indicators (`- - - x`) than that.
 * `lexemes`: the tokens, for the parser.
 */
function screenTokens(text: string): Screened {
  let offset = 0;
  let flowDepth = 0;
  let indicatorsOnLine = 0;
  let values = 0;
  let props = 0;
  let aliases = 0;
  let tokens = 0;
  let documents = 0;
  // Whether the current document began with `---`, and whether anything was written in it since.
  let explicitStart = false;
  let content = false;
  let previous: string | null = null;
  const lexemes: string[] = [];
  for (const token of new Lexer().lex(text)) {
    lexemes.push(token);
    const type = CST.tokenType(token);
    let refused: string | null = null;
    // A block or multi-line scalar is one token, but the composer folds it line by line.
    tokens += type === "newline" ? 1 : 1 + newlines(token);
    if (tokens > MAX_TOKENS) refused = MESSAGES.tooManyTokens;
    else if (type === "doc-mode" || (type === "doc-start" && (explicitStart || content))) {
      if (++documents > 1) refused = MESSAGES.secondDocument;
      explicitStart = type === "doc-start";
      content = false;
    } else if (type === "doc-start") {
      explicitStart = true;
    } else if (type === "anchor" || type === "tag" || type === "directive-line") {
      if (++props > MAX_ANCHORS_TAGS_DIRECTIVES) refused = MESSAGES.tooManyProps;
    } else if (type === "alias") {
      // The tree counts every use too, so this refuses nothing it would accept, only sooner.
      if (++aliases > MAX_ALIAS_COUNT) refused = MESSAGES.tooManyAliases;
    } else if ((type === "flow-seq-end" || type === "flow-map-end") && flowDepth === 0) {
      // Never valid, and each one costs the composer an error with a stack trace.
      refused = type === "flow-seq-end" ? MESSAGES.unmatchedSeqEnd : MESSAGES.unmatchedMapEnd;
    } else if (
      (type !== null && (SCALAR_TYPES.has(type) || NODE_START_TYPES.has(type))) ||
      ((type === "map-value-ind" || type === "comma") && !(previous !== null && VALUE_END_TYPES.has(previous)))
    ) {
      if (++values > MAX_NODE_COUNT) refused = MESSAGES.tooManyValues;
    }
    if (refused !== null) return { refused, offset };

    if (type === "flow-seq-start" || type === "flow-map-start") {
      flowDepth += 1;
      if (flowDepth > MAX_NESTING_DEPTH) return { lexemes: [], tooDeep: offset };
    } else if (type === "flow-seq-end" || type === "flow-map-end") {
      flowDepth = Math.max(0, flowDepth - 1);
    } else if (type === "flow-error-end") {
      // The lexer left flow mode at an unclosed collection: block indicators count again.
      flowDepth = 0;
    } else if (type === "newline") {
      indicatorsOnLine = 0;
    } else if (flowDepth === 0 && type !== null && BLOCK_INDICATORS.has(type)) {
      indicatorsOnLine += 1;
      if (indicatorsOnLine > MAX_NESTING_DEPTH) return { lexemes: [], tooDeep: offset };
    }
    if (type !== null && type !== "space" && type !== "newline" && type !== "comment") {
      previous = type;
      if (type !== "doc-mode" && type !== "doc-start" && type !== "directive-line") content = true;
    }
    // The lexer also emits markers of its own that are not part of the text.
    if (token !== CST.DOCUMENT && token !== CST.SCALAR && token !== CST.FLOW_END) offset += token.length;
  }
  return { lexemes, tooDeep: null };
}

function newlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count += 1;
  return count;
}

/** Anchors, tags and values outside any key or item: a real policy has a handful at most. */
const MAX_STRAY_TOKENS = 1000;
const STRAY_TYPES = new Set([
  "anchor",
  "tag",
  "alias",
  "error",
  "scalar",
  "single-quoted-scalar",
  "double-quoted-scalar",
  "block-scalar-header",
]);

/**
 * The offset of the (max+1)-th anchor, tag or stray value in the props and separators of the CST
 * (where anchors and tags sit, and where the parser leaves values that belong to nothing), found
 * without recursion.
 */
function firstStrayOverflow(tokens: CST.Token[], max: number): number | null {
  let count = 0;
  const pending: unknown[] = [...tokens];
  while (pending.length > 0) {
    const node = pending.pop() as Record<string, unknown> | null | undefined;
    if (!node || typeof node !== "object") continue;
    for (const key of ["start", "end", "sep", "props"]) {
      const list = node[key];
      if (!Array.isArray(list)) continue;
      for (const token of list as { type?: string; offset?: number }[]) {
        if (token?.type && STRAY_TYPES.has(token.type) && ++count > max) return token.offset ?? 0;
      }
    }
    for (const key of ["value", "key"]) if (node[key]) pending.push(node[key]);
    if (Array.isArray(node.items)) pending.push(...(node.items as unknown[]));
  }
  return null;
}

/** The offset of the first collection nested deeper than `max`, found without recursion. */
function firstTooDeep(tokens: CST.Token[], max: number): number | null {
  const pending: Array<{ token: CST.Token; depth: number }> = tokens.map((token) => ({ token, depth: 0 }));
  while (pending.length > 0) {
    const { token, depth } = pending.pop()!;
    if (token.type === "document") {
      if (token.value) pending.push({ token: token.value, depth });
    } else if (token.type === "block-map" || token.type === "block-seq" || token.type === "flow-collection") {
      const inner = depth + 1;
      if (inner > max) return token.offset;
      for (const item of token.items) {
        if ("key" in item && item.key) pending.push({ token: item.key, depth: inner });
        if (item.value) pending.push({ token: item.value, depth: inner });
      }
    }
  }
  return null;
}

function yamlMessage(error: YAMLError): string {
  if (error.code === "TAG_RESOLVE_FAILED") {
    const tag = error.message.replace(/^Unresolved tag:\s*/, "").replace(/^tag:yaml\.org,2002:/, "!!");
    return `unknown tag ${tag}: a policy holds only text, numbers, true/false, lists and mappings`;
  }
  return `invalid YAML: ${error.message}`;
}
