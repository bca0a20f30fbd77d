/**
 * The offline policy gate: runs the pack's policies over a synthesized preview (offline/types.ts) the
 * way the Pulumi engine and @pulumi/policy's analyzer (node_modules/@pulumi/policy/server.js) run a pack
 * during `pulumi preview --policy-pack`, without the CLI.
 *
 * tests/offline/analyzerEquivalence.spec.ts proves it equal to that analyzer, driven through its own RPC
 * handlers, on every stack: same policies, URNs, levels and messages. Calling those handlers here instead
 * would cost several times the whole gate (each policy deserializes each resource from protobuf).
 */
import { EnforcementLevel, ResourceValidation, UnknownValueError } from "@pulumi/policy";
import { CustomResource, Resource } from "@pulumi/pulumi";
import { isRpcSecret, unwrapRpcSecret } from "@pulumi/pulumi/runtime/rpc";
import { PolicyViolation, SynthesizedResource } from "../offline/types";
import {
    applicableTypes,
    isResourcePolicy,
    isStackPolicy,
    makeResourceValidationArgs,
    makeStackValidationArgs,
    mergedPolicyConfig,
    NotApplicableError,
    ResourceRecord,
} from "./lib/args";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, PACK_VERSION } from "./lib/pack";
import { PlatformPolicy } from "./lib/rule";
import { allRules } from "./rules";

export interface EvaluateOptions {
    /** Stack name, used in error messages. */
    stack: string;
    /** The `--policy-pack-config` object: `all` and per-policy entries (a level, or `{ enforcementLevel, ...config }`). */
    config: Record<string, any>;
    /** Defaults to every rule of the pack. */
    policies?: PlatformPolicy[];
}

const LEVELS: readonly string[] = ["advisory", "mandatory", "remediate", "disabled"];

/** The level an entry of the config file names (a string, or an object's `enforcementLevel`); the CLI refuses anything else. */
function levelOf(key: string, entry: unknown): EnforcementLevel | undefined {
    if (entry === undefined) {
        return undefined;
    }
    let level: unknown;
    if (typeof entry === "string") {
        level = entry;
    } else if (entry !== null && typeof entry === "object" && !Array.isArray(entry)) {
        level = (entry as Record<string, unknown>).enforcementLevel;
    } else {
        throw new Error(`policy pack config: ${JSON.stringify(key)} must be an enforcement level or an object`);
    }
    if (level !== undefined && !LEVELS.includes(level as string)) {
        throw new Error(`policy pack config: ${JSON.stringify(level)} is not a valid enforcement level for ${JSON.stringify(key)}`);
    }
    return level as EnforcementLevel | undefined;
}

/**
 * The engine's order (pkg/resource/analyzer/config.go): the policy's entry, then `all` (a level or
 * `{ enforcementLevel }`), then the policy's own level, then the pack's. `remediate` is reported as
 * mandatory: the gate runs no remediations, and the analyzer downgrades a remediate violation so.
 */
export function resolveEnforcementLevel(policy: PlatformPolicy, config: Record<string, any>): EnforcementLevel {
    const level = levelOf(policy.name, config[policy.name]) ?? levelOf("all", config.all) ?? policy.enforcementLevel ?? PACK_ENFORCEMENT_LEVEL;
    return level === "remediate" ? "mandatory" : level;
}

/** Every key of the config file is checked, as the CLI does before it runs anything. */
function checkConfig(config: Record<string, any>): void {
    for (const [key, entry] of Object.entries(config)) {
        if (key !== "environments") {
            levelOf(key, entry);
        }
    }
}

/**
 * An input as the engine hands it to a pack: secrets revealed, and a resource reference as its id
 * (a component's: its URN), since the engine marshals analyzer properties without resource references.
 */
function engineValue(value: any, references: Array<Promise<void>>, assign: (v: any) => void): any {
    if (isRpcSecret(value)) {
        return engineValue(unwrapRpcSecret(value), references, assign);
    }
    if (Array.isArray(value)) {
        // On the wire an undefined element is null, and an undefined property is absent.
        const out: any[] = new Array(value.length);
        value.forEach((v, i) => (out[i] = v === undefined ? null : engineValue(v, references, (x) => (out[i] = x))));
        return out;
    }
    if (value !== null && typeof value === "object") {
        if (Resource.isInstance(value)) {
            const output: any = CustomResource.isInstance(value) ? value.id : value.urn;
            references.push(output.promise().then(assign));
            return undefined;
        }
        if (value.constructor === Object) {
            const out: Record<string, any> = {};
            for (const [k, v] of Object.entries(value)) {
                if (v !== undefined) {
                    out[k] = engineValue(v, references, (x) => (out[k] = x));
                }
            }
            return out;
        }
    }
    return value;
}

async function engineInputs(inputs: Record<string, any>): Promise<Record<string, any>> {
    const references: Array<Promise<void>> = [];
    const props = engineValue(inputs, references, () => undefined);
    await Promise.all(references);
    return props;
}

function urnOfReference(ref: string): string {
    return ref.slice(0, ref.lastIndexOf("::"));
}

