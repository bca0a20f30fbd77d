/**
 * Test access to the offline synthesis. Each (stack, overrides) pair is synthesized once per test run and
 * shared, so the suite stays fast; tests must not mutate what they get.
 */
import { synthesize } from "../../offline/synthesize";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";

const cache = new Map<string, Promise<SynthesisResult>>();
let queue: Promise<unknown> = Promise.resolve();

/**
 * Synthesizes a stack (optionally with `platform:` overrides). Syntheses run one at a time because the
 * Pulumi runtime is process-global.
 */
export function synthesizeStack(stack: string, overrides?: Record<string, unknown>): Promise<SynthesisResult> {
    const key = JSON.stringify([stack, overrides ?? null]);
    let result = cache.get(key);
    if (!result) {
        result = queue.then(() => synthesize({ stack, overrides }));
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
