/**
 * The DR assessment (policy/lib/drObjectives.ts) on its own: what counts as each store's cross-region copy and
 * the RPO it gives, what does not, and the words `npm run dr-report` prints. The rule built on it is
 * policy/tests/rules/stack/stackDrObjectives.spec.ts.
 */
import { strict as assert } from "assert";
import { assessDataStores, DrFinding, DrResource, objectiveProblems, runbookMinutes } from "../../lib/drObjectives";

const INSTANCE = "aws:rds/instance:Instance";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const BACKUPS = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication";
const BUCKET = "aws:s3/bucket:Bucket";
const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const ATLAS = "mongodbatlas:index/advancedCluster:AdvancedCluster";
const REDIS = "aws:elasticache/replicationGroup:ReplicationGroup";
const REDIS_GLOBAL = "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup";
const PLAN = "aws:backup/plan:Plan";

const res = (type: string, name: string, region: string | undefined, props: Record<string, any> = {}, deps: Record<string, string[]> = {}): DrResource => ({
    type,
    name,
    urn: `urn:${name}`,
    region,
    props,
    deps,
});
const only = (findings: DrFinding[]) => {
    assert.equal(findings.length, 1, JSON.stringify(findings));
    return findings[0];
};

describe("dr objectives: Postgres", () => {
    const primary = res(INSTANCE, "pg", "us-east-1", { identifier: "pg" });
    const replica = (region = "us-west-2", patch: Partial<DrResource> = {}) => ({ ...res(INSTANCE, "pg-replica", region, { identifier: "pg-replica", replicateSourceDb: "04da6b54" }, { replicateSourceDb: ["urn:pg"] }), ...patch });
    const alarm = (props: Record<string, any> = {}, region = "us-west-2") =>
        res(ALARM, "lag", region, { metricName: "ReplicaLag", namespace: "AWS/RDS", dimensions: { DBInstanceIdentifier: "pg-replica" }, threshold: 301, ...props });

    it("an alarmed replica in another region bounds the RPO at the alarm, rounded up to whole minutes", () => {
        const f = only(assessDataStores([primary, replica(), alarm()]));
        assert.deepStrictEqual(f, {
            store: "postgres",
            resource: "Instance pg",
            region: "us-east-1",
            gated: true,
            mechanism: "read replica pg-replica in us-west-2, ReplicaLag alarm at 301 s",
            rpoMinutes: 6,
        });
    });

    it("a replica is no primary of its own, whether it names its source by dependency or by literal", () => {
        const literal = res(INSTANCE, "pg-replica", "us-west-2", { identifier: "pg-replica", replicateSourceDb: "pg" });
        assert.deepStrictEqual(
            assessDataStores([primary, literal]).map((f) => f.resource),
            ["Instance pg"],
        );
        assert.deepStrictEqual(
            assessDataStores([primary, replica(), alarm()]).map((f) => f.resource),
            ["Instance pg"],
        );
    });

    it("a replica in the primary's own region is no copy outside it", () => {
        assert.equal(only(assessDataStores([primary, replica("us-east-1"), alarm({}, "us-east-1")])).mechanism, "no copy outside us-east-1");
    });

    it("only a ReplicaLag alarm of AWS/RDS on that replica, in its region, bounds the lag", () => {
        for (const wrong of [
            alarm({ metricName: "CPUUtilization" }),
            alarm({ namespace: "AWS/DocDB" }),
            alarm({ dimensions: { DBInstanceIdentifier: "pg" } }),
            alarm({ dimensions: undefined }),
            alarm({}, "us-east-1"),
            { ...alarm(), type: "aws:cloudwatch/compositeAlarm:CompositeAlarm" },
            alarm({ threshold: "300" }),
        ]) {
            const f = only(assessDataStores([primary, replica(), wrong]));
            assert.equal(f.mechanism, "read replica pg-replica in us-west-2 without a ReplicaLag alarm (lag unbounded)", JSON.stringify(wrong));
            assert.equal(f.rpoMinutes, undefined);
        }
    });

    it("replicated automated backups of this instance give no bound; of another instance, nothing", () => {
        const backups = res(BACKUPS, "backups", "us-west-2", {}, { sourceDbInstanceArn: ["urn:pg"] });
        assert.equal(only(assessDataStores([primary, backups])).mechanism, "automated backups replicated to us-west-2 (point-in-time restore there; AWS gives no bound on the delay)");
        assert.equal(only(assessDataStores([primary, { ...backups, deps: { sourceDbInstanceArn: ["urn:other"] } }])).mechanism, "no copy outside us-east-1");
        assert.equal(only(assessDataStores([primary, { ...backups, type: ALARM }])).mechanism, "no copy outside us-east-1");
    });

    it("an instance whose region is not known is reported in an unknown region", () => {
        assert.equal(only(assessDataStores([{ ...primary, region: undefined }])).mechanism, "no copy outside unknown");
    });
});

