import * as assert from "assert";
import { assessDataStores, objectiveProblems, runbookMinutes } from "../../../lib/drObjectives";
import { stackDrObjectives as policy } from "../../../rules/stack/stackDrObjectives";
import { assertNoStackViolation, assertStackViolation, stackArgs, StackFixtureResource, stackViolationsOf, testUrn, UNKNOWN } from "../../helpers";

const AWS = "pulumi:providers:aws";
const INSTANCE = "aws:rds/instance:Instance";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const BUCKET = "aws:s3/bucket:Bucket";
const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const ATLAS = "mongodbatlas:index/advancedCluster:AdvancedCluster";
const BACKUPS_REPLICATION = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication";

const providers: StackFixtureResource[] = [
    { type: AWS, name: "use1", props: { region: "us-east-1" } },
    { type: AWS, name: "usw2", props: { region: "us-west-2" } },
];
const primary: StackFixtureResource = { type: INSTANCE, name: "pg", props: { identifier: "pg" }, provider: "use1" };
const replica: StackFixtureResource = { type: INSTANCE, name: "pg-replica", props: { identifier: "pg-replica", replicateSourceDb: UNKNOWN }, propertyDependencies: { replicateSourceDb: ["pg"] }, provider: "usw2" };
const lagAlarm = (threshold: number, region = "usw2"): StackFixtureResource => ({
    type: ALARM,
    name: "lag",
    props: { namespace: "AWS/RDS", metricName: "ReplicaLag", dimensions: { DBInstanceIdentifier: "pg-replica" }, threshold },
    provider: region,
});
const documents: StackFixtureResource = { type: BUCKET, name: "documents", props: { tags: { "data-classification": "pii" } }, provider: "use1" };
const documentsReplica: StackFixtureResource = { type: BUCKET, name: "documents-usw2", props: { tags: { "data-classification": "pii" } }, provider: "usw2" };
const rtc = (minutes?: number): StackFixtureResource => ({
    type: REPLICATION,
    name: "documents-replication",
    props: {
        bucket: "documents",
        rules: [{ status: "Enabled", destination: { bucket: "arn:aws:s3:::documents-usw2", ...(minutes === undefined ? {} : { replicationTime: { status: "Enabled", time: { minutes } } }) } }],
    },
    propertyDependencies: { bucket: ["documents"], rules: ["documents-usw2"] },
    provider: "use1",
});
const atlas = (regions: Array<[string, number]>): StackFixtureResource => ({
    type: ATLAS,
    name: "atlas",
    props: { replicationSpecs: [{ regionConfigs: regions.map(([regionName, nodeCount], i) => ({ regionName, priority: 7 - i, electableSpecs: { nodeCount } })) }] },
});
const compliant = [...providers, primary, replica, lagAlarm(300), documents, documentsReplica, rtc(15), atlas([["US_EAST_1", 3], ["US_WEST_2", 2]])];
const TARGETS = { config: { rpoMinutes: 15, rtoMinutes: 60, failoverRunbookMinutes: 58 } };

