/**
 * Breaking one guarded property of a real resource per theme: the cases the gate-bites tests
 * (policyGate.spec.ts) and the analyzer-equivalence test (analyzerEquivalence.spec.ts) share.
 */
import * as assert from "assert";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";

export interface Mutation {
    theme: string;
    rule: string;
    type: string;
    mutate: (r: SynthesizedResource) => void;
    pick?: (r: SynthesizedResource) => boolean;
}

export const MUTATIONS: Mutation[] = [
    { theme: "encryption at rest", rule: "rds-instance-storage-encrypted", type: "aws:rds/instance:Instance", mutate: (r) => (r.inputs.storageEncrypted = false) },
    {
        theme: "versioning",
        rule: "s3-bucket-versioning-enabled",
        type: "aws:s3/bucketVersioning:BucketVersioning",
        mutate: (r) => (r.inputs.versioningConfiguration = { ...r.inputs.versioningConfiguration, status: "Suspended" }),
    },
    { theme: "TLS", rule: "elasticache-transit-encryption-required", type: "aws:elasticache/replicationGroup:ReplicationGroup", mutate: (r) => (r.inputs.transitEncryptionMode = "preferred") },
    { theme: "point-in-time recovery", rule: "atlas-cluster-pit-enabled", type: "mongodbatlas:index/advancedCluster:AdvancedCluster", mutate: (r) => (r.inputs.pitEnabled = false) },
    {
        theme: "edge TLS",
        rule: "cloudflare-ssl-strict",
        type: "cloudflare:index/zoneSetting:ZoneSetting",
        pick: (r) => r.inputs.settingId === "ssl",
        mutate: (r) => (r.inputs.value = "flexible"),
    },
    {
        theme: "public exposure",
        rule: "eks-component-endpoint-restricted",
        type: "eks:index:Cluster",
        mutate: (r) => Object.assign(r.inputs, { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] }),
    },
    {
        theme: "identity",
        rule: "launch-template-imdsv2",
        type: "aws:ec2/launchTemplate:LaunchTemplate",
        mutate: (r) => (r.inputs.metadataOptions = { ...r.inputs.metadataOptions, httpTokens: "optional" }),
    },
    { theme: "logging", rule: "eks-cluster-control-plane-logs", type: "eks:index:Cluster", mutate: (r) => (r.inputs.enabledClusterLogTypes = ["api"]) },
    { theme: "data loss", rule: "stack-stateful-protected", type: "aws:rds/instance:Instance", mutate: (r) => (r.options.protect = false) },
    { theme: "key management", rule: "kms-key-rotation", type: "aws:kms/key:Key", mutate: (r) => (r.inputs.enableKeyRotation = false) },
];

/** Deep copy of plain data; class instances (resource references in inputs) are shared, not copied. */
function copy<T>(value: T): T {
    if (Array.isArray(value)) {
        return value.map(copy) as T;
    }
    if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)])) as T;
    }
    return value;
}

/**
 * A copy of `result` in which each mutation changed the first resource of its type that it picks
 * (a copy of that resource; the others are shared with `result`, which stays intact).
 */
export function broken(result: SynthesisResult, mutations: Mutation[]): { result: SynthesisResult; targets: SynthesizedResource[] } {
    const resources = [...result.resources];
    const targets = mutations.map((m) => {
        const index = resources.findIndex((r) => r.type === m.type && (m.pick ?? (() => true))(r));
        assert.ok(index >= 0, `${result.stack} has no ${m.type} to break`);
        if (resources[index] === result.resources[index]) {
            resources[index] = copy(resources[index]);
        }
        m.mutate(resources[index]);
        return resources[index];
    });
    return { result: { ...result, resources }, targets };
}
