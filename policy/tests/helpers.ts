/**
 * Shared test helpers for the policy pack: build the argument bags the engine hands a pack
 * (via policy/lib/args.ts, the same builder the offline gate uses) and assert on reported violations.
 */
import { strict as assert } from "assert";
import { ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import {
    makeResourceValidationArgs,
    makeStackValidationArgs,
    mergedPolicyConfig,
    ResourceRecord,
    ResourceTypeRef,
    runResourcePolicy,
    runStackPolicy,
    typeTokenOf,
} from "../lib/args";
import { PlatformResourcePolicy, PlatformStackPolicy } from "../lib/rule";
import { UNKNOWN_STRING } from "../lib/unknowns";

/** The engine's sentinel for a value not known during preview; reading it from props throws `UnknownValueError`. */
export const UNKNOWN = UNKNOWN_STRING;

const STACK = "test";
const PROJECT = "platform";

export function testUrn(type: string, name: string): string {
    return `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
}

/**
 * Policy config is resolved when the args reach a policy (schema defaults + given config), so the
 * args carry the raw config and the runners below merge it with the policy's schema.
 */
const rawConfig = new WeakMap<object, Record<string, any> | undefined>();

export function resourceArgs(
    resourceClassOrType: ResourceTypeRef,
    props: Record<string, any>,
    options: { name?: string; protect?: boolean; config?: Record<string, any> } = {},
): ResourceValidationArgs {
    const type = typeTokenOf(resourceClassOrType);
    const name = options.name ?? "subject";
    const record: ResourceRecord = { type, name, urn: testUrn(type, name), props, protect: options.protect };
    const args = makeResourceValidationArgs(record, options.config ?? {});
    rawConfig.set(args, options.config);
    return args;
}

/** Messages the policy reports for these args (not-applicable is none). */
export async function violationsOf(policy: PlatformResourcePolicy, args: ResourceValidationArgs): Promise<string[]> {
    const config = mergedPolicyConfig(policy, rawConfig.get(args));
    return runResourcePolicy(policy, { ...args, getConfig: (() => ({ ...config })) as ResourceValidationArgs["getConfig"] });
}

export async function assertResourceViolation(policy: PlatformResourcePolicy, args: ResourceValidationArgs, message: RegExp): Promise<void> {
    const messages = await violationsOf(policy, args);
    assert.ok(
        messages.some((m) => message.test(m)),
        `expected ${policy.name} to report a violation matching ${message} on ${args.type}; reported: ${JSON.stringify(messages)}`,
    );
}

export async function assertNoResourceViolation(policy: PlatformResourcePolicy, args: ResourceValidationArgs): Promise<void> {
    const messages = await violationsOf(policy, args);
    assert.deepEqual(messages, [], `expected ${policy.name} to report nothing on ${args.type}; reported: ${JSON.stringify(messages)}`);
}

export interface StackFixtureResource {
    type: ResourceTypeRef;
    props: Record<string, any>;
    name?: string;
    protect?: boolean;
    ignoreChanges?: string[];
    /** `name` of another entry. */
    parent?: string;
    /** `name`s of other entries. */
    dependsOn?: string[];
    /** For each property, the `name`s of the entries its value came from. */
    propertyDependencies?: Record<string, string[]>;
    /** `name` of the provider entry (a `pulumi:providers:*` resource) this resource uses. */
    provider?: string;
}

export function stackArgs(resources: StackFixtureResource[], options: { config?: Record<string, any> } = {}): StackValidationArgs {
    const named = resources.map((r, i) => ({ ...r, type: typeTokenOf(r.type), name: r.name ?? `resource-${i}` }));
    const urnByName = new Map<string, string>();
    for (const r of named) {
        if (urnByName.has(r.name)) {
            throw new Error(`stackArgs: duplicate resource name ${r.name}`);
        }
        urnByName.set(r.name, testUrn(r.type, r.name));
    }
    const urnOf = (name: string) => {
        const urn = urnByName.get(name);
        if (!urn) {
            throw new Error(`stackArgs: no resource named ${name}`);
        }
        return urn;
    };
    const providerOf = (name: string | undefined) => {
        const p = name === undefined ? undefined : named.find((r) => r.name === name);
        return p && { type: p.type, urn: urnOf(p.name), name: p.name, props: p.props };
    };
    const records: ResourceRecord[] = named.map((r) => ({
        type: r.type,
        name: r.name,
        urn: urnOf(r.name),
        props: r.props,
        protect: r.protect,
        ignoreChanges: r.ignoreChanges,
        parent: r.parent === undefined ? undefined : urnOf(r.parent),
        dependencies: [...new Set([...(r.dependsOn ?? []), ...Object.values(r.propertyDependencies ?? {}).flat()])].map(urnOf),
        propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, names]) => [k, names.map(urnOf)])),
        provider: providerOf(r.provider),
    }));
    const args = makeStackValidationArgs(records, options.config ?? {});
    rawConfig.set(args, options.config);
    return args;
}

export async function stackViolationsOf(policy: PlatformStackPolicy, args: StackValidationArgs): Promise<Array<{ message: string; urn?: string }>> {
    const config = mergedPolicyConfig(policy, rawConfig.get(args));
    return runStackPolicy(policy, { ...args, getConfig: (() => ({ ...config })) as StackValidationArgs["getConfig"] });
}

export async function assertStackViolation(policy: PlatformStackPolicy, args: StackValidationArgs, message: RegExp): Promise<void> {
    const violations = await stackViolationsOf(policy, args);
    assert.ok(
        violations.some((v) => message.test(v.message)),
        `expected ${policy.name} to report a violation matching ${message}; reported: ${JSON.stringify(violations)}`,
    );
}

export async function assertNoStackViolation(policy: PlatformStackPolicy, args: StackValidationArgs): Promise<void> {
    const violations = await stackViolationsOf(policy, args);
    assert.deepEqual(violations, [], `expected ${policy.name} to report nothing; reported: ${JSON.stringify(violations)}`);
}