describe("stack-dr-objectives", () => {
    it("passes an alarmed replica, RTC replication and a multi-region Atlas cluster within the targets", async () => {
        await assertNoStackViolation(policy, stackArgs(compliant, TARGETS));
    });

    it("checks nothing without targets (unset config), whatever is missing", async () => {
        await assertNoStackViolation(policy, stackArgs([...providers, primary, documents]));
        await assertNoStackViolation(policy, stackArgs([...providers, primary], { config: { rpoMinutes: 15 } }));
    });

    it("fails Postgres without a replica, with replicated backups only, or with an unwatched replica", async () => {
        const without = (names: string[], extra: StackFixtureResource[] = []) => stackArgs([...compliant.filter((r) => !names.includes(r.name!)), ...extra], TARGETS);
        await assertStackViolation(policy, without(["pg-replica", "lag"]), /Instance pg \(us-east-1\): no bounded RPO .*found: no copy outside us-east-1; expected at most 15 min/);
        const backups: StackFixtureResource = { type: BACKUPS_REPLICATION, name: "backups", props: {}, propertyDependencies: { sourceDbInstanceArn: ["pg"] }, provider: "usw2" };
        await assertStackViolation(policy, without(["pg-replica", "lag"], [backups]), /found: automated backups replicated to us-west-2/);
        await assertStackViolation(policy, without(["lag"]), /read replica pg-replica in us-west-2 without a ReplicaLag alarm/);
    });

    it("fails a replica lag alarm above the RPO, or one in another region than the replica; passes it at the RPO", async () => {
        await assertStackViolation(policy, stackArgs([...compliant.filter((r) => r.name !== "lag"), lagAlarm(1200)], TARGETS), /RPO 20 min exceeds the target/);
        await assertStackViolation(policy, stackArgs([...compliant.filter((r) => r.name !== "lag"), lagAlarm(300, "use1")], TARGETS), /without a ReplicaLag alarm/);
        await assertNoStackViolation(policy, stackArgs([...compliant.filter((r) => r.name !== "lag"), lagAlarm(900)], TARGETS));
        await assertStackViolation(policy, stackArgs([...compliant.filter((r) => r.name !== "lag"), lagAlarm(901)], TARGETS), /RPO 16 min exceeds/);
    });

    it("fails a pii bucket without replication or without Replication Time Control; never its replica", async () => {
        const noRtc = stackArgs([...compliant.filter((r) => r.name !== "documents-replication"), rtc(undefined)], TARGETS);
        await assertStackViolation(policy, noRtc, /Bucket documents \(us-east-1\): no bounded RPO .*without Replication Time Control/);
        const none = await stackViolationsOf(policy, stackArgs(compliant.filter((r) => r.name !== "documents-replication"), TARGETS));
        // Without the replication config the secondary bucket is a store of its own, unreplicated too.
        assert.deepStrictEqual(none.map((v) => v.message.split(":")[0]).sort(), ["Bucket documents (us-east-1)", "Bucket documents-usw2 (us-west-2)"]);
        await assertStackViolation(policy, stackArgs([...compliant.filter((r) => r.name !== "documents-replication"), rtc(30)], TARGETS), /RPO 30 min exceeds/);
    });

    it("does not judge replication rules not known until apply", async () => {
        const unknownRules = { ...rtc(15), props: { bucket: "documents", rules: UNKNOWN } };
        await assertNoStackViolation(policy, stackArgs([...compliant.filter((r) => r.name !== "documents-replication"), unknownRules], TARGETS));
    });

    it("fails an Atlas cluster electable in one region only", async () => {
        await assertStackViolation(policy, stackArgs([...compliant.filter((r) => r.name !== "atlas"), atlas([["US_EAST_1", 3]])], TARGETS), /AdvancedCluster atlas \(US_EAST_1\): no bounded RPO .*electable nodes in US_EAST_1 \(3\) only/);
    });

    it("fails a failover runbook longer than the RTO, or without steps; passes it at the RTO", async () => {
        await assertStackViolation(policy, stackArgs(compliant, { config: { ...TARGETS.config, failoverRunbookMinutes: 61 } }), /failover runbook takes 61 min \(expected at most the RTO target 60 min\)/);
        await assertNoStackViolation(policy, stackArgs(compliant, { config: { ...TARGETS.config, failoverRunbookMinutes: 60 } }));
        await assertStackViolation(policy, stackArgs(compliant, { config: { rpoMinutes: 15, rtoMinutes: 60 } }), /runbook has no steps with minutes/);
    });

    it("reports a store's violation on that store, and the runbook's on the stack", async () => {
        const violations = await stackViolationsOf(policy, stackArgs(compliant.filter((r) => r.name !== "lag"), { config: { rpoMinutes: 15, rtoMinutes: 60 } }));
        assert.deepStrictEqual(
            violations.map((v) => [v.message.split(":")[0], v.urn]),
            [
                ["Instance pg (us-east-1)", testUrn(INSTANCE, "pg")],
                ["the regional failover runbook has no steps with minutes (expected a total of at most 60 min)", undefined],
            ],
        );
    });
});

