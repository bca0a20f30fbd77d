/**
 * Recovery objectives from what a stack registers: per data store, the mechanism that keeps a copy outside its
 * region and the RPO it achieves, and whether that meets the stack's targets (`platform:drTargets`). Pure and
 * shared by the policy `stack-dr-objectives` (PolicyResources) and `npm run dr-report` (the offline synthesis).
 *
 * What counts, for the loss of a whole region:
 * - Postgres (an RDS instance that is no replica): a read replica in another region, its lag bounded by a
 *   CloudWatch ReplicaLag alarm on that replica (RPO = the alarm's threshold: a larger lag pages someone).
 *   A replica nobody watches, replicated automated backups alone (AWS states no bound on their delay) or
 *   nothing at all give no RPO.
 * - S3 buckets holding pii (other than replication destinations): a BucketReplicationConfig with Replication Time Control (RPO = its minutes, 15).
 *   Replication without RTC is best effort: no RPO.
 * - MongoDB Atlas: electable nodes in more than one region (RPO = the oplog's replication lag, seconds, counted
 *   as one minute). One region only gives no RPO (backup copies are hours apart).
 * - Redis is a cache: reported, never gated. Without a global datastore it is cold after a regional loss (rebuilt from
 *   the stores above); a global datastore's primary loses what its secondary members had not yet received: RPO = the
 *   threshold of their GlobalDatastoreReplicationLag alarm (lag is typically under a second), unbounded without one.
 * - AWS Backup copies to other regions' vaults: reported as the backstop (RPO = the schedule, a day), not gated.
 * RTO is the regional failover runbook's total minutes (docs/runbooks/regional-failover.md).
 */
import { isUnknownSentinel } from "./unknowns";

export interface DrResource {
    type: string;
    name: string;
    urn: string;
    region?: string;
    props: Record<string, any>;
    /** Per input property, the URNs its value came from. */
    deps: Record<string, string[]>;
}

export interface DrTargets {
    rpoMinutes: number;
    rtoMinutes: number;
    /** Total minutes of the regional failover runbook; undefined when it has no steps table. */
    failoverRunbookMinutes?: number;
}

export interface DrFinding {
    store: "postgres" | "s3" | "atlas" | "redis" | "aws-backup";
    resource: string;
    region: string;
    mechanism: string;
    /** Achievable RPO for the loss of `region`; undefined when nothing bounds it. */
    rpoMinutes?: number;
    /** Whether the stack's RPO target applies to this store (caches and backstops are reported only). */
    gated: boolean;
    /** The mechanism's settings are not known until apply (a real preview of new resources): not judged. */
    unknown?: boolean;
}

export const RDS_INSTANCE = "aws:rds/instance:Instance";
export const RDS_BACKUPS_REPLICATION = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication";
export const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
export const S3_BUCKET = "aws:s3/bucket:Bucket";
export const S3_REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
export const ATLAS_CLUSTER = "mongodbatlas:index/advancedCluster:AdvancedCluster";
export const REDIS_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
export const REDIS_GLOBAL = "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup";
export const BACKUP_PLAN = "aws:backup/plan:Plan";
/** The resource types the assessment reads (everything else can be left out before converting). */
export const DR_RESOURCE_TYPES: ReadonlySet<string> = new Set([RDS_INSTANCE, RDS_BACKUPS_REPLICATION, METRIC_ALARM, S3_BUCKET, S3_REPLICATION, ATLAS_CLUSTER, REDIS_GROUP, REDIS_GLOBAL, BACKUP_PLAN]);
/** Atlas replicates the oplog continuously; a healthy secondary is seconds behind. Counted as a minute. */
export const ATLAS_REPLICATION_RPO_MINUTES = 1;
/** What a daily AWS Backup schedule loses at most. */
const DAY_MINUTES = 24 * 60;

const dependsOn = (r: DrResource, property: string, target: DrResource) => (r.deps[property] ?? []).includes(target.urn);
const label = (r: DrResource) => `${r.type.split(":").pop()} ${r.name}`;

