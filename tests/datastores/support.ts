/**
 * Helpers shared by the data-store specs (postgres, redis, buckets, data protection): following recorded
 * dependencies from a resource to what its inputs came from, and config validation of stack variations.
 */
import * as assert from "assert";
import { stackConfig } from "../support/config";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";

export { assertConfigProblem, stackConfig, withSection } from "../support/config";

/** The resources the `property` input of `resource` was computed from. */
export function sourcesOf(result: SynthesisResult, resource: SynthesizedResource, property: string): SynthesizedResource[] {
    const urns = resource.propertyDependencies[property] ?? [];
    return result.resources.filter((r) => urns.includes(r.urn));
}

/** The one resource of `type` the `property` input of `resource` came from; fails loudly otherwise. */
export function sourceOf(result: SynthesisResult, resource: SynthesizedResource, property: string, type: string): SynthesizedResource {
    const matches = sourcesOf(result, resource, property).filter((r) => r.type === type);
    assert.strictEqual(matches.length, 1, `${resource.name}.${property}: expected one ${type} source, found ${matches.map((m) => m.name).join(", ") || "none"}`);
    return matches[0];
}

/** The KMS key an input came from, as `<region>/<purpose>` (keys are named `<prefix>-keys-<purpose>`). */
export function keyBehind(result: SynthesisResult, resource: SynthesizedResource, property: string): string {
    const key = sourceOf(result, resource, property, "aws:kms/key:Key");
    return `${key.region}/${key.name.replace(/^.*-keys-/, "")}`;
}

/** Resources whose parent chain includes a component of `componentType`. */
export function descendantsOf(result: SynthesisResult, componentType: string): SynthesizedResource[] {
    const byUrn = new Map(result.resources.map((r) => [r.urn, r]));
    const under = (r: SynthesizedResource): boolean => {
        for (let parent = r.parent ? byUrn.get(r.parent) : undefined; parent; parent = parent.parent ? byUrn.get(parent.parent) : undefined) {
            if (parent.type === componentType) {
                return true;
            }
        }
        return false;
    };
    return result.resources.filter(under);
}

/**
 * One variation of staging shared by the specs that need one (a synthesis costs seconds): stateful
 * protection switched off and Redis on RBAC instead of an AUTH token.
 */
export function stagingVariant(): { stack: "staging"; overrides: Record<string, unknown> } {
    const staging = stackConfig("staging");
    return { stack: "staging", overrides: { protectStatefulResources: false, redis: { ...staging.redis, authMode: "rbac" } } };
}