async function recordsOf(resources: SynthesizedResource[]): Promise<ResourceRecord[]> {
    const props = await Promise.all(resources.map((r) => engineInputs(r.inputs)));
    const records: ResourceRecord[] = resources.map((resource, i) => ({
        type: resource.type,
        name: resource.name,
        urn: resource.urn,
        props: props[i],
        protect: resource.options.protect,
        ignoreChanges: resource.options.ignoreChanges,
        customTimeouts: resource.options.customTimeouts,
        parent: resource.parent,
        dependencies: resource.options.dependsOn,
        propertyDependencies: resource.propertyDependencies,
    }));
    // A resource's provider (its `urn::id` reference) is handed to policies with the provider's own inputs.
    const byUrn = new Map(records.map((r) => [r.urn, r]));
    resources.forEach((resource, i) => {
        const provider = resource.provider ? byUrn.get(urnOfReference(resource.provider)) : undefined;
        if (provider !== undefined) {
            records[i].provider = { type: provider.type, urn: provider.urn, name: provider.name, props: provider.props };
        }
    });
    return records;
}

function errorText(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

/** The resource validations of a policy that can apply to `type`, in the policy's order. */
function validationsFor(validations: ResourceValidation[], type: string): ResourceValidation[] {
    return validations.filter((v) => {
        const types = applicableTypes(v);
        return types === undefined || types.includes(type);
    });
}

export async function evaluatePolicies(resources: SynthesizedResource[], options: EvaluateOptions): Promise<PolicyViolation[]> {
    const policies = options.policies ?? allRules;
    checkConfig(options.config);
    const records = await recordsOf(resources);
    const urns = new Set(records.map((r) => r.urn));
    // One bucket per policy, so violations come out in pack order whatever order they are found in.
    const found: PolicyViolation[][] = policies.map(() => []);

    const active = policies
        .map((policy, index) => {
            const enforcementLevel = resolveEnforcementLevel(policy, options.config);
            const entry = options.config[policy.name];
            const config = mergedPolicyConfig(policy, typeof entry === "object" ? entry : undefined);
            const violation = (message: string, urn: string | undefined, level: PolicyViolation["enforcementLevel"] = enforcementLevel): void => {
                found[index].push({ policy: policy.name, enforcementLevel: level, severity: policy.severity, urn, message, remediation: policy.remediationSteps });
            };
            // The analyzer's wording: reading an unknown value is an advisory "can't run" and the policy's other
            // findings stand; any other error fails the run, which the gate reports as a mandatory violation.
            const failure = (error: unknown, urn: string | undefined): void => {
                if (error instanceof UnknownValueError) {
                    violation(`can't run policy '${policy.name}' from policy pack '${PACK_NAME}@v${PACK_VERSION}' during preview: ${errorText(error)}`, urn, "advisory");
                } else {
                    violation(`policy ${policy.name} threw on stack ${options.stack}: ${errorText(error)}`, urn, "mandatory");
                }
            };
            return { policy, enforcementLevel, config, violation, failure };
        })
        .filter((p) => p.enforcementLevel !== "disabled");

    // Resource policies, dispatched by type: a validation tagged with the types it applies to is never
    // called on others (the engine would call it, and it would find nothing).
    const resourcePolicies = active.filter((p) => isResourcePolicy(p.policy));
    const byType = new Map<string, Array<{ p: (typeof active)[number]; validations: ResourceValidation[] }>>();
    const forType = (type: string) => {
        let list = byType.get(type);
        if (list === undefined) {
            list = [];
            for (const p of resourcePolicies) {
                const declared = (p.policy as any).validateResource;
                const all: ResourceValidation[] = Array.isArray(declared) ? declared : declared ? [declared] : [];
                const validations = validationsFor(all, type);
                if (validations.length > 0) {
                    list.push({ p, validations });
                }
            }
            byType.set(type, list);
        }
        return list;
    };
    for (const record of records) {
        for (const { p, validations } of forType(record.type)) {
            const args = makeResourceValidationArgs(record, p.config);
            const report = (message: string) => p.violation(message, record.urn);
            for (const validate of validations) {
                try {
                    await validate(args, report);
                } catch (error) {
                    if (error instanceof NotApplicableError) {
                        continue;
                    }
                    p.failure(error, record.urn);
                    if (!(error instanceof UnknownValueError)) {
                        break; // the analyzer stops this policy (and the run) at an error
                    }
                }
            }
        }
    }

    for (const p of active) {
        if (!isStackPolicy(p.policy)) {
            continue;
        }
        const token = (p.policy.validateStack as any).__pulumiType;
        if (typeof token === "string" && token.length > 0 && !records.some((r) => r.type === token)) {
            continue;
        }
        // A URN outside the stack is reported on the root stack, as the engine does.
        const report = (message: string, urn?: string) => p.violation(message, urn !== undefined && urns.has(urn) ? urn : undefined);
        try {
            await p.policy.validateStack(makeStackValidationArgs(records, p.config), report);
        } catch (error) {
            if (!(error instanceof NotApplicableError)) {
                p.failure(error, undefined);
            }
        }
    }
    return found.flat();
}
