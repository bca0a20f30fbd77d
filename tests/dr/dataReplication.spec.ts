import * as assert from "assert";
import { validateConfig } from "../../config";
import { replicationRolePolicy, replicationRules, ReplicationEndpoint } from "../../components/dr/dataReplication";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { configProblems, stackConfig } from "../support/config";
import { ofType, single, synthesizeStack } from "../support/synthesis";

const SOURCE: ReplicationEndpoint = {
    region: "us-east-1",
    bucketArn: "arn:aws:s3:::platform-prod-use1-documents-333344445555",
    keyArn: "arn:aws:kms:us-east-1:333344445555:key/11111111-1111-1111-1111-111111111111",
};
const DESTINATION: ReplicationEndpoint = {
    region: "us-west-2",
    bucketArn: "arn:aws:s3:::platform-prod-usw2-documents-333344445555",
    keyArn: "arn:aws:kms:us-west-2:333344445555:key/22222222-2222-2222-2222-222222222222",
};

describe("dr: replication, pure parts", () => {
    it("role policy: source read, destination write, each key only through S3 in its own region for its own bucket", () => {
        const policy = replicationRolePolicy({ source: SOURCE, destinations: [DESTINATION] });
        const bySid = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));
        assert.deepStrictEqual(Object.keys(bySid).sort(), ["DecryptSource", "EncryptDestination0", "ReplicateToDestinations", "SourceBucket", "SourceObjectVersions"]);
        assert.strictEqual(bySid.SourceBucket.Resource, SOURCE.bucketArn);
        assert.strictEqual(bySid.SourceObjectVersions.Resource, `${SOURCE.bucketArn}/*`);
        assert.deepStrictEqual(bySid.SourceObjectVersions.Action, ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]);
        assert.deepStrictEqual(bySid.ReplicateToDestinations.Resource, [`${DESTINATION.bucketArn}/*`]);
        assert.deepStrictEqual(bySid.ReplicateToDestinations.Action, ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]);
        assert.strictEqual(bySid.DecryptSource.Action, "kms:Decrypt");
        assert.strictEqual(bySid.DecryptSource.Resource, SOURCE.keyArn);
        assert.deepStrictEqual(bySid.DecryptSource.Condition, {
            StringLike: { "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": [SOURCE.bucketArn, `${SOURCE.bucketArn}/*`] },
        });
        assert.strictEqual(bySid.EncryptDestination0.Resource, DESTINATION.keyArn);
        assert.deepStrictEqual(bySid.EncryptDestination0.Condition, {
            StringLike: { "kms:ViaService": "s3.us-west-2.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": [DESTINATION.bucketArn, `${DESTINATION.bucketArn}/*`] },
        });
        // Nothing else: no wildcard resource, no decrypt on the destination, no encrypt on the source.
        for (const statement of policy.Statement) {
            assert.notStrictEqual(statement.Resource, "*");
            assert.strictEqual(statement.Effect, "Allow");
        }
    });

    it("role policy refuses no destination", () => {
        assert.throws(() => replicationRolePolicy({ source: SOURCE, destinations: [] }), /at least one destination/);
    });

    it("rules: V2 whole-bucket rule per destination, SSE-KMS objects re-encrypted with the destination key, delete markers, RTC with metrics", () => {
        const second = { ...DESTINATION, region: "eu-west-1", bucketArn: "arn:aws:s3:::other" };
        const rules = replicationRules({ destinations: [DESTINATION, second], replicationTimeControl: true });
        assert.strictEqual(rules.length, 2);
        assert.deepStrictEqual(rules.map((r) => r.priority), [1, 2]);
        const [rule] = rules as any[];
        assert.strictEqual(rule.status, "Enabled");
        assert.deepStrictEqual(rule.filter, {});
        assert.deepStrictEqual(rule.deleteMarkerReplication, { status: "Enabled" });
        assert.deepStrictEqual(rule.sourceSelectionCriteria, { sseKmsEncryptedObjects: { status: "Enabled" } });
        assert.strictEqual(rule.destination.bucket, DESTINATION.bucketArn);
        assert.deepStrictEqual(rule.destination.encryptionConfiguration, { replicaKmsKeyId: DESTINATION.keyArn });
        assert.deepStrictEqual(rule.destination.replicationTime, { status: "Enabled", time: { minutes: 15 } });
        assert.deepStrictEqual(rule.destination.metrics, { status: "Enabled", eventThreshold: { minutes: 15 } });
    });

    it("rules without RTC carry neither RTC nor metrics", () => {
        const [rule] = replicationRules({ destinations: [DESTINATION], replicationTimeControl: false }) as any[];
        assert.strictEqual(rule.destination.replicationTime, undefined);
        assert.strictEqual(rule.destination.metrics, undefined);
    });
});

