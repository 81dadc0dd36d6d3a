// Parsing policies for the app: results cached by the blob SHAs of their files (a contributor's
// proposed policy is parsed once per version, not on every `synchronize`), and large texts parsed
// on a worker thread so one parse never blocks the event loop. Small policies, the usual case,
// are parsed on the main thread: a worker round trip costs more than they do.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { LRUCache } from "lru-cache";
import { parsePolicySources, type ParseResult, type PolicySource } from "./parse.js";

/** Parses sources; `key` names their versions (e.g. "owner/repo:path@sha|…"), null when they have none. */
export type ParseSources = (sources: PolicySource[], key: string | null) => Promise<ParseResult>;

export interface PolicyParser {
  parse: ParseSources;
  /**
   * What the parser did, for tests and metrics. `workers`: worker threads started (one, unless
   * workers die or are closed). `recovered`: requests sent to a worker that died or was closed
   * before answering, parsed on this thread instead (a worker that cannot start at all shows up
   * here, not as a hang).
   */
  readonly stats: { parses: number; offThread: number; cacheHits: number; workers: number; recovered: number };
  close(): Promise<void>;
}

export interface PolicyParserOptions {
  /** Texts at least this long (UTF-16 units, all sources together) are parsed off the main thread. Default 32 KiB. */
  offThreadChars?: number;
  /** Parsed results kept. Default 200. */
  cacheMax?: number;
  /** The worker's script. Default: parse-worker.js beside this module, or bundled from its source. */
  workerScript?: URL;
}

const DEFAULT_OFF_THREAD_CHARS = 32 * 1024;

export function createPolicyParser(options: PolicyParserOptions = {}): PolicyParser {
  const threshold = options.offThreadChars ?? DEFAULT_OFF_THREAD_CHARS;
  const cache = new LRUCache<string, ParseResult>({ max: options.cacheMax ?? 200 });
  const stats = { parses: 0, offThread: 0, cacheHits: 0, workers: 0, recovered: 0 };
  let worker: ParseWorker | null = null;

  async function parseUncached(sources: PolicySource[]): Promise<ParseResult> {
    stats.parses += 1;
    const size = sources.reduce((n, s) => n + (typeof s.text === "string" ? s.text.length : 0), 0);
    if (size >= threshold) {
      // A worker that died on its own is replaced: a dead one would never answer.
      if (worker?.exited) worker = null;
      if (!worker) {
        worker = ParseWorker.start(options.workerScript ?? workerScript(), () => (stats.recovered += 1));
        if (worker) stats.workers += 1;
      }
      if (worker) {
        stats.offThread += 1;
        return worker.parse(sources);
      }
    }
    return parsePolicySources(sources);
  }

  return {
    stats,
    async parse(sources, key) {
      if (key === null) return parseUncached(sources);
      const hit = cache.get(key);
      if (hit) {
        stats.cacheHits += 1;
        return hit;
      }
      const result = await parseUncached(sources);
      cache.set(key, result);
      return result;
    },
    async close() {
      await worker?.close();
      worker = null;
    },
  };
}

/** One worker thread answering parse requests in order; started lazily, never keeps the process alive. */
class ParseWorker {
  #next = 0;
  #exited = false;
  readonly #pending = new Map<number, { resolve: (r: ParseResult) => void; sources: PolicySource[] }>();

  private constructor(
    private readonly worker: Worker,
    private readonly onRecovered: () => void,
  ) {
    worker.unref();
    worker.on("message", (m: { id: number; result: ParseResult }) => {
      this.#pending.get(m.id)?.resolve(m.result);
      this.#pending.delete(m.id);
    });
    // A worker that dies leaves nothing unanswered: what it held is parsed here instead. "error"
    // (a script that fails to load, or throws) is always followed by "exit", which drains; it needs
    // a listener all the same, or the worker's error would be thrown on this thread.
    worker.on("error", () => undefined);
    worker.on("exit", () => {
      this.#exited = true;
      this.#drain();
    });
  }

  static start(url: URL | null, onRecovered: () => void): ParseWorker | null {
    if (!url) return null;
    try {
      return new ParseWorker(new Worker(url), onRecovered);
    } catch {
      return null;
    }
  }

  /** True once the thread has stopped: it will answer nothing more. */
  get exited(): boolean {
    return this.#exited;
  }

  parse(sources: PolicySource[]): Promise<ParseResult> {
    const id = this.#next++;
    return new Promise((resolve) => {
      this.#pending.set(id, { resolve, sources });
      this.worker.postMessage({ id, sources });
    });
  }

  #drain(): void {
    for (const [id, { resolve, sources }] of this.#pending) {
      this.#pending.delete(id);
      this.onRecovered();
      resolve(parsePolicySources(sources));
    }
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

let compiledFromSource: URL | null | undefined;

/**
 * The worker's script: parse-worker.js beside this module once built. Run from the TypeScript
 * sources (the tests), it is bundled once with esbuild, a development dependency; without either,
 * large policies are parsed on the main thread as before.
 */
function workerScript(): URL | null {
  const built = new URL("./parse-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  if (compiledFromSource !== undefined) return compiledFromSource;
  compiledFromSource = null;
  const source = fileURLToPath(new URL("./parse-worker.ts", import.meta.url));
  if (!existsSync(source)) return null;
  try {
    const esbuild = createRequireForEsbuild();
    const dir = mkdtempSync(join(tmpdir(), "ethics-policy-worker-"));
    const outfile = join(dir, "parse-worker.cjs");
    esbuild.buildSync({
      entryPoints: [source],
      bundle: true,
      platform: "node",
      format: "cjs",
      outfile,
      logLevel: "silent",
    });
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    compiledFromSource = pathToFileURL(outfile);
  } catch {
    compiledFromSource = null;
  }
  return compiledFromSource;
}

function createRequireForEsbuild(): { buildSync: (options: Record<string, unknown>) => unknown } {
  // A development dependency, loaded only when running from sources: never part of a build.
  return createRequire(import.meta.url)("esbuild") as { buildSync: (options: Record<string, unknown>) => unknown };
}
