import { strict as assert } from "assert";
import { stackDataResidency } from "../../../rules/stack/stackDataResidency";
import { UNKNOWN } from "../../helpers";
import { assertNoStackViolation, assertStackViolation, StackFixtureResource, stackArgs, stackViolationsOf, testUrn } from "../../helpers";

const AWS = "pulumi:providers:aws";
const BUCKET = "aws:s3/bucket:Bucket";
const INSTANCE = "aws:rds/instance:Instance";
const CLUSTER = "mongodbatlas:index/advancedCluster:AdvancedCluster";
const SCHEDULE = "mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule";

const ALLOWED = { allowedRegions: { pii: ["us-east-1", "us-west-2"] } };

/** AWS providers as the engine hands them to a pack: nested inputs JSON-encoded. */
function provider(name: string, region: string, classification = "internal"): StackFixtureResource {
    return { type: AWS, name, props: { region, defaultTags: JSON.stringify({ tags: { env: "prod", "data-classification": classification } }) } };
}

const pii = { tags: { "data-classification": "pii" } };

function atlasCluster(regions: string[]): StackFixtureResource {
    const regionConfigs = regions.map((r, i) => ({ providerName: "AWS", regionName: r, priority: 7 - i, electableSpecs: { instanceSize: "M30", nodeCount: 3 } }));
    return { type: CLUSTER, name: "atlas", props: { name: "platform-prod", ...pii, replicationSpecs: [{ regionConfigs }] } };
}

/** A compliant prod-like stack: the two US regions, every pii store, replica and copy within them. */
function compliant(): StackFixtureResource[] {
    return [
        provider("use1", "us-east-1"),
        provider("usw2", "us-west-2"),
        provider("euw1", "eu-west-1"),
        { type: BUCKET, name: "documents-use1", props: pii, provider: "use1" },
        { type: BUCKET, name: "documents-usw2", props: pii, provider: "usw2" },
        { type: BUCKET, name: "assets-euw1", props: { tags: { "data-classification": "public" } }, provider: "euw1" },
        { type: "aws:ec2/vpc:Vpc", name: "vpc-euw1", props: {}, provider: "euw1" },
        { type: INSTANCE, name: "postgres", props: pii, provider: "use1" },
        { type: INSTANCE, name: "replica", props: { ...pii, replicateSourceDb: UNKNOWN }, provider: "usw2", propertyDependencies: { replicateSourceDb: ["postgres"] } },
        atlasCluster(["US_EAST_1", "US_WEST_2"]),
        { type: SCHEDULE, name: "schedule", props: { clusterName: UNKNOWN, copySettings: [{ cloudProvider: "AWS", regionName: "US_WEST_2" }] }, propertyDependencies: { clusterName: ["atlas"] } },
    ];
}

function replaced(resources: StackFixtureResource[], name: string, patch: Partial<StackFixtureResource>): StackFixtureResource[] {
    return resources.map((r) => (r.name === name ? { ...r, ...patch } : r));
}