describe("config: platform:drReplication", () => {
    it("prod replicates documents and assets with RTC and 14 days of Postgres backups; dev and staging replicate nothing", () => {
        assert.deepStrictEqual(validateConfig(stackConfig("prod")).drReplication, {
            buckets: ["documents", "assets"],
            replicationTimeControl: true,
            postgresAutomatedBackupsRetentionDays: 14,
        });
        assert.strictEqual(validateConfig(stackConfig("dev")).drReplication, undefined);
        assert.strictEqual(validateConfig(stackConfig("staging")).drReplication, undefined);
    });

    it("refuses replication in a stack without a secondary region", () => {
        const raw = stackConfig("staging");
        raw.drReplication = { buckets: ["documents"] };
        assert.deepStrictEqual(configProblems(raw).map((p) => p.key), ["platform:drReplication"]);
    });

    it("reports every bad key at once: unknown bucket (the access-log bucket), retention out of range, typo", () => {
        const raw = stackConfig("prod");
        raw.drReplication = { buckets: ["documents", "accessLogs"], postgresAutomatedBackupsRetentionDays: 36, rtc: true };
        const keys = configProblems(raw).map((p) => p.key).sort();
        assert.deepStrictEqual(keys, [
            "platform:drReplication.buckets[1]",
            "platform:drReplication.postgresAutomatedBackupsRetentionDays",
            "platform:drReplication.rtc",
        ]);
    });

    it("refuses a bucket listed twice", () => {
        const raw = stackConfig("prod");
        raw.drReplication = { buckets: ["documents", "documents"] };
        assert.deepStrictEqual(configProblems(raw).map((p) => p.key), ["platform:drReplication.buckets[1]"]);
    });

    it("refuses Postgres backups replication to more than one region (RDS replicates to one)", () => {
        const raw = stackConfig("prod") as any;
        raw.regions = [...raw.regions, { name: "eu-west-1", role: "secondary", vpcCidr: "10.32.0.0/16", azCount: 3, natStrategy: "perAz", flowLogRetentionDays: 365 }];
        delete raw.residency; // prod's residency also refuses pii replicated to eu-west-1 (tests/dr/residency.spec.ts); this tests the one-region rule alone
        const drKeys = configProblems(raw)
            .map((p) => p.key)
            .filter((k) => k.startsWith("platform:drReplication"));
        assert.deepStrictEqual(drKeys, ["platform:drReplication.postgresAutomatedBackupsRetentionDays"]);
    });
});

function fromResource(resource: SynthesizedResource, property: string, source: SynthesizedResource): boolean {
    return (resource.propertyDependencies[property] ?? []).includes(source.urn);
}

