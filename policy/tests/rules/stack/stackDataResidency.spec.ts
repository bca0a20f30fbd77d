import { strict as assert } from "assert";
import { stackDataResidency } from "../../../rules/stack/stackDataResidency";
import { UNKNOWN } from "../../helpers";
import { assertNoStackViolation, assertStackViolation, StackFixtureResource, stackArgs, stackViolationsOf } from "../../helpers";

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
});