describe("dr objectives: pii buckets", () => {
    const pii = { tags: { "data-classification": "pii" } };
    const bucket = res(BUCKET, "documents", "us-east-1", pii);
    const destination = res(BUCKET, "documents-usw2", "us-west-2", pii);
    const rule = (minutes: number | undefined, patch: Record<string, any> = {}) => ({
        status: "Enabled",
        destination: { bucket: "arn", replicationTime: { status: "Enabled", time: minutes === undefined ? undefined : { minutes } } },
        ...patch,
    });
    const replication = (rules: unknown) => res(REPLICATION, "replication", "us-east-1", { rules }, { bucket: ["urn:documents"], rules: ["urn:documents-usw2"] });

    it("Replication Time Control bounds the RPO at its slowest enabled rule", () => {
        const f = only(assessDataStores([bucket, destination, replication([rule(15), rule(10), rule(undefined, { status: "Disabled" }), null])]));
        assert.equal(f.mechanism, "Cross-Region Replication with Replication Time Control (15 min) to 4 destination(s)");
        assert.equal(f.rpoMinutes, 15);
        assert.equal(f.region, "us-east-1");
    });

    it("replication without RTC on every enabled rule, or with no enabled rule, is best effort", () => {
        const bestEffort = "Cross-Region Replication without Replication Time Control (best effort, no bound)";
        for (const rules of [[rule(15), rule(undefined)], [rule(15), { status: "Enabled", destination: { replicationTime: { status: "Disabled", time: { minutes: 15 } } } }], [rule(15, { status: "Disabled" })], [], "rules", [{ status: "Enabled" }]]) {
            const f = only(assessDataStores([bucket, destination, replication(rules)]));
            assert.equal(f.mechanism, bestEffort, JSON.stringify(rules));
            assert.equal(f.rpoMinutes, undefined);
        }
    });

    it("rules not known until apply are not judged", () => {
        const f = only(assessDataStores([bucket, destination, replication("04da6b54-80e4-46f7-96ec-b56ff0331ba9")]));
        assert.deepStrictEqual([f.mechanism, f.unknown], ["Cross-Region Replication (rules known after apply)", true]);
        assert.deepStrictEqual(objectiveProblems([f], { rpoMinutes: 15, rtoMinutes: 60, failoverRunbookMinutes: 10 }), []);
    });

    it("only pii buckets count, never a replication destination, and only this bucket's replication", () => {
        assert.deepStrictEqual(assessDataStores([res(BUCKET, "logs", "us-east-1", { tags: { "data-classification": "internal" } }), res(BUCKET, "untagged", "us-east-1")]), []);
        assert.equal(only(assessDataStores([bucket, destination, replication([rule(15)])])).resource, "Bucket documents");
        const other = { ...replication([rule(15)]), deps: { bucket: ["urn:other"], rules: ["urn:documents-usw2"] } };
        assert.equal(only(assessDataStores([bucket, destination, other])).mechanism, "no replication outside us-east-1");
        // A resource of another type naming the bucket is no replication, and does not make it a destination.
        const lifecycle = res("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "lifecycle", "us-east-1", { rules: [] }, { bucket: ["urn:documents"], rules: ["urn:documents"] });
        assert.equal(only(assessDataStores([bucket, lifecycle])).mechanism, "no replication outside us-east-1");
    });
});

describe("dr objectives: Atlas", () => {
    const cluster = (...specs: unknown[]) => res(ATLAS, "main", undefined, { replicationSpecs: specs });
    const region = (regionName: string, nodeCount: number | undefined) => ({ regionName, electableSpecs: nodeCount === undefined ? undefined : { nodeCount } });

    it("electable nodes in more than one region replicate within a minute", () => {
        const f = only(assessDataStores([cluster({ regionConfigs: [region("US_EAST_1", 3), region("US_WEST_2", 2)] })]));
        assert.deepStrictEqual(
            { region: f.region, mechanism: f.mechanism, rpo: f.rpoMinutes, gated: f.gated },
            { region: "US_EAST_1", mechanism: "replica set across regions, electable nodes US_EAST_1 (3), US_WEST_2 (2)", rpo: 1, gated: true },
        );
    });

    it("read-only or empty regions are not electable: one electable region gives no RPO", () => {
        const f = only(assessDataStores([cluster({ regionConfigs: [region("US_WEST_2", 0), region("US_EAST_1", 3), region("EU_WEST_1", undefined), null] }, null, {})]));
        assert.deepStrictEqual([f.region, f.mechanism, f.rpoMinutes], ["US_EAST_1", "electable nodes in US_EAST_1 (3) only (backup copies are hours apart)", undefined]);
        const none = only(assessDataStores([res(ATLAS, "empty", "us-east-1", {})]));
        assert.deepStrictEqual([none.region, none.mechanism], ["unknown", "electable nodes in no region only (backup copies are hours apart)"]);
    });
});

describe("dr objectives: caches and backups (reported, not gated)", () => {
    it("tells a global datastore's primary, its secondary members and a plain cache apart", () => {
        const primary = res(REDIS, "cache", "us-east-1", { replicationGroupId: "cache" });
        const global = res(REDIS_GLOBAL, "global", "us-east-1", {}, { primaryReplicationGroupId: ["urn:cache"] });
        const member = res(REDIS, "cache-usw2", "us-west-2", { replicationGroupId: "cache-usw2" }, { globalReplicationGroupId: ["urn:global"] });
        const lag = (threshold: unknown, patch: Record<string, any> = {}, region = "us-west-2") =>
            res(ALARM, `lag-${String(threshold)}`, region, { namespace: "AWS/ElastiCache", metricName: "GlobalDatastoreReplicationLag", dimensions: { CacheClusterId: "cache-usw2-001" }, threshold, ...patch });
        const mechanisms = (resources: DrResource[]) => assessDataStores(resources).map((f) => [f.resource, f.mechanism, f.rpoMinutes, f.gated]);
        const SECONDARY = "secondary member of an ElastiCache global datastore (the copy; promoted by the regional failover runbook)";
        const COLD = "cache only: cold after a regional loss, rebuilt from the primary stores";
        assert.deepStrictEqual(mechanisms([primary, global, member, lag(30), lag(90)]), [
            ["ReplicationGroup cache", "primary of an ElastiCache global datastore, secondary members in us-west-2, GlobalDatastoreReplicationLag alarm at 90 s", 2, false],
            ["ReplicationGroup cache-usw2", SECONDARY, undefined, false],
        ]);
        // A lag alarm of another metric, namespace, region or cluster, or without a numeric threshold, bounds nothing.
        for (const wrong of [lag(30, { metricName: "ReplicationLag" }), lag(30, { namespace: "AWS/RDS" }), lag(30, {}, "us-east-1"), lag(30, { dimensions: { CacheClusterId: "cache-001" } }), lag(30, { dimensions: undefined }), lag("30")]) {
            assert.deepStrictEqual(mechanisms([primary, global, member, wrong])[0], ["ReplicationGroup cache", "primary of an ElastiCache global datastore, secondary members in us-west-2 without a replication lag alarm (lag unbounded)", undefined, false], JSON.stringify(wrong));
        }
        assert.deepStrictEqual(mechanisms([primary, global])[0][1], "primary of an ElastiCache global datastore, secondary members in no region without a replication lag alarm (lag unbounded)");
        // A global datastore of another group, or a resource of another type naming this one, leaves it a plain cache.
        assert.deepStrictEqual(mechanisms([primary, { ...global, deps: { primaryReplicationGroupId: ["urn:other"] } }]), [["ReplicationGroup cache", COLD, undefined, false]]);
        assert.deepStrictEqual(mechanisms([primary, { ...global, type: ALARM }]), [["ReplicationGroup cache", COLD, undefined, false]]);
        const byLiteral = res(REDIS, "cache-euw1", "eu-west-1", { globalReplicationGroupId: "ldgnf-global" });
        assert.deepStrictEqual(mechanisms([byLiteral]), [["ReplicationGroup cache-euw1", SECONDARY, undefined, false]]);
        assert.equal(only(assessDataStores([{ ...primary, region: undefined }])).region, "unknown");
    });

    it("reports each backup rule that copies to other vaults, at a day's RPO", () => {
        const plan = res(PLAN, "plan", undefined, { rules: [{ ruleName: "daily", schedule: "cron(0 5 ? * * *)", copyActions: [{}, {}] }, { ruleName: "local", copyActions: [] }, { ruleName: "none" }, null] });
        assert.deepStrictEqual(assessDataStores([plan]), [
            { store: "aws-backup", resource: "Plan plan rule daily", region: "unknown", mechanism: "snapshots cron(0 5 ? * * *) copied to 2 other vault(s)", rpoMinutes: 1440, gated: false },
        ]);
        assert.deepStrictEqual(assessDataStores([res(PLAN, "empty", "us-east-1", {})]), []);
    });
});

describe("dr objectives: the failover runbook", () => {
    const table = (...rows: string[]) => ["| step | minutes | command |", "|---|---|---|", ...rows].join("\n");

    it("adds up whole minutes, ignoring rows whose minutes are not a number", () => {
        assert.equal(runbookMinutes(table("| a | 2 | x |", "| b | 5-10 | y |", "| c | ~3 | z |", "| d | 4 min | w |", "| e | 10 | v |")), 12);
        assert.equal(runbookMinutes(table("| a |")), undefined, "a row without a minutes cell adds nothing");
        assert.equal(runbookMinutes(table("| a | x |")), undefined);
    });

    it("stops at the end of the table, and counts every steps table", () => {
        const md = [table("| a | 2 | x |"), "", "| b | 100 | y |", table("| c | 3 | z |"), "not a row | 50 |", "| d | 7 | w |"].join("\n");
        assert.equal(runbookMinutes(md), 5);
        assert.equal(runbookMinutes(`${table("| a | 2 | x |")}\n   | indented | 4 | row |`), 6);
    });

    it("finds the header with or without outer pipes and spacing, and only that header", () => {
        assert.equal(runbookMinutes(["step | minutes | command", "---|---|---", "| a | 2 | x |"].join("\n")), 2);
        assert.equal(runbookMinutes(["|  step|minutes  |command|", "|-|-|-|", "| a | 2 | x |"].join("\n")), 2);
        assert.equal(runbookMinutes(["  | step | minutes | command |", "  |---|---|---|", "  | a | 2 | x |"].join("\n")), 2);
        assert.equal(runbookMinutes(["| step | minutes | command | notes |", "|-|-|-|-|", "| a | 2 | x | y |"].join("\n")), undefined);
        assert.equal(runbookMinutes(""), undefined);
    });

    it("an escaped pipe in the step does not shift the minutes cell", () => {
        assert.equal(runbookMinutes(table("| a \\| b | 3 | x |")), 3);
    });
});
