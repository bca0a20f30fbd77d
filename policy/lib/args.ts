/**
 * Builds the argument bags a policy is handed, the way @pulumi/policy's analyzer server builds them
 * (node_modules/@pulumi/policy/server.js), and runs a policy against them.
 *
 * The offline gate (policy/evaluate.ts) and the test helpers (policy/tests/helpers.ts) both use this
 * module, so a rule sees identical arguments in its tests and in the gate.
 */
import {
    Policy,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    unknownCheckingProxy,
} from "@pulumi/policy";

/** A resource class (anything with a static `__pulumiType`) or a type token such as `eks:index:Cluster`. */
export type ResourceTypeRef = string | { __pulumiType: string } | (abstract new (...args: any[]) => any);

/** The type token of a class or token. Provider classes keep `__pulumiType` out of their typings, hence the cast. */
export function typeTokenOf(ref: ResourceTypeRef): string {
    if (typeof ref === "string") {
        return ref;
    }
    const token = (ref as any).__pulumiType;
    if (typeof token !== "string" || token.length === 0) {
        throw new Error("resource class has no __pulumiType; pass the type token as a string instead");
    }
    return token;
}

/** The engine's `isTypeOf`: compare `__pulumiType` when the class has one, otherwise ask `isInstance`. */
export function isTypeOf(type: string, resourceClass: any): boolean {
    const token = resourceClass?.__pulumiType;
    if (typeof token === "string" && token.length > 0) {
        return type === token;
    }
    const isInstance = resourceClass?.isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

/** Thrown by `notApplicable()`; the runners below treat it as "no violation", as the engine does. */
export class NotApplicableError extends Error {
    readonly reason?: string;

    constructor(reason?: string) {
        // Thrown for most (policy, resource) pairs: skip capturing a stack trace nobody reads.
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        super(reason ?? "Policy does not apply");
        Error.stackTraceLimit = limit;
        this.reason = reason;
    }
}

function throwNotApplicable(reason?: string): never {
    throw new NotApplicableError(reason);
}

/**
 * The config a policy reads through `getConfig()`: its configSchema defaults overlaid with the given
 * config, minus `enforcementLevel` (the CLI fills in schema defaults before handing config to the pack).
 */
export function mergedPolicyConfig(policy: Policy, given?: unknown): Record<string, any> {
    const defaults: Record<string, any> = {};
    for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
        if ((schema as any).default !== undefined) {
            defaults[key] = (schema as any).default;
        }
    }
    const overrides = given !== null && typeof given === "object" ? { ...(given as Record<string, any>) } : {};
    delete overrides.enforcementLevel;
    return { ...defaults, ...overrides };
}

/** Go duration strings as the program passes custom timeouts ("40m", "1h30m"). */
export interface CustomTimeouts {
    create?: string;
    update?: string;
    delete?: string;
}

const DURATION_UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, "\u00b5s": 1e-6, "\u03bcs": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Seconds of a Go duration, as the engine converts a custom timeout (time.ParseDuration(...).Seconds()). */
export function durationSeconds(text: string | undefined): number {
    if (!text) {
        return 0;
    }
    const match = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+|0)$/.exec(text);
    if (!match) {
        throw new Error(`unable to parse customTimeout Value ${text}`);
    }
    let seconds = 0;
    for (const [, amount, unit] of match[2].matchAll(/(\d+\.?\d*|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/g)) {
        seconds += Number(amount) * DURATION_UNIT_SECONDS[unit];
    }
    return match[1] === "-" ? -seconds : seconds;
}

export function resourceOptions(options: { protect?: boolean; parent?: string; ignoreChanges?: string[]; customTimeouts?: CustomTimeouts }): PolicyResourceOptions {
    const timeouts = options.customTimeouts ?? {};
    const opts: PolicyResourceOptions = {
        protect: options.protect ?? false,
        ignoreChanges: options.ignoreChanges ?? [],
        aliases: [],
        customTimeouts: { createSeconds: durationSeconds(timeouts.create), updateSeconds: durationSeconds(timeouts.update), deleteSeconds: durationSeconds(timeouts.delete) },
        additionalSecretOutputs: [],
    };
    if (options.parent) {
        opts.parent = options.parent;
    }
    return opts;
}

