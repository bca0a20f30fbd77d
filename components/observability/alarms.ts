/**
 * CloudWatch alarms on the managed data stores and the services' queues, per region, to an SNS topic of that
 * region encrypted with its `backups` key (whose policy admits CloudWatch and EventBridge from this account
 * only). Subscriptions come from `platform:alarms.subscriptions`. With `platform:backup`, an EventBridge rule
 * sends failed, aborted and expired AWS Backup jobs (and failed copy and restore jobs) to the same topic: the
 * DR module's own topic (components/dr/backup.ts) keeps the vault's full job stream for its e-mail audience.
 *
 * Metric names and dimensions are CloudWatch's: AWS/RDS by DBInstanceIdentifier, AWS/ElastiCache by
 * CacheClusterId (a replication group's member clusters, `<group>-001`...: ElastiCache publishes these metrics
 * per node and per member cluster, not per replication group), AWS/SQS by QueueName.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AlarmsConfig } from "../../config/sections/alarms";
import { policyDocument, PolicyStatement } from "../../lib/iam";

/** One metric alarm, as data: what the component registers and what the tests and the DR report read. */
export interface MetricAlarmSpec {
    /** Suffix of the Pulumi and physical name: `postgres-cpu`, `redis-memory-001`. */
    key: string;
    namespace: "AWS/RDS" | "AWS/ElastiCache" | "AWS/SQS" | "AWS/CertificateManager";
    metricName: string;
    dimensions: Record<string, pulumi.Input<string>>;
    /** For metrics published less often than the alarm period (ACM's DaysToExpiry: daily). */
    periodSeconds?: number;
    statistic: "Average" | "Maximum" | "Minimum" | "Sum";
    comparisonOperator: "GreaterThanThreshold" | "LessThanThreshold";
    threshold: number;
    description: string;
    /** What a missing datapoint means: an idle queue publishes nothing worth alarming on. */
    treatMissingData: "missing" | "notBreaching" | "breaching";
}

export const GIB = 1024 ** 3;

/**
 * Member cluster ids of a replication group with cluster mode disabled: ElastiCache names them
 * `<replicationGroupId>-001` up to `-<numCacheClusters>` (failover swaps roles, not ids). terraform-provider-aws
 * relies on the same naming (replication_group.go sets `SnapshottingClusterId` to `<id>-001`); cluster mode enabled
 * would be `<id>-0001-001` (shard, node), which the platform does not use.
 */
export function memberClusterIds(replicationGroupId: string, numCacheClusters: number): string[] {
    return Array.from({ length: numCacheClusters }, (_, i) => `${replicationGroupId}-${String(i + 1).padStart(3, "0")}`);
}

export interface RegionAlarmTargets {
    /** This region's RDS instance: the primary, or the cross-region replica (whose ReplicaLag is the RPO signal). */
    postgres?: { identifier: string; replica: boolean };
    /** `globalSecondary`: a secondary member of a global datastore, whose replication lag is its RPO signal. */
    redis?: { replicationGroupId: string; numCacheClusters: number; globalSecondary?: boolean };
    /** Per service with a queue: the physical names of its queue and dead-letter queue. */
    queues: Array<{ service: string; queueName: string; deadLetterQueueName: string }>;
    /** Certificates this region's stack holds in ACM (the gateway NLB's origin certificate): alarm before they expire. */
    certificates?: Array<{ key: string; arn: pulumi.Input<string> }>;
}

