/**
 * Joining companion resources to the resource they configure, for stack rules
 * (e.g. a `BucketVersioning` to its `Bucket`, a `FlowLog` to its `Vpc`).
 *
 * Names and ids are unknown during a real preview, so the join uses `propertyDependencies`: the
 * companion's `bucket` input depends on the Bucket's URN. Only when no dependency is recorded for that
 * property (e.g. a literal bucket name) does it compare the input with the target's own value.
 */
import { PolicyResource } from "@pulumi/policy";

/**
 * True when `companion.props[property]` refers to `target`: by recorded dependency, or else by value
 * against `target.props[targetKey]`.
 */
export function refersTo(companion: PolicyResource, property: string, target: PolicyResource, targetKey: string): boolean {
    const dependencies = companion.propertyDependencies[property] ?? [];
    if (dependencies.length > 0) {
        return dependencies.some((d) => d.urn === target.urn);
    }
    const value = companion.props[property];
    const targetValue = target.props[targetKey];
    return value !== undefined && targetValue !== undefined && value === targetValue;
}

/** The companions among `resources` of one of `companionTypes` whose `property` refers to `target`. */
export function companionsOf(
    target: PolicyResource,
    resources: PolicyResource[],
    companionTypes: string[],
    property: string,
    targetKey: string,
): PolicyResource[] {
    return resources.filter((r) => companionTypes.includes(r.type) && refersTo(r, property, target, targetKey));
}
