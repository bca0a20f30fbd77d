/**
 * Pure helpers for the config specs: a committed stack's raw config as the program decodes it, and the
 * problems validation reports for a variation of it. No synthesis, so mutation testing can run these alone.
 */
import * as assert from "assert";
import * as path from "path";
import { ConfigError, ConfigProblem, decodeConfigMap, validateConfig } from "../../config";
import { readStackFiles } from "../../offline/stackFiles";

const ROOT = path.join(__dirname, "..", "..");

const decoded = new Map<string, Record<string, any>>();

/** A stack's raw `platform:` config (a fresh copy each call; the files are read once, since reading them is most of a check's time). */
export function rawStack(stack: "dev" | "staging" | "prod"): Record<string, any> {
    if (!decoded.has(stack)) {
        decoded.set(stack, decodeConfigMap(readStackFiles(ROOT, stack).config));
    }
    return structuredClone(decoded.get(stack)!);
}

/** Every problem validation reports for `raw` (none when it validates). */
export function problemsOf(raw: Record<string, unknown>): ConfigProblem[] {
    try {
        validateConfig(raw);
        return [];
    } catch (error) {
        assert.ok(error instanceof ConfigError, `expected ConfigError, got ${error}`);
        return error.problems;
    }
}

/** The problems reported for exactly `key`. */
export function problemsAt(raw: Record<string, unknown>, key: string): string[] {
    return problemsOf(raw)
        .filter((p) => p.key === key)
        .map((p) => p.message);
}

export function assertProblemAt(raw: Record<string, unknown>, key: string, message: RegExp): void {
    const messages = problemsAt(raw, key);
    assert.ok(
        messages.some((m) => message.test(m)),
        `expected a problem at ${key} matching ${message}; got: ${JSON.stringify(problemsOf(raw))}`,
    );
}

export function assertNoProblemAt(raw: Record<string, unknown>, key: string): void {
    assert.deepStrictEqual(problemsAt(raw, key), [], `unexpected problem at ${key}`);
}

/** `items` with `patch` merged into the item at `index`. */
export function patchAt<T extends object>(items: T[], index: number, patch: Partial<T> | Record<string, unknown>): T[] {
    return items.map((item, i) => (i === index ? { ...item, ...patch } : item));
}
