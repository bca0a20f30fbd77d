/**
 * The offline policy gate: runs the pack's policies over a synthesized preview (offline/types.ts) the
 * way the Pulumi engine runs a pack during `pulumi preview --policy-pack`, without the CLI.
 *
 * Faithful to the engine (node_modules/@pulumi/policy/server.js) in what a policy sees: props are the
 * inputs with secrets revealed, wrapped so that reading an unknown value throws; every resource policy
 * runs on every registration, components included; stack policies run once with parent, dependencies
 * and propertyDependencies resolved. The args come from policy/lib/args.ts, as in the rule tests.
 */
import { EnforcementLevel, UnknownValueError } from "@pulumi/policy";
import { revealSecrets } from "../offline/secrets";
import { PolicyViolation, SynthesizedResource } from "../offline/types";
import {
    isResourcePolicy,
    isStackPolicy,
    makeResourceValidationArgs,
    makeStackValidationArgs,
    mergedPolicyConfig,
    ResourceRecord,
    runResourcePolicy,
    runStackPolicy,
} from "./lib/args";
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

/** The pack's default level (policy/index.ts), used when neither the policy nor the config names one. */
const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";

/** Per-policy entry, then `all`, then the policy's own level, then the pack's, as the CLI resolves them. */
export function resolveEnforcementLevel(policy: PlatformPolicy, config: Record<string, any>): EnforcementLevel {
    const entry = config[policy.name];
    const fromEntry = typeof entry === "string" ? entry : entry?.enforcementLevel;
    const level: EnforcementLevel = fromEntry ?? config.all ?? policy.enforcementLevel ?? PACK_ENFORCEMENT_LEVEL;
    // The gate runs no remediations; a remediate-level violation blocks like a mandatory one (as the engine reports it).
    return level === "remediate" ? "mandatory" : level;
}

function recordOf(resource: SynthesizedResource): ResourceRecord {
    return {
        type: resource.type,
        name: resource.name,
        urn: resource.urn,
        props: revealSecrets(resource.inputs),
        protect: resource.options.protect,
        ignoreChanges: resource.options.ignoreChanges,
        parent: resource.parent,
        dependencies: resource.options.dependsOn,
        propertyDependencies: resource.propertyDependencies,
    };
}

function errorText(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

export async function evaluatePolicies(resources: SynthesizedResource[], options: EvaluateOptions): Promise<PolicyViolation[]> {
    const policies = options.policies ?? allRules;
    const records = resources.map(recordOf);
    const violations: PolicyViolation[] = [];

    for (const policy of policies) {
        const enforcementLevel = resolveEnforcementLevel(policy, options.config);
        if (enforcementLevel === "disabled") {
            continue;
        }
        const entry = options.config[policy.name];
        const policyConfig = mergedPolicyConfig(policy, typeof entry === "object" ? entry : undefined);
        const violation = (message: string, urn: string | undefined, level: PolicyViolation["enforcementLevel"] = enforcementLevel): PolicyViolation => ({
            policy: policy.name,
            enforcementLevel: level,
            severity: policy.severity,
            urn,
            message,
            remediation: policy.remediationSteps,
        });
        // The engine reports a policy that reads an unknown value as an advisory "can't run during preview",
        // and fails the run when a policy throws anything else; the gate reports the latter as a mandatory violation.
        const failure = (error: unknown, urn: string | undefined): PolicyViolation =>
            error instanceof UnknownValueError
                ? violation(`can't run policy ${policy.name} during preview: ${errorText(error)}`, urn, "advisory")
                : violation(`policy ${policy.name} threw on stack ${options.stack}: ${errorText(error)}`, urn, "mandatory");

        if (isResourcePolicy(policy)) {
            for (const record of records) {
                try {
                    const messages = await runResourcePolicy(policy, makeResourceValidationArgs(record, policyConfig));
                    violations.push(...messages.map((message) => violation(message, record.urn)));
                } catch (error) {
                    violations.push(failure(error, record.urn));
                }
            }
        }
        if (isStackPolicy(policy)) {
            try {
                const reported = await runStackPolicy(policy, makeStackValidationArgs(records, policyConfig));
                violations.push(...reported.map((v) => violation(v.message, v.urn)));
            } catch (error) {
                violations.push(failure(error, undefined));
            }
        }
    }
    return violations;
}
