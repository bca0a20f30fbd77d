/**
 * Small helpers the rules share: validators for types matched by token (component types, or
 * several classes with one meaning) and the wording of violation messages.
 */
import { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { RESOURCE_TYPES } from "./args";
import { isUnknownSentinel, withoutProxy } from "./unknowns";

export type TokenValidation = (props: Record<string, any>, args: ResourceValidationArgs, reportViolation: ReportViolation) => Promise<void> | void;

/**
 * `validateResourceOfType` for types given by token: components the pack cannot import
 * (e.g. `eks:index:Cluster`), or several tokens that mean the same resource (`aws:lb/listener:Listener`
 * and its `aws:alb/listener:Listener` alias).
 */
export function validateResourceOfTokens(tokens: string[], validate: TokenValidation): ResourceValidation {
    const fn: ResourceValidation = (args, reportViolation) => {
        if (!tokens.includes(args.type)) {
            return args.notApplicable(`Policy only applies to resources of type ${tokens.map((t) => `'${t}'`).join(" or ")}`);
        }
        return validate(args.props, args, reportViolation);
    };
    if (tokens.length === 1) {
        // Same fast path as validateResourceOfType: the engine skips other types without calling the policy.
        (fn as any).__pulumiType = tokens[0];
    }
    return appliesOnlyTo(tokens, fn);
}

/**
 * Tags a validation that reports nothing on types other than `tokens`, so the offline gate calls it
 * only on those (the engine calls it on every resource). The analyzer-equivalence test holds the tag
 * to that promise.
 */
export function appliesOnlyTo<V extends ResourceValidation>(tokens: readonly string[], validation: V): V {
    (validation as any)[RESOURCE_TYPES] = [...tokens];
    return validation;
}

/**
 * How a found value is shown in a message: `undefined`, `false`, `"preferred"`, `["api"]`.
 * Nested values unknown during preview show as `"<unknown>"`, so writing a message never throws.
 */
export function found(value: unknown): string {
    if (value === undefined) {
        return "undefined";
    }
    return JSON.stringify(withoutProxy(value), (_key, v) => (isUnknownSentinel(v) ? "<unknown>" : v));
}

/** `<property> must be <requirement> (found: <value>)`, the message shape every rule uses. */
export function mustBe(property: string, requirement: string, value: unknown): string {
    return `${property} must be ${requirement} (found: ${found(value)})`;
}

/** The value as an array, `[]` when unset (a list input left out). */
export function listOf<T = any>(value: T[] | undefined | null): T[] {
    return Array.isArray(value) ? value : [];
}

/**
 * Whether an input is set (neither absent, null nor ""), checked without reading its value: an
 * unknown value (e.g. a key ARN computed during preview) counts as set, so "must name a key" rules
 * can run during preview. Rules that need the value itself read it and let `UnknownValueError` propagate.
 */
export function isSet(props: Record<string, any> | undefined | null, key: string): boolean {
    if (props === undefined || props === null) {
        return false;
    }
    // getOwnPropertyDescriptor is not trapped by the engine's unknown-checking proxy, so this does not throw.
    const descriptor = Object.getOwnPropertyDescriptor(props, key);
    const value = descriptor?.value;
    return value !== undefined && value !== null && value !== "";
}

/**
 * A secondary member of an ElastiCache global datastore (`globalReplicationGroupId` set): it inherits engine,
 * encryption and AUTH from the global datastore and may not set them (the provider refuses them), so the
 * per-group rules leave those to `stack-elasticache-global-datastore-secured`, which checks the primary member.
 */
export function isGlobalSecondaryMember(group: Record<string, any>): boolean {
    return isSet(group, "globalReplicationGroupId");
}