function postgresFindings(resources: DrResource[]): DrFinding[] {
    const instances = resources.filter((r) => r.type === RDS_INSTANCE);
    const primaries = instances.filter((r) => (r.deps.replicateSourceDb ?? []).length === 0 && r.props.replicateSourceDb === undefined);
    return primaries.map((primary) => {
        const base = { store: "postgres" as const, resource: label(primary), region: primary.region ?? "unknown", gated: true };
        const replicas = instances.filter((r) => dependsOn(r, "replicateSourceDb", primary) && r.region !== primary.region);
        for (const replica of replicas) {
            const alarm = resources.find(
                (a) => a.type === METRIC_ALARM && a.props.metricName === "ReplicaLag" && a.props.namespace === "AWS/RDS" && a.props.dimensions?.DBInstanceIdentifier === replica.props.identifier && a.region === replica.region,
            );
            const threshold = alarm?.props.threshold;
            if (typeof threshold === "number") {
                return { ...base, mechanism: `read replica ${replica.props.identifier} in ${replica.region}, ReplicaLag alarm at ${threshold} s`, rpoMinutes: Math.ceil(threshold / 60) };
            }
            return { ...base, mechanism: `read replica ${replica.props.identifier} in ${replica.region} without a ReplicaLag alarm (lag unbounded)` };
        }
        const backups = resources.find((r) => r.type === RDS_BACKUPS_REPLICATION && dependsOn(r, "sourceDbInstanceArn", primary));
        if (backups) {
            return { ...base, mechanism: `automated backups replicated to ${backups.region} (point-in-time restore there; AWS gives no bound on the delay)` };
        }
        return { ...base, mechanism: `no copy outside ${base.region}` };
    });
}

function bucketFindings(resources: DrResource[]): DrFinding[] {
    const replications = resources.filter((r) => r.type === S3_REPLICATION);
    // A replication destination is the copy, not a store of its own.
    const isDestination = (bucket: DrResource) => replications.some((r) => dependsOn(r, "rules", bucket));
    const buckets = resources.filter((r) => r.type === S3_BUCKET && r.props.tags?.["data-classification"] === "pii" && !isDestination(r));
    return buckets.map((bucket) => {
        const base = { store: "s3" as const, resource: label(bucket), region: bucket.region ?? "unknown", gated: true };
        const replication = resources.find((r) => r.type === S3_REPLICATION && dependsOn(r, "bucket", bucket));
        if (!replication) {
            return { ...base, mechanism: `no replication outside ${base.region}` };
        }
        if (isUnknownSentinel(replication.props.rules)) {
            return { ...base, mechanism: "Cross-Region Replication (rules known after apply)", unknown: true };
        }
        const rules: any[] = Array.isArray(replication.props.rules) ? replication.props.rules : [];
        const times = rules.filter((rule) => rule?.status === "Enabled").map((rule) => (rule?.destination?.replicationTime?.status === "Enabled" ? rule.destination.replicationTime.time?.minutes : undefined));
        if (times.length > 0 && times.every((m) => typeof m === "number")) {
            const minutes = Math.max(...(times as number[]));
            return { ...base, mechanism: `Cross-Region Replication with Replication Time Control (${minutes} min) to ${rules.length} destination(s)`, rpoMinutes: minutes };
        }
        return { ...base, mechanism: "Cross-Region Replication without Replication Time Control (best effort, no bound)" };
    });
}

function atlasFindings(resources: DrResource[]): DrFinding[] {
    return resources
        .filter((r) => r.type === ATLAS_CLUSTER)
        .map((cluster) => {
            const configs: any[] = (cluster.props.replicationSpecs ?? []).flatMap((s: any) => s?.regionConfigs ?? []);
            const electable = configs.filter((c) => (c?.electableSpecs?.nodeCount ?? 0) > 0);
            const regions = electable.map((c) => `${c.regionName} (${c.electableSpecs.nodeCount})`);
            const base = { store: "atlas" as const, resource: label(cluster), region: electable[0]?.regionName ?? "unknown", gated: true };
            if (electable.length > 1) {
                return { ...base, mechanism: `replica set across regions, electable nodes ${regions.join(", ")}`, rpoMinutes: ATLAS_REPLICATION_RPO_MINUTES };
            }
            return { ...base, mechanism: `electable nodes in ${regions.join(", ") || "no region"} only (backup copies are hours apart)` };
        });
}