/** The alarms of one region, from its data stores and the thresholds. */
export function regionAlarmSpecs(targets: RegionAlarmTargets, settings: AlarmsConfig, replicaLagSeconds: number): MetricAlarmSpec[] {
    const specs: MetricAlarmSpec[] = [];
    const pg = targets.postgres;
    if (pg) {
        const dimensions = { DBInstanceIdentifier: pg.identifier };
        specs.push(
            {
                key: "postgres-cpu",
                namespace: "AWS/RDS",
                metricName: "CPUUtilization",
                dimensions,
                statistic: "Average",
                comparisonOperator: "GreaterThanThreshold",
                threshold: settings.postgres.cpuPercent,
                description: `${pg.identifier}: CPU above ${settings.postgres.cpuPercent}%`,
                treatMissingData: "missing",
            },
            {
                key: "postgres-free-storage",
                namespace: "AWS/RDS",
                metricName: "FreeStorageSpace",
                dimensions,
                statistic: "Minimum",
                comparisonOperator: "LessThanThreshold",
                threshold: settings.postgres.freeStorageGiB * GIB,
                description: `${pg.identifier}: free storage below ${settings.postgres.freeStorageGiB} GiB`,
                treatMissingData: "missing",
            },
        );
        if (pg.replica) {
            specs.push({
                key: "postgres-replica-lag",
                namespace: "AWS/RDS",
                metricName: "ReplicaLag",
                dimensions,
                statistic: "Maximum",
                comparisonOperator: "GreaterThanThreshold",
                threshold: replicaLagSeconds,
                // A replica that stops reporting lag has stopped replicating: that loses the RPO too.
                description: `${pg.identifier}: replica lag above ${replicaLagSeconds} s (RPO signal)`,
                treatMissingData: "breaching",
            });
        }
    }
    if (targets.redis) {
        for (const cluster of memberClusterIds(targets.redis.replicationGroupId, targets.redis.numCacheClusters)) {
            const node = cluster.slice(-3);
            specs.push(
                {
                    key: `redis-memory-${node}`,
                    namespace: "AWS/ElastiCache",
                    metricName: "DatabaseMemoryUsagePercentage",
                    dimensions: { CacheClusterId: cluster },
                    statistic: "Maximum",
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: settings.redis.memoryPercent,
                    description: `${cluster}: memory use above ${settings.redis.memoryPercent}% of maxmemory`,
                    treatMissingData: "missing",
                },
                {
                    key: `redis-evictions-${node}`,
                    namespace: "AWS/ElastiCache",
                    metricName: "Evictions",
                    dimensions: { CacheClusterId: cluster },
                    statistic: "Sum",
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: settings.redis.evictions,
                    description: `${cluster}: more than ${settings.redis.evictions} evictions per period`,
                    treatMissingData: "notBreaching",
                },
            );
            if (targets.redis.globalSecondary) {
                const lag = settings.redis.globalReplicationLagSeconds;
                specs.push({
                    key: `redis-global-lag-${node}`,
                    namespace: "AWS/ElastiCache",
                    metricName: "GlobalDatastoreReplicationLag",
                    dimensions: { CacheClusterId: cluster },
                    statistic: "Maximum",
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: lag,
                    // Published by the member's primary node only (lag behind the primary region's primary), so the
                    // replicas' clusters have no data: missing stays missing.
                    description: `${cluster}: global datastore replication lag above ${lag} s (RPO signal of the secondary member)`,
                    treatMissingData: "missing",
                });
            }
        }
    }
    for (const q of targets.queues) {
        specs.push(
            {
                key: `${q.service}-dead-letters`,
                namespace: "AWS/SQS",
                metricName: "ApproximateNumberOfMessagesVisible",
                dimensions: { QueueName: q.deadLetterQueueName },
                statistic: "Maximum",
                comparisonOperator: "GreaterThanThreshold",
                threshold: settings.queues.deadLetterMessages,
                description: `${q.deadLetterQueueName}: more than ${settings.queues.deadLetterMessages} dead letters`,
                treatMissingData: "notBreaching",
            },
            {
                key: `${q.service}-oldest-message`,
                namespace: "AWS/SQS",
                metricName: "ApproximateAgeOfOldestMessage",
                dimensions: { QueueName: q.queueName },
                statistic: "Maximum",
                comparisonOperator: "GreaterThanThreshold",
                threshold: settings.queues.oldestMessageAgeSeconds,
                description: `${q.queueName}: oldest message older than ${settings.queues.oldestMessageAgeSeconds} s`,
                treatMissingData: "notBreaching",
            },
        );
    }
    for (const certificate of targets.certificates ?? []) {
        specs.push({
            key: `${certificate.key}-certificate-expiry`,
            namespace: "AWS/CertificateManager",
            metricName: "DaysToExpiry",
            dimensions: { CertificateArn: certificate.arn },
            statistic: "Minimum",
            comparisonOperator: "LessThanThreshold",
            threshold: settings.certificateExpiryDays,
            description: `${certificate.key} certificate: fewer than ${settings.certificateExpiryDays} days to expiry (an imported certificate is not renewed by ACM)`,
            // ACM publishes DaysToExpiry once a day.
            periodSeconds: 86_400,
            treatMissingData: "missing",
        });
    }
    return specs;
}

/**
 * EventBridge pattern for AWS Backup jobs that did not succeed: backup jobs FAILED, ABORTED or EXPIRED, copy jobs
 * FAILED (both report `state`), restore jobs FAILED (they report `status`, as the API's RestoreJob does). Detail
 * types and fields as in AWS Backup's example events (docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html:
 * "Copy Job State Change" with `"state": "FAILED"`, "Restore Job State Change" with `"status": "FAILED"`).
 */
