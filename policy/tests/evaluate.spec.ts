/** The offline gate's runner on hand-built syntheses: levels from config, stack joins, secrets, failures. */
import { strict as assert } from "assert";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { SynthesizedResource } from "../../offline/types";
import { evaluatePolicies, resolveEnforcementLevel } from "../evaluate";
import { PlatformPolicy, PlatformResourcePolicy, PlatformStackPolicy } from "../lib/rule";
import { rdsInstanceMasterSecretCmk } from "../rules/encryption/rdsInstanceMasterSecretCmk";
import { rdsInstanceStorageEncrypted } from "../rules/encryption/rdsInstanceStorageEncrypted";
import { rdsInstanceBackupRetention } from "../rules/backup/rdsInstanceBackupRetention";
import { s3BucketVersioningEnabled } from "../rules/versioning/s3BucketVersioningEnabled";
import { eksComponentSecretsEncryption } from "../rules/encryption/eksComponentSecretsEncryption";
import { compliantRdsInstance } from "./fixtures";
import { UNKNOWN } from "./helpers";

const urnOf = (type: string, name: string) => `urn:pulumi:dev::platform::${type}::${name}`;

function synthesized(type: string, name: string, inputs: Record<string, any>, extra: Partial<SynthesizedResource> = {}): SynthesizedResource {
    return {
        urn: urnOf(type, name),
        type,
        name,
        custom: true,
        inputs,
        propertyDependencies: {},
        options: { protect: false, retainOnDelete: false, ignoreChanges: [], dependsOn: [] },
        ...extra,
    };
}

const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

const RDS = "aws:rds/instance:Instance";
const unencryptedDb = synthesized(RDS, "db", { ...compliantRdsInstance(), storageEncrypted: false });
const metadata = { description: "test policy", severity: "low" as const, theme: "logging" as const, anchors: [], remediationSteps: "fix it", enforcementLevel: "mandatory" as const };

