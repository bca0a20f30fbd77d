/**
 * CloudWatch alarms (components/observability/alarms.ts, `platform:alarms`): the pure rules (member cluster ids,
 * thresholds, the backup-failure event pattern, who may publish) and, synthesized, that every alarm watches a
 * metric CloudWatch really publishes for a resource the stack really creates, and notifies a topic of its region
 * encrypted with that region's key.
 */
import * as assert from "assert";
import { alarmTopicPolicyStatements, backupFailureEventPattern, GIB, memberClusterIds, regionAlarmSpecs } from "../../components/observability/alarms";
import { validateConfig } from "../../config";
import { alarmsSchema, replicaLagThresholdSeconds } from "../../config/sections/alarms";
import { revealSecrets } from "../../offline/secrets";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { assertConfigProblem, keyBehind, sourcesOf, stackConfig } from "../datastores/support";
import { ofType, synthesizeStack } from "../support/synthesis";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const EVENT_RULE = "aws:cloudwatch/eventRule:EventRule";
const EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";

const DEFAULTS = alarmsSchema.parse({});

describe("alarms: pure rules", () => {
    it("names a replication group's member clusters <id>-001 upward, the CacheClusterId ElastiCache publishes under", () => {
        assert.deepStrictEqual(memberClusterIds("platform-prod-use1-redis", 3), ["platform-prod-use1-redis-001", "platform-prod-use1-redis-002", "platform-prod-use1-redis-003"]);
        assert.deepStrictEqual(memberClusterIds("g", 1), ["g-001"]);
    });

    it("alarms on the primary's CPU and free storage, and only a replica on its lag, with CloudWatch's metric names and dimensions", () => {
        const primary = regionAlarmSpecs({ postgres: { identifier: "db", replica: false }, queues: [] }, DEFAULTS, 300);
        assert.deepStrictEqual(
            primary.map((s) => [s.namespace, s.metricName, JSON.stringify(s.dimensions), s.statistic, s.comparisonOperator, s.threshold]),
            [
                ["AWS/RDS", "CPUUtilization", '{"DBInstanceIdentifier":"db"}', "Average", "GreaterThanThreshold", 80],
                ["AWS/RDS", "FreeStorageSpace", '{"DBInstanceIdentifier":"db"}', "Minimum", "LessThanThreshold", 20 * GIB],
            ],
        );
        const replica = regionAlarmSpecs({ postgres: { identifier: "db-replica", replica: true }, queues: [] }, DEFAULTS, 300);
        const lag = replica.find((s) => s.metricName === "ReplicaLag")!;
        assert.deepStrictEqual([lag.dimensions, lag.statistic, lag.threshold, lag.treatMissingData], [{ DBInstanceIdentifier: "db-replica" }, "Maximum", 300, "breaching"]);
    });

    it("alarms on each cache node's memory and evictions, and each queue's dead letters and oldest message", () => {
        const specs = regionAlarmSpecs(
            { redis: { replicationGroupId: "g", numCacheClusters: 2 }, queues: [{ service: "document", queueName: "q", deadLetterQueueName: "q-dlq" }] },
            { ...DEFAULTS, redis: { memoryPercent: 70, evictions: 0, globalReplicationLagSeconds: 60 }, queues: { deadLetterMessages: 0, oldestMessageAgeSeconds: 600 } },
            300,
        );
        assert.deepStrictEqual(
            specs.map((s) => `${s.key} ${s.namespace} ${s.metricName} ${JSON.stringify(s.dimensions)} ${s.threshold}`),
            [
                'redis-memory-001 AWS/ElastiCache DatabaseMemoryUsagePercentage {"CacheClusterId":"g-001"} 70',
                'redis-evictions-001 AWS/ElastiCache Evictions {"CacheClusterId":"g-001"} 0',
                'redis-memory-002 AWS/ElastiCache DatabaseMemoryUsagePercentage {"CacheClusterId":"g-002"} 70',
                'redis-evictions-002 AWS/ElastiCache Evictions {"CacheClusterId":"g-002"} 0',
                'document-dead-letters AWS/SQS ApproximateNumberOfMessagesVisible {"QueueName":"q-dlq"} 0',
                'document-oldest-message AWS/SQS ApproximateAgeOfOldestMessage {"QueueName":"q"} 600',
            ],
        );
        assert.ok(specs.every((s) => s.comparisonOperator === "GreaterThanThreshold"));
    });

    it("alarms on a global datastore secondary member's replication lag per member cluster, and only there", () => {
        const settings = { ...DEFAULTS, redis: { ...DEFAULTS.redis, globalReplicationLagSeconds: 30 } };
        const lagOf = (globalSecondary?: boolean) =>
            regionAlarmSpecs({ redis: { replicationGroupId: "g", numCacheClusters: 2, globalSecondary }, queues: [] }, settings, 300).filter((s) => s.metricName === "GlobalDatastoreReplicationLag");
        assert.deepStrictEqual(
            lagOf(true).map((s) => [s.key, s.namespace, JSON.stringify(s.dimensions), s.statistic, s.comparisonOperator, s.threshold, s.treatMissingData]),
            [
                ["redis-global-lag-001", "AWS/ElastiCache", '{"CacheClusterId":"g-001"}', "Maximum", "GreaterThanThreshold", 30, "missing"],
                ["redis-global-lag-002", "AWS/ElastiCache", '{"CacheClusterId":"g-002"}', "Maximum", "GreaterThanThreshold", 30, "missing"],
            ],
        );
        assert.deepStrictEqual(lagOf(false), []);
        assert.deepStrictEqual(lagOf(undefined), []);
        assert.strictEqual(DEFAULTS.redis.globalReplicationLagSeconds, 60);
    });

    it("derives the replica lag threshold from the RPO target unless configured", () => {
        assert.strictEqual(replicaLagThresholdSeconds({}), 300);
        assert.strictEqual(replicaLagThresholdSeconds({ drTargets: { rpoMinutes: 15, rtoMinutes: 60 } }), 300);
        assert.strictEqual(replicaLagThresholdSeconds({ drTargets: { rpoMinutes: 30, rtoMinutes: 60 } }), 600);
        assert.strictEqual(replicaLagThresholdSeconds({ drTargets: { rpoMinutes: 15, rtoMinutes: 60 }, alarms: { ...DEFAULTS, postgres: { ...DEFAULTS.postgres, replicaLagSeconds: 120 } } }), 120);
    });

    it("matches failed, aborted and expired backup jobs and failed copy and restore jobs, never completed ones", () => {
        const pattern = backupFailureEventPattern() as any;
        assert.deepStrictEqual(pattern.source, ["aws.backup"]);
        const byType = Object.fromEntries(pattern.$or.map((p: any) => [p["detail-type"][0], p.detail]));
        assert.deepStrictEqual(byType, {
            "Backup Job State Change": { state: ["FAILED", "ABORTED", "EXPIRED"] },
            "Copy Job State Change": { state: ["FAILED"] },
            "Restore Job State Change": { status: ["FAILED"] },
        });
        assert.ok(!JSON.stringify(pattern).includes("COMPLETED"));
    });

    it("lets CloudWatch of this account publish, and EventBridge only from the stack's rule", () => {
        const [cw, events] = alarmTopicPolicyStatements({ topicArn: "arn:t", accountId: "111122223333", eventRuleArn: "arn:rule" });
        assert.deepStrictEqual([cw.Principal, cw.Action, cw.Resource, cw.Condition], [{ Service: "cloudwatch.amazonaws.com" }, "sns:Publish", "arn:t", { StringEquals: { "aws:SourceAccount": "111122223333" } }]);
        assert.deepStrictEqual([events.Principal, events.Condition], [{ Service: "events.amazonaws.com" }, { ArnEquals: { "aws:SourceArn": "arn:rule" } }]);
        assert.strictEqual(alarmTopicPolicyStatements({ topicArn: "arn:t", accountId: "1" }).length, 1);
    });
});

