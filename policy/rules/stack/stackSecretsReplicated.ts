/**
 * stack-secrets-replicated: a secret that workloads of another region read must have a replica in that region,
 * or those workloads lose their credentials exactly when the secret's own region is down (the regional outage a
 * standby region exists for). Readers are IAM policies (`aws.iam.RolePolicy`, `aws.iam.Policy`, a Role's
 * `inlinePolicies`) whose document depends on the secret; their region is their provider's (each region's
 * roles are made with that region's provider). The secret's region is its `region` input, else its
 * provider's. Each reader region other than the secret's must appear in the secret's `replicas[].region`
 * (unset `replicas` has none).
 */
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { PlatformStackPolicy } from "../../lib/rule";
import { isUnknownSentinel, withoutProxy } from "../../lib/unknowns";
import { describeResource } from "./lib/describe";
import { regionOf } from "./stackDataResidency";

const SECRET = "aws:secretsmanager/secret:Secret";
/** IAM resources and the input holding their policy documents. */
const READERS: Record<string, string> = {
    "aws:iam/rolePolicy:RolePolicy": "policy",
    "aws:iam/policy:Policy": "policy",
    "aws:iam/role:Role": "inlinePolicies",
};

/** The regions of a secret's replicas that are known (a preview may not know them yet). */
export function replicaRegions(secret: PolicyResource): string[] {
    const replicas = withoutProxy(secret.props.replicas);
    if (!Array.isArray(replicas)) {
        return [];
    }
    return replicas.map((r) => withoutProxy(r)?.region).filter((r): r is string => typeof r === "string" && !isUnknownSentinel(r));
}

/** Per region other than the secret's, the IAM resources there whose policy depends on the secret. */
export function foreignReaders(secret: PolicyResource, resources: PolicyResource[]): Map<string, PolicyResource[]> {
    const home = regionOf(secret);
    const byRegion = new Map<string, PolicyResource[]>();
    for (const r of resources) {
        const property = READERS[r.type];
        if (property === undefined || !(r.propertyDependencies[property] ?? []).some((d) => d.urn === secret.urn)) {
            continue;
        }
        const region = regionOf(r);
        if (region !== undefined && region !== home) {
            byRegion.set(region, [...(byRegion.get(region) ?? []), r]);
        }
    }
    return byRegion;
}

const validateStack: StackValidationPolicy["validateStack"] = (args, reportViolation) => {
    for (const secret of args.resources.filter((r) => r.type === SECRET)) {
        const replicated = replicaRegions(secret);
        for (const [region, readers] of foreignReaders(secret, args.resources)) {
            if (!replicated.includes(region)) {
                reportViolation(
                    `${describeResource(secret)} (${regionOf(secret) ?? "unknown region"}) is read by ${readers.map(describeResource).join(", ")} in ${region} but has no replica there (found: replicas in ${replicated.length > 0 ? replicated.join(", ") : "no region"}; expected a replica in ${region})`,
                    secret.urn,
                );
            }
        }
    }
};

export const stackSecretsReplicated: PlatformStackPolicy = {
    name: "stack-secrets-replicated",
    description: "A Secrets Manager secret read by another region's workloads (IAM policies in that region) must have a replica in that region.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "data-loss",
    anchors: [],
    remediationSteps:
        "Create the secret through the platform's secrets home (components/secrets/secretReplicas.ts `secretReplicas`): it gets a replica, under that region's data key, in every secondary region; have each region's roles and SecretStores read their own region's replica (`replicaSecretArn`).",
    validateStack,
};