/** One resource registration, independent of where it came from (a test fixture or a synthesized preview). */
export interface ResourceRecord {
    type: string;
    name: string;
    urn: string;
    /** Plain inputs: secrets already revealed; unknown values as the engine's unknown sentinels. */
    props: Record<string, any>;
    protect?: boolean;
    ignoreChanges?: string[];
    customTimeouts?: CustomTimeouts;
    parent?: string;
    /** URNs this resource depends on. */
    dependencies?: string[];
    /** For each input property, the URNs its value came from. */
    propertyDependencies?: Record<string, string[]>;
    /** The provider resource this resource names, with the provider's inputs (components and providers name none). */
    provider?: { type: string; urn: string; name: string; props: Record<string, any> };
}

function providerOf(record: ResourceRecord): PolicyProviderResource | undefined {
    const provider = record.provider;
    return provider && { type: provider.type, urn: provider.urn, name: provider.name, props: engineProps(provider.props) };
}

/** Props wrapped as the engine wraps them: reading an unknown value throws `UnknownValueError`. */
const enginePropsCache = new WeakMap<Record<string, any>, Record<string, any>>();

/** Props as the engine hands them to a pack; built once per resource and shared by every policy (read-only). */
function engineProps(props: Record<string, any>): Record<string, any> {
    const cached = enginePropsCache.get(props);
    if (cached !== undefined) {
        return cached;
    }
    // The engine drops properties whose value is undefined.
    const defined = Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
    const wrapped: Record<string, any> = unknownCheckingProxy(defined);
    enginePropsCache.set(props, wrapped);
    return wrapped;
}

export function makeResourceValidationArgs(record: ResourceRecord, config: Record<string, any>): ResourceValidationArgs {
    const props = engineProps(record.props);
    const type = record.type;
    const args: ResourceValidationArgs = {
        type,
        props,
        urn: record.urn,
        name: record.name,
        opts: resourceOptions({ protect: record.protect, parent: record.parent, ignoreChanges: record.ignoreChanges, customTimeouts: record.customTimeouts }),
        stackTags: new Map<string, string>(),
        isType: (resourceClass: any) => isTypeOf(type, resourceClass),
        asType: ((resourceClass: any) => (isTypeOf(type, resourceClass) ? props : undefined)) as ResourceValidationArgs["asType"],
        getConfig: (<T extends object>() => ({ ...config }) as T) as ResourceValidationArgs["getConfig"],
        notApplicable: throwNotApplicable,
    };
    const provider = providerOf(record);
    if (provider) {
        args.provider = provider;
    }
    return args;
}