describe("alarms: configuration", () => {
    const prod = () => stackConfig("prod");
    it("refuses an unknown protocol, a non-https or credentialed webhook and a bad e-mail, naming the key", () => {
        const sub = (s: unknown) => ({ ...prod(), alarms: { ...prod().alarms, subscriptions: [s] } });
        assertConfigProblem(sub({ protocol: "sms", endpoint: "+15550100" }), "platform:alarms.subscriptions[0].protocol", /email.*https|https.*email/);
        assertConfigProblem(sub({ protocol: "https", endpoint: "http://pager.example.com/hook" }), "platform:alarms.subscriptions[0].endpoint", /https:\/\/ URL/);
        assertConfigProblem(sub({ protocol: "https", endpoint: "https://user:secret@pager.example.com/hook" }), "platform:alarms.subscriptions[0].endpoint", /no user or password/);
        assertConfigProblem(sub({ protocol: "email", endpoint: "oncall" }), "platform:alarms.subscriptions[0].endpoint", /email/i);
        assert.doesNotThrow(() => validateConfig(sub({ protocol: "https", endpoint: "https://events.pagerduty.example.com/integration/abc/enqueue" })));
    });

    it("refuses a replica lag alarm above the RPO target (it would fire after the RPO is lost), and thresholds out of range", () => {
        const lag = (replicaLagSeconds: number) => ({ ...prod(), alarms: { ...prod().alarms, postgres: { ...prod().alarms.postgres, replicaLagSeconds } } });
        assertConfigProblem(lag(901), "platform:alarms.postgres.replicaLagSeconds", /901 seconds is more than drTargets.rpoMinutes 15 \(900 s\)/);
        assert.doesNotThrow(() => validateConfig(lag(900)));
        assertConfigProblem({ ...prod(), alarms: { ...prod().alarms, postgres: { cpuPercent: 101 } } }, "platform:alarms.postgres.cpuPercent", /100/);
        assertConfigProblem({ ...prod(), alarms: { ...prod().alarms, periodSeconds: 120 } }, "platform:alarms.periodSeconds", /60|300/);
        assertConfigProblem({ ...prod(), alarms: { ...prod().alarms, pager: true } }, "platform:alarms.pager", /unknown key/);
    });
});