describe("evaluatePolicies", () => {
    it("reports a violation with policy, level, severity, urn, message and remediation", async () => {
        const violations = await evaluatePolicies([unencryptedDb], { stack: "dev", config: {}, policies: [rdsInstanceStorageEncrypted] });
        assert.deepEqual(violations, [
            {
                policy: "rds-instance-storage-encrypted",
                enforcementLevel: "mandatory",
                severity: "high",
                urn: unencryptedDb.urn,
                message: "storageEncrypted must be true (found: false)",
                remediation: rdsInstanceStorageEncrypted.remediationSteps,
            },
        ]);
    });

    it("reports nothing for compliant resources", async () => {
        const violations = await evaluatePolicies([synthesized(RDS, "db", compliantRdsInstance())], { stack: "dev", config: {}, policies: [rdsInstanceStorageEncrypted, rdsInstanceBackupRetention] });
        assert.deepEqual(violations, []);
    });

    it("applies `all` to every policy", async () => {
        const violations = await evaluatePolicies([unencryptedDb], { stack: "dev", config: { all: "advisory" }, policies: [rdsInstanceStorageEncrypted] });
        assert.deepEqual(violations.map((v) => v.enforcementLevel), ["advisory"]);
    });

    it("lets a per-policy entry override `all`, as an object or a bare level", async () => {
        const asObject = await evaluatePolicies([unencryptedDb], { stack: "dev", config: { all: "advisory", "rds-instance-storage-encrypted": { enforcementLevel: "mandatory" } }, policies: [rdsInstanceStorageEncrypted] });
        assert.deepEqual(asObject.map((v) => v.enforcementLevel), ["mandatory"]);
        const asLevel = await evaluatePolicies([unencryptedDb], { stack: "dev", config: { all: "mandatory", "rds-instance-storage-encrypted": "advisory" }, policies: [rdsInstanceStorageEncrypted] });
        assert.deepEqual(asLevel.map((v) => v.enforcementLevel), ["advisory"]);
    });

    it("skips a disabled policy", async () => {
        const violations = await evaluatePolicies([unencryptedDb], { stack: "dev", config: { "rds-instance-storage-encrypted": { enforcementLevel: "disabled" } }, policies: [rdsInstanceStorageEncrypted] });
        assert.deepEqual(violations, []);
    });

    it("reports remediate-level violations as mandatory (the gate does not remediate)", () => {
        assert.equal(resolveEnforcementLevel(rdsInstanceStorageEncrypted, { all: "remediate" }), "mandatory");
    });

    it("merges a policy's configSchema defaults with its config entry", async () => {
        const db = synthesized(RDS, "db", { ...compliantRdsInstance(), backupRetentionPeriod: 10 });
        assert.deepEqual(await evaluatePolicies([db], { stack: "dev", config: {}, policies: [rdsInstanceBackupRetention] }), []);
        const strict = await evaluatePolicies([db], { stack: "prod", config: { "rds-instance-backup-retention": { enforcementLevel: "mandatory", minimumDays: 14 } }, policies: [rdsInstanceBackupRetention] });
        assert.deepEqual(strict.map((v) => v.message), ["backupRetentionPeriod must be at least 14 (found: 10)"]);
    });

    it("reveals secrets to policies", async () => {
        const seen: unknown[] = [];
        const probe: PlatformResourcePolicy = { ...metadata, name: "test-secret-probe", validateResource: (args) => void seen.push(args.props.password) };
        const db = synthesized(RDS, "db", { ...compliantRdsInstance(), password: secret("hunter2-secret") });
        const violations = await evaluatePolicies([db], { stack: "dev", config: {}, policies: [probe, rdsInstanceMasterSecretCmk] });
        assert.deepEqual(seen, ["hunter2-secret"]);
        assert.deepEqual(violations.map((v) => v.message), ["password must not be set unless manageMasterUserPassword is false (found: a password input)"]);
    });

    it("runs resource policies on component registrations too", async () => {
        const component = synthesized("eks:index:Cluster", "cluster", { vpcId: "vpc-1" }, { custom: false });
        const violations = await evaluatePolicies([component], { stack: "dev", config: {}, policies: [eksComponentSecretsEncryption] });
        assert.deepEqual(violations.map((v) => [v.policy, v.urn]), [["eks-component-secrets-encryption", component.urn]]);
    });

    it("joins stack resources through propertyDependencies given by URN", async () => {
        const bucket = synthesized("aws:s3/bucket:Bucket", "data", {});
        const versioning = synthesized(
            "aws:s3/bucketVersioning:BucketVersioning",
            "data-versioning",
            { bucket: "data-4f1a", versioningConfiguration: { status: "Enabled" } },
            { propertyDependencies: { bucket: [bucket.urn] }, options: { protect: false, retainOnDelete: false, ignoreChanges: [], dependsOn: [bucket.urn] } },
        );
        assert.deepEqual(await evaluatePolicies([bucket, versioning], { stack: "dev", config: {}, policies: [s3BucketVersioningEnabled] }), []);
        const unjoined = { ...versioning, propertyDependencies: {} };
        const violations = await evaluatePolicies([bucket, unjoined], { stack: "dev", config: {}, policies: [s3BucketVersioningEnabled] });
        assert.deepEqual(violations.map((v) => [v.message, v.urn]), [["bucket data has no BucketVersioning: versioning must be Enabled (found: none)", bucket.urn]]);
    });

    it("resolves parents and dependencies for stack policies", async () => {
        const seen: string[] = [];
        const probe: PlatformStackPolicy = {
            ...metadata,
            name: "test-graph-probe",
            validateStack: (args) => {
                for (const r of args.resources) {
                    seen.push(`${r.name} parent=${r.parent?.name ?? "-"} deps=${r.dependencies.map((d) => d.name).join(",")} protect=${r.opts.protect}`);
                }
            },
        };
        const component = synthesized("platform:datastores:Buckets", "buckets", {}, { custom: false });
        const bucket = synthesized("aws:s3/bucket:Bucket", "data", {}, { parent: component.urn, options: { protect: true, retainOnDelete: true, ignoreChanges: [], dependsOn: [] } });
        const policy = synthesized("aws:s3/bucketPolicy:BucketPolicy", "data-policy", {}, { parent: component.urn, options: { protect: false, retainOnDelete: false, ignoreChanges: [], dependsOn: [bucket.urn] } });
        await evaluatePolicies([component, bucket, policy], { stack: "dev", config: {}, policies: [probe] });
        assert.deepEqual(seen, ["buckets parent=- deps= protect=false", "data parent=buckets deps= protect=true", "data-policy parent=buckets deps=data protect=false"]);
    });

    it("reports a policy that throws as a mandatory violation naming the error, whatever its level", async () => {
        const broken: PlatformResourcePolicy = { ...metadata, name: "test-broken", validateResource: () => { throw new Error("boom"); } };
        const violations = await evaluatePolicies([unencryptedDb], { stack: "dev", config: { all: "advisory" }, policies: [broken] });
        assert.deepEqual(violations.map((v) => [v.policy, v.enforcementLevel, v.urn]), [["test-broken", "mandatory", unencryptedDb.urn]]);
        assert.match(violations[0].message, /policy test-broken threw on stack dev: boom/);
    });

    it("reports a throwing stack policy without a URN", async () => {
        const broken: PlatformStackPolicy = { ...metadata, name: "test-broken-stack", validateStack: () => { throw new TypeError("bad join"); } };
        const violations = await evaluatePolicies([unencryptedDb], { stack: "prod", config: {}, policies: [broken] });
        assert.deepEqual(violations.map((v) => [v.enforcementLevel, v.urn, v.message]), [["mandatory", undefined, "policy test-broken-stack threw on stack prod: bad join"]]);
    });

    it("reports an unknown value as an advisory can't-run, as the engine does during preview", async () => {
        const db = synthesized(RDS, "db", { ...compliantRdsInstance(), storageEncrypted: UNKNOWN });
        const violations = await evaluatePolicies([db], { stack: "dev", config: {}, policies: [rdsInstanceStorageEncrypted] });
        assert.equal(violations.length, 1);
        assert.equal(violations[0].enforcementLevel, "advisory");
        assert.match(violations[0].message, /can't run policy 'rds-instance-storage-encrypted' from policy pack 'platform-policy@v0.1.0' during preview: .*storageEncrypted/);
    });

    it("reads `all` given as an object, as the CLI does", async () => {
        const violations = await evaluatePolicies([unencryptedDb], { stack: "dev", config: { all: { enforcementLevel: "advisory" } }, policies: [rdsInstanceStorageEncrypted] });
        assert.deepEqual(violations.map((v) => v.enforcementLevel), ["advisory"]);
    });

    it("refuses a config file the CLI refuses: an invalid level, or an entry that is neither a level nor an object", async () => {
        await assert.rejects(evaluatePolicies([unencryptedDb], { stack: "dev", config: { "rds-instance-storage-encrypted": "warn" }, policies: [rdsInstanceStorageEncrypted] }), /"warn" is not a valid enforcement level/);
        await assert.rejects(evaluatePolicies([unencryptedDb], { stack: "dev", config: { all: 3 }, policies: [rdsInstanceStorageEncrypted] }), /"all" must be an enforcement level or an object/);
    });

    it("runs every rule of the pack by default", async () => {
        const policies: PlatformPolicy[] = (await import("../rules")).allRules;
        const violations = await evaluatePolicies([unencryptedDb], { stack: "dev", config: {} });
        assert.ok(violations.some((v) => v.policy === "rds-instance-storage-encrypted"));
        assert.ok(violations.every((v) => policies.some((p) => p.name === v.policy)));
    });
});
