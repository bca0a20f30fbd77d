/**
 * The policy gate on real syntheses: every stack passes with zero mandatory violations, and the gate bites:
 * breaking one guarded property of a real prod resource per theme makes the named rule fire, mandatory.
 */
import * as assert from "assert";
import { runPolicyGate } from "../../offline/policyGate";
import { PROJECT_ROOT } from "../../offline/synthesize";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { STACKS, synthesizeStack } from "../support/synthesis";

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

/** A copy of `result` in which `mutate` changed the first resource of `type` that `pick` accepts. */
function broken(result: SynthesisResult, type: string, mutate: (resource: SynthesizedResource) => void, pick: (r: SynthesizedResource) => boolean = () => true) {
    const resources = copy(result.resources);
    const target = resources.find((r) => r.type === type && pick(r));
    assert.ok(target, `prod has no ${type} to break`);
    mutate(target);
    return { result: { ...result, resources }, target };
}

describe("policy gate on synthesized stacks", () => {
    for (const stack of STACKS) {
        it(`${stack} passes with zero mandatory violations`, async () => {
            const gate = await runPolicyGate(await synthesizeStack(stack), PROJECT_ROOT);
            const mandatory = gate.violations.filter((v) => v.enforcementLevel === "mandatory");
            assert.deepStrictEqual(mandatory.map((v) => `${v.policy}: ${v.message}`), []);
            assert.ok(gate.configFile?.endsWith(`config.${stack}.json`));
        });
    }

    const cases: Array<{ theme: string; rule: string; type: string; mutate: (r: SynthesizedResource) => void; pick?: (r: SynthesizedResource) => boolean }> = [
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

    for (const c of cases) {
        it(`bites on ${c.theme}: ${c.rule}`, async () => {
            const prod = await synthesizeStack("prod");
            const { result, target } = broken(prod, c.type, c.mutate, c.pick);
            const gate = await runPolicyGate(result, PROJECT_ROOT);
            const fired = gate.violations.filter((v) => v.policy.startsWith(c.rule) && v.urn === target.urn);
            assert.ok(fired.length > 0, `${c.rule} did not fire on ${target.name}; violations: ${gate.violations.map((v) => v.policy).join(", ")}`);
            assert.ok(fired.every((v) => v.enforcementLevel === "mandatory"));
            assert.ok(gate.mandatoryCount > 0, "the preview would exit 1");
        });
    }
});