/** PolicyResources with `parent`, `dependencies` and `propertyDependencies` resolved to each other, as the engine does. */
export function makePolicyResources(records: ResourceRecord[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const resources = records.map((record) => {
        const props = engineProps(record.props);
        const type = record.type;
        const resource: PolicyResource = {
            type,
            props,
            urn: record.urn,
            name: record.name,
            opts: resourceOptions({ protect: record.protect, parent: record.parent, ignoreChanges: record.ignoreChanges, customTimeouts: record.customTimeouts }),
            dependencies: [],
            propertyDependencies: {},
            isType: (resourceClass: any) => isTypeOf(type, resourceClass),
            asType: ((resourceClass: any) => (isTypeOf(type, resourceClass) ? props : undefined)) as PolicyResource["asType"],
        };
        const provider = providerOf(record);
        if (provider) {
            resource.provider = provider;
        }
        byUrn.set(record.urn, resource);
        return resource;
    });
    const resolve = (urns: string[] = []) => urns.map((urn) => byUrn.get(urn)).filter((r): r is PolicyResource => r !== undefined);
    records.forEach((record, i) => {
        const resource = resources[i];
        if (record.parent && byUrn.has(record.parent)) {
            resource.parent = byUrn.get(record.parent);
        }
        resource.dependencies = resolve(record.dependencies);
        for (const [property, urns] of Object.entries(record.propertyDependencies ?? {})) {
            // The engine leaves out properties that depend on nothing.
            if (urns.length > 0) {
                resource.propertyDependencies[property] = resolve(urns);
            }
        }
    });
    return resources;
}

/** One resource graph per evaluation, shared (read-only, like the props) by every stack policy of the run. */
const policyResourcesCache = new WeakMap<ResourceRecord[], PolicyResource[]>();

export function makeStackValidationArgs(records: ResourceRecord[], config: Record<string, any>): StackValidationArgs {
    let resources = policyResourcesCache.get(records);
    if (resources === undefined) {
        resources = makePolicyResources(records);
        policyResourcesCache.set(records, resources);
    }
    return {
        resources,
        stackTags: new Map<string, string>(),
        getConfig: (<T extends object>() => ({ ...config }) as T) as StackValidationArgs["getConfig"],
        notApplicable: throwNotApplicable,
    };
}

/**
 * The resource types a validation can report on, or undefined when it may apply to any type: the
 * `__pulumiType` that `validateResourceOfType` attaches (the analyzer's own fast path), or the list that
 * `validateResourceOfTokens` and `validateResourceOfTypes` attach (policy/lib/validate.ts).
 */
export function applicableTypes(validation: unknown): readonly string[] | undefined {
    const tokens = (validation as any)?.[RESOURCE_TYPES];
    if (Array.isArray(tokens)) {
        return tokens;
    }
    const token = (validation as any)?.__pulumiType;
    return typeof token === "string" && token.length > 0 ? [token] : undefined;
}

/** Where a validation lists the only resource types it can report on. */
export const RESOURCE_TYPES = "__platformResourceTypes";

export function isResourcePolicy(policy: Policy): policy is ResourceValidationPolicy {
    return typeof (policy as any).validateResource === "function" || Array.isArray((policy as any).validateResource);
}

export function isStackPolicy(policy: Policy): policy is StackValidationPolicy {
    return typeof (policy as any).validateStack === "function";
}

/**
 * Runs a resource policy's validations against one resource and returns the messages it reported.
 * Not-applicable is no violation; any other error (including `UnknownValueError`) propagates to the caller.
 */
export async function runResourcePolicy(policy: ResourceValidationPolicy, args: ResourceValidationArgs): Promise<string[]> {
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : policy.validateResource ? [policy.validateResource] : [];
    // The engine's fast path: a single typed validation that names another type is not applicable.
    if (validations.length === 1) {
        const token = (validations[0] as any).__pulumiType;
        if (typeof token === "string" && token.length > 0 && token !== args.type) {
            return [];
        }
    }
    const messages: string[] = [];
    for (const validate of validations) {
        try {
            await validate(args, (message: string) => {
                messages.push(message);
            });
        } catch (e) {
            if (e instanceof NotApplicableError) {
                continue;
            }
            throw e;
        }
    }
    return messages;
}

/** Runs a stack policy once over the stack's resources; violations keep the URN the policy named, if any. */
export async function runStackPolicy(policy: StackValidationPolicy, args: StackValidationArgs): Promise<Array<{ message: string; urn?: string }>> {
    const token = (policy.validateStack as any).__pulumiType;
    if (typeof token === "string" && token.length > 0 && !args.resources.some((r) => r.type === token)) {
        return [];
    }
    const violations: Array<{ message: string; urn?: string }> = [];
    try {
        await policy.validateStack(args, (message: string, urn?: string) => {
            violations.push(urn === undefined ? { message } : { message, urn });
        });
    } catch (e) {
        if (!(e instanceof NotApplicableError)) {
            throw e;
        }
    }
    return violations;
}