describe("stack-data-residency", () => {
    it("passes pii kept in its allowed regions, and other classifications anywhere", async () => {
        await assertNoStackViolation(stackDataResidency, stackArgs(compliant(), { config: ALLOWED }));
    });

    it("fails a pii bucket whose provider is in another region", async () => {
        const args = stackArgs(replaced(compliant(), "documents-usw2", { provider: "euw1" }), { config: ALLOWED });
        await assertStackViolation(stackDataResidency, args, /^aws:s3\/bucket:Bucket "documents-usw2": pii data \(stored\) in eu-west-1, outside its allowed regions \(found: eu-west-1; expected one of us-east-1, us-west-2\)$/);
    });

    it("fails a pii bucket whose own region input overrides its provider's", async () => {
        const args = stackArgs(replaced(compliant(), "documents-usw2", { props: { ...pii, region: "eu-west-1" } }), { config: ALLOWED });
        await assertStackViolation(stackDataResidency, args, /"documents-usw2": pii data \(stored\) in eu-west-1/);
    });

    it("fails a resource that is pii through its provider's default tags alone", async () => {
        const resources = [...compliant(), provider("pii-euw1", "eu-west-1", "pii"), { type: "aws:ebs/volume:Volume", name: "volume", props: {}, provider: "pii-euw1" }];
        await assertStackViolation(stackDataResidency, stackArgs(resources, { config: ALLOWED }), /"volume": pii data \(stored\) in eu-west-1/);
    });

    it("fails a read replica of a pii database in another region, even untagged", async () => {
        const args = stackArgs(replaced(compliant(), "replica", { provider: "euw1", props: { replicateSourceDb: UNKNOWN } }), { config: ALLOWED });
        await assertStackViolation(stackDataResidency, args, /"replica": pii data \(a read replica of aws:rds\/instance:Instance "postgres"\) in eu-west-1/);
    });

    it("fails automated backups of a pii database replicated to another region", async () => {
        const resources: StackFixtureResource[] = [
            ...compliant(),
            {
                type: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
                name: "backups",
                props: { sourceDbInstanceArn: UNKNOWN },
                provider: "euw1",
                propertyDependencies: { sourceDbInstanceArn: ["postgres"] },
            },
        ];
        await assertStackViolation(stackDataResidency, stackArgs(resources, { config: ALLOWED }), /"backups": pii data \(automated backups of aws:rds\/instance:Instance "postgres"\) in eu-west-1/);
    });

    it("fails S3 replication of a pii bucket to a bucket in another region, even untagged", async () => {
        const resources: StackFixtureResource[] = [
            ...compliant(),
            { type: BUCKET, name: "dr-euw1", props: {}, provider: "euw1" },
            { type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig", name: "replication", props: { bucket: UNKNOWN, rules: [] }, provider: "use1", propertyDependencies: { bucket: ["documents-use1"], rules: ["dr-euw1"] } },
        ];
        await assertStackViolation(stackDataResidency, stackArgs(resources, { config: ALLOWED }), /"replication": pii data \(aws:s3\/bucket:Bucket "documents-use1" replicated to aws:s3\/bucket:Bucket "dr-euw1"\) in eu-west-1/);
    });

    it("fails AWS Backup copies of pii resources (picked by the selection's tag) to a vault in another region", async () => {
        const resources: StackFixtureResource[] = [
            ...replaced(compliant(), "postgres", { props: { tags: { "data-classification": "pii", "backup-plan": "prod" } } }),
            { type: "aws:backup/vault:Vault", name: "vault-euw1", props: {}, provider: "euw1" },
            { type: "aws:backup/plan:Plan", name: "plan", props: { rules: [{ copyActions: [{ destinationVaultArn: UNKNOWN }] }] }, provider: "use1", propertyDependencies: { rules: ["vault-euw1"] } },
            {
                type: "aws:backup/selection:Selection",
                name: "selection",
                props: { planId: UNKNOWN, conditions: [{ stringEquals: [{ key: "aws:ResourceTag/backup-plan", value: "prod" }] }] },
                provider: "use1",
                propertyDependencies: { planId: ["plan"] },
            },
        ];
        await assertStackViolation(stackDataResidency, stackArgs(resources, { config: ALLOWED }), /"selection": pii data \(AWS Backup copies of aws:rds\/instance:Instance "postgres" in aws:backup\/vault:Vault "vault-euw1"\) in eu-west-1/);
    });

    it("fails a secret replica in another region", async () => {
        const resources: StackFixtureResource[] = [...compliant(), { type: "aws:secretsmanager/secret:Secret", name: "secret", props: { ...pii, replicas: [{ region: "eu-west-1" }] }, provider: "use1" }];
        await assertStackViolation(stackDataResidency, stackArgs(resources, { config: ALLOWED }), /"secret": pii data \(replica\) in eu-west-1/);
    });

    it("fails Atlas nodes in another region, mapping Atlas region names", async () => {
        const args = stackArgs(replaced(compliant(), "atlas", atlasCluster(["US_EAST_1", "EU_WEST_1"])), { config: ALLOWED });
        await assertStackViolation(stackDataResidency, args, /"atlas": pii data \(Atlas nodes\) in eu-west-1/);
    });

    it("fails Atlas backup copies in another region", async () => {
        const args = stackArgs(replaced(compliant(), "schedule", { props: { clusterName: UNKNOWN, copySettings: [{ regionName: "EU_WEST_1" }] } }), { config: ALLOWED });
        await assertStackViolation(stackDataResidency, args, /"schedule": pii data \(backup copies of mongodbatlas:index\/advancedCluster:AdvancedCluster "atlas"\) in eu-west-1/);
    });

    it("fails a stack holding pii when no allowed regions are configured for pii (unset)", async () => {
        await assertStackViolation(stackDataResidency, stackArgs(compliant()), /holds pii data but the policy config names no allowed regions for pii/);
    });

    it("ignores IAM, which is global", async () => {
        const resources: StackFixtureResource[] = [...compliant(), { type: "aws:iam/role:Role", name: "role", props: pii, provider: "euw1" }];
        await assertNoStackViolation(stackDataResidency, stackArgs(resources, { config: ALLOWED }));
    });

    it("reports each misplaced copy once, on the resource that puts it there", async () => {
        const args = stackArgs(replaced(compliant(), "documents-usw2", { provider: "euw1" }), { config: ALLOWED });
        const violations = await stackViolationsOf(stackDataResidency, args);
        assert.deepEqual(violations.map((v) => v.urn), ["urn:pulumi:test::platform::aws:s3/bucket:Bucket::documents-usw2"]);
    });
    it("names the first pii holder when the pii map is missing, and asks for none on a stack without pii", async () => {
        await assertStackViolation(stackDataResidency, stackArgs(compliant()), /^aws:s3\/bucket:Bucket "documents-use1" holds pii data but the policy config names no allowed regions for pii \(found: allowedRegions \{\}\)$/);
        const noPii = compliant().filter((r) => !JSON.stringify(r.props).includes('"pii"') && r.type !== SCHEDULE);
        await assertNoStackViolation(stackDataResidency, stackArgs(noPii));
        // Required classifications are configurable: public data then needs its map too.
        await assertStackViolation(stackDataResidency, stackArgs(noPii, { config: { requiredClassifications: ["public"] } }), /"assets-euw1" holds public data but the policy config names no allowed regions for public/);
    });

    it("reports every misplaced resource, not only the first", async () => {
        const resources = replaced(replaced(compliant(), "documents-usw2", { provider: "euw1" }), "postgres", { provider: "euw1" });
        const violations = await stackViolationsOf(stackDataResidency, stackArgs(resources, { config: ALLOWED }));
        assert.deepEqual(violations.map((v) => v.urn), [testUrn(BUCKET, "documents-usw2"), testUrn(INSTANCE, "postgres")]);
    });

    it("places a resource whose own region is unknown during preview by its provider's region", async () => {
        await assertNoStackViolation(stackDataResidency, stackArgs(replaced(compliant(), "documents-usw2", { props: { ...pii, region: UNKNOWN } }), { config: ALLOWED }));
        await assertStackViolation(stackDataResidency, stackArgs(replaced(compliant(), "documents-usw2", { props: { ...pii, region: UNKNOWN }, provider: "euw1" }), { config: ALLOWED }), /"documents-usw2": pii data \(stored\) in eu-west-1/);
    });

    it("reads provider default tags given as an object as well as JSON-encoded, and tolerates default tags without tags", async () => {
        const objectTags: StackFixtureResource = { type: AWS, name: "pii-obj", props: { region: "eu-west-1", defaultTags: { tags: { "data-classification": "pii" } } } };
        const volume: StackFixtureResource = { type: "aws:ebs/volume:Volume", name: "volume", props: {}, provider: "pii-obj" };
        await assertStackViolation(stackDataResidency, stackArgs([...compliant(), objectTags, volume], { config: ALLOWED }), /"volume": pii data \(stored\) in eu-west-1/);
        const noTags: StackFixtureResource = { type: AWS, name: "bare", props: { region: "eu-west-1", defaultTags: JSON.stringify({}) } };
        const unknownTags: StackFixtureResource = { type: AWS, name: "later", props: { region: "eu-west-1", defaultTags: UNKNOWN } };
        const resources = [...compliant(), noTags, unknownTags, { ...volume, provider: "bare" }, { ...volume, name: "volume2", provider: "later" }];
        await assertNoStackViolation(stackDataResidency, stackArgs(resources, { config: ALLOWED }));
    });

    it("does not place pii whose region is not known at all (no region input, no provider)", async () => {
        const resources: StackFixtureResource[] = [...compliant(), { type: BUCKET, name: "nowhere", props: pii }];
        await assertNoStackViolation(stackDataResidency, stackArgs(resources, { config: ALLOWED }));
    });

    it("does not crash on half-written copies: missing conditions, specs, region configs, replicas and copy settings", async () => {
        const resources: StackFixtureResource[] = [
            ...compliant(),
            { type: "aws:secretsmanager/secret:Secret", name: "secret", props: { ...pii, replicas: [null, {}] }, provider: "use1" },
            { type: CLUSTER, name: "half", props: { name: "half", ...pii, replicationSpecs: [null, {}, { regionConfigs: [null, { providerName: "AWS" }] }] } },
            { type: SCHEDULE, name: "half-schedule", props: { clusterName: "half", copySettings: [null, {}] } },
            { type: "aws:backup/plan:Plan", name: "plan", props: {}, provider: "use1" },
            { type: "aws:backup/selection:Selection", name: "half-selection", props: { planId: UNKNOWN, conditions: [null, {}, { stringEquals: [null, {}] }] }, provider: "use1", propertyDependencies: { planId: ["plan"] } },
        ];
        await assertNoStackViolation(stackDataResidency, stackArgs(resources, { config: ALLOWED }));
    });

    it("puts Atlas nodes only from AWS region configs", async () => {
        const gcp: StackFixtureResource = { type: CLUSTER, name: "gcp", props: { name: "gcp", ...pii, replicationSpecs: [{ regionConfigs: [{ providerName: "GCP", regionName: "EUROPE_WEST_1" }] }] } };
        await assertNoStackViolation(stackDataResidency, stackArgs([...compliant(), gcp], { config: ALLOWED }));
    });

    it("attributes Atlas backup copies to the cluster the schedule names, by name when no dependency is recorded", async () => {
        const other: StackFixtureResource = { type: CLUSTER, name: "other", props: { name: "platform-other", tags: { "data-classification": "internal" }, replicationSpecs: [] } };
        const schedule = (clusterName: string): StackFixtureResource => ({ type: SCHEDULE, name: "schedule", props: { clusterName, copySettings: [{ regionName: "EU_WEST_1" }] }, propertyDependencies: {} });
        // Names the internal cluster: its copies may go anywhere.
        await assertNoStackViolation(stackDataResidency, stackArgs([...replaced(compliant(), "schedule", schedule("platform-other")), other], { config: ALLOWED }));
        const violations = await stackViolationsOf(stackDataResidency, stackArgs([...replaced(compliant(), "schedule", schedule("platform-prod")), other], { config: ALLOWED }));
        assert.deepEqual(violations.map((v) => v.message), [
            'mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule "schedule": pii data (backup copies of mongodbatlas:index/advancedCluster:AdvancedCluster "atlas") in eu-west-1, outside its allowed regions (found: eu-west-1; expected one of us-east-1, us-west-2)',
        ]);
    });

    describe("AWS Backup copies: only what the selection's tag conditions pick", () => {
        const backup = (conditions: unknown): StackFixtureResource[] => [
            ...replaced(compliant(), "postgres", { props: { tags: { "data-classification": "pii", "backup-plan": "prod", tier: "gold" } } }),
            { type: "aws:backup/vault:Vault", name: "vault-euw1", props: {}, provider: "euw1" },
            { type: "aws:backup/plan:Plan", name: "plan", props: { rules: [] }, provider: "use1", propertyDependencies: { rules: ["vault-euw1"] } },
            { type: "aws:backup/selection:Selection", name: "selection", props: { planId: UNKNOWN, conditions }, provider: "use1", propertyDependencies: { planId: ["plan"] } },
        ];
        const copied = async (conditions: unknown) =>
            (await stackViolationsOf(stackDataResidency, stackArgs(backup(conditions), { config: ALLOWED }))).map((v) => /AWS Backup copies of \S+ "([^"]+)"/.exec(v.message)?.[1]);
        const equals = (...pairs: Array<[string, string | undefined]>) => [{ stringEquals: pairs.map(([key, value]) => ({ key, value })) }];

        it("picks the resources matching every condition, and nothing else", async () => {
            assert.deepEqual(await copied(equals(["aws:ResourceTag/backup-plan", "prod"])), ["postgres"]);
            assert.deepEqual(await copied(equals(["aws:ResourceTag/backup-plan", "prod"], ["aws:ResourceTag/tier", "gold"])), ["postgres"]);
            assert.deepEqual(await copied(equals(["aws:ResourceTag/backup-plan", "prod"], ["aws:ResourceTag/tier", "silver"])), []);
        });

        it("picks nothing without a tag condition, for a condition on another key, or without a value", async () => {
            assert.deepEqual(await copied([]), []);
            assert.deepEqual(await copied(undefined), []);
            assert.deepEqual(await copied(equals(["aws:RequestTag/backup-plan", "prod"])), []);
            assert.deepEqual(await copied(equals(["aws:ResourceTag/backup-plan", undefined])), []);
        });
    });

    it("counts an S3 replication's rules that refer back to the source bucket as no destination", async () => {
        const resources: StackFixtureResource[] = [
            ...compliant(),
            { type: BUCKET, name: "documents-euw1", props: pii, provider: "euw1" },
            { type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig", name: "replication", props: { bucket: UNKNOWN, rules: [] }, provider: "use1", propertyDependencies: { bucket: ["documents-euw1"], rules: ["documents-euw1", "documents-use1"] } },
        ];
        const violations = await stackViolationsOf(stackDataResidency, stackArgs(resources, { config: ALLOWED }));
        // The source itself is misplaced (stored); its copy to us-east-1 is allowed.
        assert.deepEqual(violations.map((v) => v.urn), [testUrn(BUCKET, "documents-euw1")]);
    });
});
