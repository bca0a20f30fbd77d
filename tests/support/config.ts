/** Config validation helpers shared by the specs: a stack's raw config, variations of it, and the problems validation reports. */
import * as assert from "assert";
import { ConfigError, decodeConfigMap, validateConfig } from "../../config";
import { PROJECT_ROOT, readStackFiles } from "../../offline/stackFiles";

/** A stack's raw `platform:` config, decoded as the program reads it (a fresh copy each call). */
export function stackConfig(stack: string): Record<string, any> {
    return decodeConfigMap(readStackFiles(PROJECT_ROOT, stack).config);
}

/** `raw` with `patch` merged into the object under `key` (e.g. postgres). */
export function withSection(raw: Record<string, any>, key: string, patch: Record<string, unknown>): Record<string, any> {
    return { ...raw, [key]: { ...raw[key], ...patch } };
}

/** The problems validation reports for `raw`; fails when it validates. */
export function configProblems(raw: Record<string, unknown>): ConfigError["problems"] {
    try {
        validateConfig(raw);
    } catch (error) {
        assert.ok(error instanceof ConfigError, `expected ConfigError, got ${error}`);
        return error.problems;
    }
    assert.fail("config validated but should not have");
}

/** Validates `raw` and expects a problem for exactly `key` whose message matches. */
export function assertConfigProblem(raw: Record<string, unknown>, key: string, message: RegExp): void {
    const problems = configProblems(raw);
    const match = problems.find((p) => p.key === key);
    assert.ok(match, `no problem reported for ${key}; got: ${JSON.stringify(problems).slice(0, 600)}`);
    assert.match(match.message, message);
}