describe("dr objectives: pure parts", () => {
    it("adds up a runbook's steps table and ignores other tables", () => {
        const md = ["| step | minutes | command |", "|---|---|---|", "| 1. a | 2 | `x` |", "| 2. b \\| c | 10 | `y \\| z` |", "", "| urn | name |", "|---|---|", "| 5 | 7 |"].join("\n");
        assert.strictEqual(runbookMinutes(md), 12);
        assert.strictEqual(runbookMinutes("# nothing"), undefined);
    });

    it("reports caches and backup copies without gating them", () => {
        const findings = assessDataStores([
            { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache", urn: "u1", region: "us-east-1", props: {}, deps: {} },
            { type: "aws:backup/plan:Plan", name: "plan", urn: "u2", region: "us-east-1", props: { rules: [{ ruleName: "snapshots", schedule: "cron(0 5 ? * * *)", copyActions: [{}] }, { ruleName: "continuous", copyActions: [] }] }, deps: {} },
        ]);
        assert.deepStrictEqual(findings.map((f) => [f.store, f.gated, f.rpoMinutes]), [["redis", false, undefined], ["aws-backup", false, 1440]]);
        assert.deepStrictEqual(objectiveProblems(findings, { rpoMinutes: 15, rtoMinutes: 60, failoverRunbookMinutes: 30 }), []);
    });

    describe("a Redis global datastore", () => {
        const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
        const primaryGroup = { type: GROUP, name: "use1-redis", urn: "g1", region: "us-east-1", props: { replicationGroupId: "platform-prod-use1-redis" }, deps: {} };
        const global = { type: "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup", name: "global", urn: "gg", region: "us-east-1", props: {}, deps: { primaryReplicationGroupId: ["g1"] } };
        const member = { type: GROUP, name: "usw2-redis", urn: "g2", region: "us-west-2", props: { replicationGroupId: "platform-prod-usw2-redis", globalReplicationGroupId: "ldgnf-x" }, deps: { globalReplicationGroupId: ["gg"] } };
        const lag = (threshold: number, cluster = "platform-prod-usw2-redis-001", region = "us-west-2") => ({
            type: "aws:cloudwatch/metricAlarm:MetricAlarm",
            name: `lag-${cluster}-${threshold}`,
            urn: `a-${cluster}-${threshold}-${region}`,
            region,
            props: { namespace: "AWS/ElastiCache", metricName: "GlobalDatastoreReplicationLag", dimensions: { CacheClusterId: cluster }, threshold },
            deps: {},
        });
        const redis = (resources: any[]) => assessDataStores(resources).map((f) => [f.resource, f.gated, f.rpoMinutes, f.mechanism]);

        it("bounds the primary's RPO by its members' lag alarm (largest threshold, rounded up to minutes), never gated", () => {
            assert.deepStrictEqual(redis([primaryGroup, global, member, lag(60), lag(90, "platform-prod-usw2-redis-002")]), [
                ["ReplicationGroup use1-redis", false, 2, "primary of an ElastiCache global datastore, secondary members in us-west-2, GlobalDatastoreReplicationLag alarm at 90 s"],
                ["ReplicationGroup usw2-redis", false, undefined, "secondary member of an ElastiCache global datastore (the copy; promoted by the regional failover runbook)"],
            ]);
            assert.strictEqual(redis([primaryGroup, global, member, lag(30)])[0][2], 1);
        });

        it("leaves the RPO unbounded without a lag alarm on the member (or one on another group or region)", () => {
            for (const alarms of [[], [lag(60, "platform-prod-use1-redis-001")], [lag(60, "platform-prod-usw2-redis-001", "us-east-1")], [lag(60, "platform-prod-usw2-redis2-001")]]) {
                const [primaryFinding] = redis([primaryGroup, global, member, ...alarms]);
                assert.strictEqual(primaryFinding[2], undefined);
                assert.match(String(primaryFinding[3]), /without a replication lag alarm \(lag unbounded\)/);
            }
            assert.match(String(redis([primaryGroup, global])[0][3]), /secondary members in no region without a replication lag alarm/);
        });
    });
});
