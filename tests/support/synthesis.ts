/**
 * Test access to the offline synthesis. Each (stack, overrides) pair is synthesized once per test run and
 * shared, so the suite stays fast; tests must not mutate what they get.
 */
import * as path from "path";
import { parse } from "yaml";
import * as fs from "fs";
import { synthesize } from "../../offline/synthesize";
import { synthesizeProgram } from "../../offline/synthesizeProgram";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";

const cache = new Map<string, Promise<SynthesisResult>>();
let queue: Promise<unknown> = Promise.resolve();

/**
 * Synthesizes a stack (optionally with `platform:` overrides). Syntheses run one at a time because the
 * Pulumi runtime is process-global.
 */
export function synthesizeStack(stack: string, overrides?: Record<string, unknown>): Promise<SynthesisResult> {
    // An `undefined` override deletes the key: keep it in the cache key (JSON would drop it and alias the plain stack).
    const key = JSON.stringify([stack, overrides ?? null], (_k, v) => (v === undefined ? "<deleted>" : v));
    let result = cache.get(key);
    if (!result) {
        result = queue.then(() => synthesize({ stack, overrides }));
        queue = result.catch(() => undefined);
        cache.set(key, result);
    }
    return result;
}

const BOOTSTRAP_ROOT = path.resolve(__dirname, "..", "..", "bootstrap");

/** The bootstrap project's config for a stack (bootstrap/Pulumi.<stack>.yaml), with optional `bootstrap:` overrides. */
export function bootstrapConfig(stack: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const file = parse(fs.readFileSync(path.join(BOOTSTRAP_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    const config = { ...file.config };
    for (const [key, value] of Object.entries(overrides)) {
        if (value === undefined) delete config[`bootstrap:${key}`];
        else config[`bootstrap:${key}`] = value;
    }
    return config;
}

/** Synthesizes the bootstrap project (bootstrap/) for a stack, on the same queue as the platform's syntheses. */
export function synthesizeBootstrap(stack: string, overrides?: Record<string, unknown>): Promise<SynthesisResult> {
    const key = JSON.stringify(["bootstrap", stack, overrides ?? null]);
    let result = cache.get(key);
    if (!result) {
        const config = bootstrapConfig(stack, overrides);
        result = queue.then(() =>
            synthesizeProgram({
                rootDir: BOOTSTRAP_ROOT,
                project: "platform-bootstrap",
                stack,
                config,
                accountId: String(config["bootstrap:awsAccountId"]),
                region: String(config["bootstrap:region"]),
            }),
        );
        queue = result.catch(() => undefined);
        cache.set(key, result);
    }
    return result;
}

export function ofType(result: SynthesisResult, type: string): SynthesizedResource[] {
    return result.resources.filter((r) => r.type === type);
}

/** The one resource of `type` whose name ends with `suffix`; fails loudly when there is not exactly one. */
export function single(result: SynthesisResult, type: string, suffix = ""): SynthesizedResource {
    const matches = ofType(result, type).filter((r) => r.name.endsWith(suffix));
    if (matches.length !== 1) {
        throw new Error(`expected one ${type} named *${suffix}, found ${matches.length}: ${matches.map((m) => m.name).join(", ")}`);
    }
    return matches[0];
}

/** Resources whose `propertyName` input depends on `target` (how companion resources point at their owner). */
export function dependentsOf(result: SynthesisResult, target: SynthesizedResource, propertyName: string): SynthesizedResource[] {
    return result.resources.filter((r) => (r.propertyDependencies[propertyName] ?? []).includes(target.urn));
}

export const STACKS = ["dev", "staging", "prod"] as const;

/**
 * Every committed stack, synthesized once (through the cache) before a describe block's tests:
 * `const results = synthesizeStacks();` then `results[stack]` inside the tests.
 */
export function synthesizeStacks(): Record<(typeof STACKS)[number], SynthesisResult> {
    const results = {} as Record<(typeof STACKS)[number], SynthesisResult>;
    before(async function () {
        this.timeout(300_000); // shared with the other specs through the synthesis cache
        for (const stack of STACKS) {
            results[stack] = await synthesizeStack(stack);
        }
    });
    return results;
}