export function backupFailureEventPattern(): Record<string, unknown> {
    return {
        source: ["aws.backup"],
        $or: [
            { "detail-type": ["Backup Job State Change"], detail: { state: ["FAILED", "ABORTED", "EXPIRED"] } },
            { "detail-type": ["Copy Job State Change"], detail: { state: ["FAILED"] } },
            { "detail-type": ["Restore Job State Change"], detail: { status: ["FAILED"] } },
        ],
    };
}

/** Who may publish to the alarm topic: CloudWatch alarms of this account, and this stack's EventBridge rule. */
export function alarmTopicPolicyStatements(args: { topicArn: string; accountId: string; eventRuleArn?: string }): PolicyStatement[] {
    const statements: PolicyStatement[] = [
        {
            Sid: "CloudWatchAlarmsPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: args.topicArn,
            Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
        },
    ];
    if (args.eventRuleArn) {
        statements.push({
            Sid: "BackupFailuresPublish",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sns:Publish",
            Resource: args.topicArn,
            Condition: { ArnEquals: { "aws:SourceArn": args.eventRuleArn } },
        });
    }
    return statements;
}

export interface AlarmsArgs {
    /** `prod-use1`: physical names start `platform-<prefix>-`. */
    prefix: string;
    accountId: string;
    settings: AlarmsConfig;
    /** The region's `backups` CMK, which encrypts the topic. */
    topicKeyArn: pulumi.Input<string>;
    targets: RegionAlarmTargets;
    /** Seconds of replica lag that raise the RPO alarm (config/sections/alarms.ts replicaLagThresholdSeconds). */
    replicaLagSeconds: number;
    /** Whether AWS Backup runs in this region (a vault of platform:backup): then failed jobs are sent too. */
    backupJobs: boolean;
}

export class Alarms extends pulumi.ComponentResource {
    readonly topicArn: pulumi.Output<string>;
    readonly alarmNames: string[];

    /** opts.provider: the region's AWS provider. */
    constructor(name: string, args: AlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:Alarms", name, {}, opts);
        const parent = { parent: this };
        const physical = (key: string) => `platform-${args.prefix}-${key}`;

        const topic = new aws.sns.Topic(`${name}-topic`, { name: physical("alarms"), kmsMasterKeyId: args.topicKeyArn }, parent);
        const eventRule =
            args.backupJobs && args.settings.backupJobFailures
                ? new aws.cloudwatch.EventRule(
                      `${name}-backup-failures`,
                      { name: physical("backup-failures"), description: "AWS Backup jobs that failed, aborted or expired", eventPattern: JSON.stringify(backupFailureEventPattern()) },
                      parent,
                  )
                : undefined;
        const topicPolicy = new aws.sns.TopicPolicy(
            `${name}-topic-policy`,
            {
                arn: topic.arn,
                policy: pulumi
                    .all([topic.arn, eventRule?.arn])
                    .apply(([topicArn, eventRuleArn]) => JSON.stringify(policyDocument(alarmTopicPolicyStatements({ topicArn, accountId: args.accountId, eventRuleArn })))),
            },
            parent,
        );
        if (eventRule) {
            new aws.cloudwatch.EventTarget(`${name}-backup-failures-target`, { rule: eventRule.name, arn: topic.arn }, { ...parent, dependsOn: [topicPolicy] });
        }
        args.settings.subscriptions.forEach((subscription, i) => {
            new aws.sns.TopicSubscription(`${name}-subscription-${i}`, { topic: topic.arn, protocol: subscription.protocol, endpoint: subscription.endpoint }, parent);
        });

        const specs = regionAlarmSpecs(args.targets, args.settings, args.replicaLagSeconds);
        for (const spec of specs) {
            new aws.cloudwatch.MetricAlarm(
                `${name}-${spec.key}`,
                {
                    name: physical(spec.key),
                    alarmDescription: spec.description,
                    namespace: spec.namespace,
                    metricName: spec.metricName,
                    dimensions: spec.dimensions,
                    statistic: spec.statistic,
                    comparisonOperator: spec.comparisonOperator,
                    threshold: spec.threshold,
                    period: spec.periodSeconds ?? args.settings.periodSeconds,
                    evaluationPeriods: spec.periodSeconds ? 1 : args.settings.evaluationPeriods,
                    treatMissingData: spec.treatMissingData,
                    alarmActions: [topic.arn],
                    okActions: [topic.arn],
                },
                { ...parent, dependsOn: [topicPolicy] },
            );
        }
        this.topicArn = topic.arn;
        this.alarmNames = specs.map((s) => physical(s.key));
        this.registerOutputs({ topicArn: this.topicArn, alarmNames: this.alarmNames });
    }
}