describe("alarms: synthesized", () => {
    let prod: SynthesisResult;
    let dev: SynthesisResult;
    before(async function () {
        this.timeout(300_000);
        prod = await synthesizeStack("prod");
        dev = await synthesizeStack("dev");
    });

    const alarmsIn = (result: SynthesisResult, code: string) => ofType(result, ALARM).filter((a) => a.name.startsWith(`${result.stack}-${code}-alarms-`));
    const byName = (result: SynthesisResult, type: string, name: string) => ofType(result, type).find((r) => r.name === name);

    it("creates no alarm and no topic where platform:alarms is unset (dev)", () => {
        assert.deepStrictEqual(ofType(dev, ALARM), []);
        assert.ok(!ofType(dev, TOPIC).some((t) => t.name.includes("-alarms-")));
    });

    it("gives each prod region an alarm topic under that region's backups key, with the configured subscriptions", () => {
        const config = validateConfig(stackConfig("prod"));
        for (const code of ["use1", "usw2"]) {
            const topic = byName(prod, TOPIC, `prod-${code}-alarms-topic`)!;
            assert.ok(topic, code);
            assert.strictEqual(keyBehind(prod, topic, "kmsMasterKeyId"), `${code === "use1" ? "us-east-1" : "us-west-2"}/backups`);
            const subscriptions = ofType(prod, SUBSCRIPTION).filter((s) => (s.propertyDependencies.topic ?? []).includes(topic.urn));
            assert.deepStrictEqual(
                subscriptions.map((s) => [s.inputs.protocol, s.inputs.endpoint]),
                config.alarms!.subscriptions.map((s) => [s.protocol, s.endpoint]),
            );
        }
    });

    function alarmTargets(result: SynthesisResult, alarm: SynthesizedResource): void {
        const dims = alarm.inputs.dimensions;
        const sameRegion = (r: SynthesizedResource) => r.region === alarm.region;
        if (alarm.inputs.namespace === "AWS/RDS") {
            const instance = ofType(result, "aws:rds/instance:Instance").filter(sameRegion).find((i) => i.inputs.identifier === dims.DBInstanceIdentifier);
            assert.ok(instance, `${alarm.name}: no RDS instance ${dims.DBInstanceIdentifier} in ${alarm.region}`);
        } else if (alarm.inputs.namespace === "AWS/ElastiCache") {
            const groups = ofType(result, "aws:elasticache/replicationGroup:ReplicationGroup").filter(sameRegion);
            const group = groups.find((g) => memberClusterIds(g.inputs.replicationGroupId, g.inputs.numCacheClusters).includes(dims.CacheClusterId));
            assert.ok(group, `${alarm.name}: ${dims.CacheClusterId} is no member cluster of a replication group in ${alarm.region}`);
            // Only a global datastore's secondary member publishes its lag behind the primary region.
            if (alarm.inputs.metricName === "GlobalDatastoreReplicationLag") {
                assert.ok(group.inputs.globalReplicationGroupId, `${alarm.name}: ${group.name} is no secondary member of a global datastore`);
            }
        } else if (alarm.inputs.namespace === "AWS/CertificateManager") {
            // An imported certificate (ACM does not renew it) in the alarm's region, watched daily for DaysToExpiry.
            const certificate = ofType(result, "aws:acm/certificate:Certificate").filter(sameRegion).find((c) => c.outputs?.arn === dims.CertificateArn);
            assert.ok(certificate, `${alarm.name}: no ACM certificate ${dims.CertificateArn} in ${alarm.region}`);
            assert.ok(certificate.inputs.certificateBody, `${alarm.name}: ${certificate.name} is imported`);
            assert.deepStrictEqual([alarm.inputs.metricName, alarm.inputs.statistic, alarm.inputs.comparisonOperator, alarm.inputs.period], ["DaysToExpiry", "Minimum", "LessThanThreshold", 86400]);
        } else {
            const queue = ofType(result, "aws:sqs/queue:Queue").filter(sameRegion).find((q) => q.inputs.name === dims.QueueName);
            assert.ok(queue, `${alarm.name}: no queue ${dims.QueueName} in ${alarm.region}`);
            // Dead-letter depth on DLQs only, message age on the service queues only.
            assert.strictEqual(/-dlq$/.test(dims.QueueName), alarm.inputs.metricName === "ApproximateNumberOfMessagesVisible", alarm.name);
        }
    }

    it("watches only resources the stack creates, in the alarm's own region, and notifies that region's topic", () => {
        const alarms = ofType(prod, ALARM);
        assert.ok(alarms.length > 0);
        for (const alarm of alarms) {
            alarmTargets(prod, alarm);
            const code = alarm.name.split("-")[1];
            const topic = byName(prod, TOPIC, `prod-${code}-alarms-topic`)!;
            assert.deepStrictEqual(sourcesOf(prod, alarm, "alarmActions").map((t) => t.urn), [topic.urn], alarm.name);
            assert.strictEqual(alarm.region, topic.region, alarm.name);
        }
    });

    it("alarms on every RDS instance, cache node and queue of each region, and the replica's lag at a third of the 15-minute RPO", () => {
        const config = validateConfig(stackConfig("prod"));
        const queued = Object.values(config.services).filter((s) => s.queue).length;
        for (const [code, replica] of [["use1", false], ["usw2", true]] as const) {
            const metrics = alarmsIn(prod, code).map((a) => a.inputs.metricName);
            const count = (m: string) => metrics.filter((x) => x === m).length;
            assert.deepStrictEqual(
                [count("CPUUtilization"), count("FreeStorageSpace"), count("ReplicaLag"), count("DatabaseMemoryUsagePercentage"), count("Evictions"), count("ApproximateNumberOfMessagesVisible"), count("ApproximateAgeOfOldestMessage")],
                [1, 1, replica ? 1 : 0, config.redis.numCacheClusters, config.redis.numCacheClusters, queued, queued],
                code,
            );
        }
        const lag = alarmsIn(prod, "usw2").find((a) => a.inputs.metricName === "ReplicaLag")!;
        assert.strictEqual(lag.inputs.threshold, 300);
        // The Redis global datastore's secondary member (us-west-2): its replication lag, per member cluster.
        const globalLag = (code: string) => alarmsIn(prod, code).filter((a) => a.inputs.metricName === "GlobalDatastoreReplicationLag");
        assert.strictEqual(globalLag("use1").length, 0);
        assert.deepStrictEqual(
            globalLag("usw2").map((a) => [a.inputs.dimensions.CacheClusterId, a.inputs.threshold, a.inputs.statistic]),
            memberClusterIds("platform-prod-usw2-redis", config.redis.numCacheClusters).map((c) => [c, 60, "Maximum"]),
        );
        assert.strictEqual(alarmsIn(prod, "use1").find((a) => a.inputs.metricName === "CPUUtilization")!.inputs.threshold, 75);
    });

    it("sends failed AWS Backup jobs through an EventBridge rule that alone (besides CloudWatch) may publish to the topic", () => {
        for (const code of ["use1", "usw2"]) {
            const rule = byName(prod, EVENT_RULE, `prod-${code}-alarms-backup-failures`)!;
            assert.deepStrictEqual(JSON.parse(rule.inputs.eventPattern), backupFailureEventPattern());
            const target = byName(prod, EVENT_TARGET, `prod-${code}-alarms-backup-failures-target`)!;
            assert.deepStrictEqual(sourcesOf(prod, target, "arn").map((t) => t.name), [`prod-${code}-alarms-topic`]);
            const policy = JSON.parse(revealSecrets(byName(prod, TOPIC_POLICY, `prod-${code}-alarms-topic-policy`)!.inputs.policy));
            assert.deepStrictEqual(policy.Statement.map((s: any) => s.Principal.Service), ["cloudwatch.amazonaws.com", "events.amazonaws.com"]);
            assert.match(policy.Statement[1].Condition.ArnEquals["aws:SourceArn"], new RegExp(`^arn:aws:events:${rule.region}:333344445555:rule/platform-prod-${code}-backup-failures$`));
        }
    });
});

describe("alarms: certificates we hold", () => {
    it("prod: every region's gateway certificate (imported into ACM, so never renewed by it) alarms before it expires", async () => {
        const prod = await synthesizeStack("prod");
        const config = validateConfig(stackConfig("prod"));
        for (const certificate of ofType(prod, "aws:acm/certificate:Certificate")) {
            const alarms = ofType(prod, "aws:cloudwatch/metricAlarm:MetricAlarm").filter(
                (a) => a.region === certificate.region && a.inputs.namespace === "AWS/CertificateManager" && a.inputs.dimensions?.CertificateArn === certificate.outputs?.arn,
            );
            assert.strictEqual(alarms.length, 1, `${certificate.name} (${certificate.region})`);
            assert.strictEqual(alarms[0].inputs.threshold, config.alarms!.certificateExpiryDays);
        }
        assert.ok(ofType(prod, "aws:acm/certificate:Certificate").length >= 2, "one gateway certificate per prod region");
    });
});