describe("dr: data in the secondary region (synthesized prod)", () => {
    let prod: SynthesisResult;
    before(async () => {
        prod = await synthesizeStack("prod");
    });

    for (const purpose of ["documents", "assets"]) {
        it(`${purpose}: the primary bucket replicates to the us-west-2 ${purpose} bucket under that region's S3 key, after both are versioned`, () => {
            const config = single(prod, "aws:s3/bucketReplicationConfig:BucketReplicationConfig", `use1-${purpose}-replication-config`);
            const source = single(prod, "aws:s3/bucket:Bucket", `use1-buckets-${purpose}-bucket`);
            const destination = single(prod, "aws:s3/bucket:Bucket", `usw2-buckets-${purpose}-bucket`);
            const destinationKey = single(prod, "aws:kms/key:Key", "usw2-keys-s3");
            assert.strictEqual(config.region, "us-east-1");
            assert.strictEqual(config.inputs.bucket, source.inputs.bucket);
            assert.ok(fromResource(config, "bucket", source));
            const [rule] = config.inputs.rules;
            assert.strictEqual(config.inputs.rules.length, 1);
            assert.strictEqual(rule.destination.bucket, `arn:aws:s3:::${destination.inputs.bucket}`);
            assert.match(rule.destination.encryptionConfiguration.replicaKmsKeyId, /^arn:aws:kms:us-west-2:333344445555:key\//);
            assert.ok(fromResource(config, "rules", destinationKey), "replicaKmsKeyId is not the us-west-2 S3 key");
            assert.deepStrictEqual(rule.destination.replicationTime, { status: "Enabled", time: { minutes: 15 } });
            for (const region of ["use1", "usw2"]) {
                const versioning = single(prod, "aws:s3/bucketVersioning:BucketVersioning", `${region}-buckets-${purpose}-versioning`);
                assert.ok(config.options.dependsOn.includes(versioning.urn), `replication does not wait for ${versioning.name}`);
            }
            const role = single(prod, "aws:iam/role:Role", `use1-${purpose}-replication-role`);
            assert.ok(fromResource(config, "role", role));
            assert.strictEqual(role.inputs.tags.service, purpose);
            const policy = JSON.parse(single(prod, "aws:iam/rolePolicy:RolePolicy", `use1-${purpose}-replication-role-policy`).inputs.policy);
            const write = policy.Statement.find((s: any) => s.Sid === "ReplicateToDestinations");
            assert.deepStrictEqual(write.Resource, [`arn:aws:s3:::${destination.inputs.bucket}/*`]);
        });
    }

    it("the access-log bucket does not replicate (each region logs its own requests)", () => {
        const configs = ofType(prod, "aws:s3/bucketReplicationConfig:BucketReplicationConfig");
        assert.deepStrictEqual(configs.map((c) => c.inputs.bucket).sort(), ["platform-prod-use1-assets-333344445555", "platform-prod-use1-documents-333344445555"]);
    });

    it("the destination buckets are secured like the source: versioned, SSE-KMS with the us-west-2 key, public access blocked, TLS-only, lifecycle, logged", () => {
        const destination = single(prod, "aws:s3/bucket:Bucket", "usw2-buckets-documents-bucket");
        const companions = prod.resources.filter((r) => fromResource(r, "bucket", destination)).map((r) => r.type).sort();
        for (const type of [
            "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
            "aws:s3/bucketLogging:BucketLogging",
            "aws:s3/bucketPolicy:BucketPolicy",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "aws:s3/bucketVersioning:BucketVersioning",
        ]) {
            assert.ok(companions.includes(type), `destination has no ${type}`);
        }
        const sse = prod.resources.find((r) => r.type.endsWith("BucketServerSideEncryptionConfiguration") && fromResource(r, "bucket", destination))!;
        assert.ok(fromResource(sse, "rules", single(prod, "aws:kms/key:Key", "usw2-keys-s3")));
    });

    it("Postgres automated backups replicate into us-west-2 under its data key, 14 days, protected", () => {
        const replication = single(prod, "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication");
        assert.strictEqual(replication.region, "us-west-2");
        assert.ok(fromResource(replication, "sourceDbInstanceArn", single(prod, "aws:rds/instance:Instance", "use1-postgres-instance")));
        assert.ok(fromResource(replication, "kmsKeyId", single(prod, "aws:kms/key:Key", "usw2-keys-data")));
        assert.strictEqual(replication.inputs.retentionPeriod, 14);
        assert.strictEqual(replication.options.protect, true);
    });

    for (const stack of ["dev", "staging"] as const) {
        it(`${stack}: no replication resources`, async () => {
            const result = await synthesizeStack(stack);
            assert.deepStrictEqual(result.resources.filter((r) => (r.type.startsWith("platform:dr:") && r.type !== "platform:dr:Backup") || /^(BucketReplicationConfig|InstanceAutomatedBackupsReplication)$/.test(r.type.split(":")[2] ?? "")).map((r) => r.type), []);
        });
    }
});