function redisFindings(resources: DrResource[]): DrFinding[] {
    const groups = resources.filter((r) => r.type === REDIS_GROUP);
    const isMember = (group: DrResource) => (group.deps.globalReplicationGroupId ?? []).length > 0 || group.props.globalReplicationGroupId !== undefined;
    /** Seconds at which a secondary member's lag alarm fires (the largest over its member clusters), if it has one. */
    const lagAlarmSeconds = (member: DrResource): number | undefined => {
        const thresholds = resources
            .filter(
                (a) =>
                    a.type === METRIC_ALARM &&
                    a.props.namespace === "AWS/ElastiCache" &&
                    a.props.metricName === "GlobalDatastoreReplicationLag" &&
                    a.region === member.region &&
                    typeof a.props.dimensions?.CacheClusterId === "string" &&
                    a.props.dimensions.CacheClusterId.startsWith(`${member.props.replicationGroupId}-`),
            )
            .map((a) => a.props.threshold)
            .filter((t): t is number => typeof t === "number");
        return thresholds.length > 0 ? Math.max(...thresholds) : undefined;
    };
    return groups.map((group) => {
        const base = { store: "redis" as const, resource: label(group), region: group.region ?? "unknown", gated: false };
        const global = resources.find((g) => g.type === REDIS_GLOBAL && dependsOn(g, "primaryReplicationGroupId", group));
        if (global) {
            const members = groups.filter((m) => dependsOn(m, "globalReplicationGroupId", global));
            const watched = members.map((m) => ({ member: m, seconds: lagAlarmSeconds(m) }));
            const bounded = watched.filter((w) => w.seconds !== undefined);
            const where = members.map((m) => m.region).join(", ") || "no region";
            if (members.length > 0 && bounded.length === members.length) {
                const seconds = Math.max(...bounded.map((w) => w.seconds!));
                return { ...base, mechanism: `primary of an ElastiCache global datastore, secondary members in ${where}, GlobalDatastoreReplicationLag alarm at ${seconds} s`, rpoMinutes: Math.ceil(seconds / 60) };
            }
            return { ...base, mechanism: `primary of an ElastiCache global datastore, secondary members in ${where} without a replication lag alarm (lag unbounded)` };
        }
        if (isMember(group)) {
            return { ...base, mechanism: "secondary member of an ElastiCache global datastore (the copy; promoted by the regional failover runbook)" };
        }
        return { ...base, mechanism: "cache only: cold after a regional loss, rebuilt from the primary stores" };
    });
}

function backupFindings(resources: DrResource[]): DrFinding[] {
    return resources
        .filter((r) => r.type === BACKUP_PLAN)
        .flatMap((plan) =>
            (plan.props.rules ?? [])
                .filter((rule: any) => (rule?.copyActions ?? []).length > 0)
                .map((rule: any) => ({
                    store: "aws-backup" as const,
                    resource: `${label(plan)} rule ${rule.ruleName}`,
                    region: plan.region ?? "unknown",
                    mechanism: `snapshots ${rule.schedule} copied to ${rule.copyActions.length} other vault(s)`,
                    rpoMinutes: DAY_MINUTES,
                    gated: false,
                })),
        );
}

/** Every data store's cross-region recovery mechanism and RPO, gated stores first. */
export function assessDataStores(resources: DrResource[]): DrFinding[] {
    return [...postgresFindings(resources), ...bucketFindings(resources), ...atlasFindings(resources), ...redisFindings(resources), ...backupFindings(resources)];
}

/** What misses the targets, one message per store (and one for the RTO). */
export function objectiveProblems(findings: DrFinding[], targets: DrTargets): Array<{ finding?: DrFinding; message: string }> {
    const problems: Array<{ finding?: DrFinding; message: string }> = [];
    for (const f of findings.filter((x) => x.gated && !x.unknown)) {
        if (f.rpoMinutes === undefined) {
            problems.push({ finding: f, message: `${f.resource} (${f.region}): no bounded RPO for the loss of its region (found: ${f.mechanism}; expected at most ${targets.rpoMinutes} min)` });
        } else if (f.rpoMinutes > targets.rpoMinutes) {
            problems.push({ finding: f, message: `${f.resource} (${f.region}): RPO ${f.rpoMinutes} min exceeds the target (found: ${f.mechanism}; expected at most ${targets.rpoMinutes} min)` });
        }
    }
    if (targets.failoverRunbookMinutes === undefined) {
        problems.push({ message: `the regional failover runbook has no steps with minutes (expected a total of at most ${targets.rtoMinutes} min)` });
    } else if (targets.failoverRunbookMinutes > targets.rtoMinutes) {
        problems.push({ message: `the regional failover runbook takes ${targets.failoverRunbookMinutes} min (expected at most the RTO target ${targets.rtoMinutes} min)` });
    }
    return problems;
}

/** Total minutes of every `| step | minutes | command |` table row in a runbook; undefined without one. */
export function runbookMinutes(markdown: string): number | undefined {
    const lines = markdown.split("\n");
    let total: number | undefined;
    for (let i = 0; i < lines.length; i++) {
        const header = lines[i]
            .trim()
            .replace(/^\||\|$/g, "")
            .split("|")
            .map((c) => c.trim());
        if (header.join(",") !== "step,minutes,command") {
            continue;
        }
        for (let j = i + 2; j < lines.length && lines[j].trim().startsWith("|"); j++) {
            const minutes = lines[j].trim().replace(/^\|/, "").split(/(?<!\\)\|/)[1]?.trim();
            if (minutes !== undefined && /^\d+$/.test(minutes)) {
                total = (total ?? 0) + Number(minutes);
            }
        }
    }
    return total;
}
