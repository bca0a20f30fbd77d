/**
 * DR, data in the secondary region: S3 Cross-Region Replication of the configured primary buckets to the
 * same-purpose bucket of each secondary region, and replication of the primary Postgres instance's automated
 * backups to the secondary region. Runs once every region exists (platform.ts); with no `drReplication`
 * config it creates nothing.
 *
 * The destination buckets are the secondary region's own `SecureBucket`s (components/datastores/buckets.ts):
 * versioned, public access blocked, TLS-only, the same lifecycle, SSE-KMS with that region's S3 key and access
 * logs to that region's log bucket. They are what the standby region's services read after a failover.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "../../config";
import { policyDocument, PolicyDocument, PolicyStatement, serviceTrustPolicy } from "../../lib/iam";
import { resourceTags } from "../../lib/tags";
import { BUCKET_PROFILES } from "../datastores/buckets";
import { BucketOutputs } from "../datastores/dataStores";
import type { RegionFoundation } from "../secrets/secretsAndAccess";

/** S3 Replication Time Control: 15 minutes is the only threshold S3 accepts, for both RTC and its metrics. */
export const REPLICATION_TIME_MINUTES = 15;

export interface ReplicationEndpoint {
    region: string;
    bucketArn: string;
    /** The full ARN of the bucket's SSE-KMS key (S3 resolves an alias in the requester's account). */
    keyArn: string;
}

/** The KMS encryption context S3 uses: the bucket ARN with S3 Bucket Keys, the object ARN for objects written before them. */
function s3EncryptionContext(bucketArn: string): string[] {
    return [bucketArn, `${bucketArn}/*`];
}

/**
 * The replication role's permissions, per the S3 User Guide ("Setting up permissions" and "Replicating
 * encrypted objects"): read the source's configuration and object versions, replicate into the destinations,
 * decrypt with the source key and encrypt with each destination's key, only through S3 in that key's region
 * and only for these buckets.
 */
export function replicationRolePolicy(args: { source: ReplicationEndpoint; destinations: ReplicationEndpoint[] }): PolicyDocument {
    if (args.destinations.length === 0) {
        throw new Error("replicationRolePolicy needs at least one destination");
    }
    const { source, destinations } = args;
    const statements: PolicyStatement[] = [
        { Sid: "SourceBucket", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: source.bucketArn },
        {
            Sid: "SourceObjectVersions",
            Effect: "Allow",
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            Resource: `${source.bucketArn}/*`,
        },
        {
            Sid: "ReplicateToDestinations",
            Effect: "Allow",
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            Resource: destinations.map((d) => `${d.bucketArn}/*`),
        },
        {
            Sid: "DecryptSource",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: source.keyArn,
            Condition: {
                StringLike: { "kms:ViaService": `s3.${source.region}.amazonaws.com`, "kms:EncryptionContext:aws:s3:arn": s3EncryptionContext(source.bucketArn) },
            },
        },
        // With S3 Bucket Keys on the destination, S3 asks KMS for a data key rather than encrypting each object.
        ...destinations.map(
            (d, i): PolicyStatement => ({
                Sid: `EncryptDestination${i}`,
                Effect: "Allow",
                Action: ["kms:Encrypt", "kms:GenerateDataKey"],
                Resource: d.keyArn,
                Condition: {
                    StringLike: { "kms:ViaService": `s3.${d.region}.amazonaws.com`, "kms:EncryptionContext:aws:s3:arn": s3EncryptionContext(d.bucketArn) },
                },
            }),
        ),
    ];
    return policyDocument(statements);
}

/**
 * One V2 rule per destination over the whole bucket: SSE-KMS objects included (S3 skips them otherwise) and
 * re-encrypted with the destination's key, delete markers replicated (so a delete in the primary is a delete
 * in the standby, and undoable there too), and with `replicationTimeControl` RTC plus the metrics it requires.
 */
export function replicationRules(args: { destinations: ReplicationEndpoint[]; replicationTimeControl: boolean }): aws.types.input.s3.BucketReplicationConfigRule[] {
    return args.destinations.map((d, i) => ({
        id: `to-${d.region}`,
        // S3 requires distinct priorities when a configuration has several rules.
        priority: i + 1,
        status: "Enabled",
        filter: {},
        deleteMarkerReplication: { status: "Enabled" },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
        destination: {
            bucket: d.bucketArn,
            storageClass: "STANDARD",
            encryptionConfiguration: { replicaKmsKeyId: d.keyArn },
            ...(args.replicationTimeControl
                ? {
                      replicationTime: { status: "Enabled", time: { minutes: REPLICATION_TIME_MINUTES } },
                      metrics: { status: "Enabled", eventThreshold: { minutes: REPLICATION_TIME_MINUTES } },
                  }
                : {}),
        },
    }));
}

export interface ReplicatedBucket {
    bucket: BucketOutputs;
    region: string;
    keyArn: pulumi.Input<string>;
}

export interface BucketReplicationArgs {
    accountId: string;
    source: ReplicatedBucket;
    destinations: ReplicatedBucket[];
    replicationTimeControl: boolean;
    /** Tags of the bucket's data (service, data-classification) for the role. */
    tags: Record<string, string>;
}

/** Replication of one source bucket (in the provider's region) to its destinations, with a role for exactly these buckets and keys. */
export class BucketReplication extends pulumi.ComponentResource {
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: BucketReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:dr:BucketReplication", name, {}, opts);
        const parent = { parent: this };
        const endpoint = (b: ReplicatedBucket) =>
            pulumi.all([b.bucket.arn, b.keyArn]).apply(([bucketArn, keyArn]): ReplicationEndpoint => ({ region: b.region, bucketArn, keyArn }));
        const source = endpoint(args.source);
        const destinations = pulumi.all(args.destinations.map(endpoint));

        const role = new aws.iam.Role(`${name}-role`, { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("s3.amazonaws.com", args.accountId)), tags: args.tags }, parent);
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-role-policy`,
            { role: role.id, policy: pulumi.all([source, destinations]).apply(([s, d]) => JSON.stringify(replicationRolePolicy({ source: s, destinations: d }))) },
            parent,
        );
        new aws.s3.BucketReplicationConfig(
            `${name}-config`,
            {
                bucket: args.source.bucket.bucketName,
                role: role.arn,
                rules: destinations.apply((d) => replicationRules({ destinations: d, replicationTimeControl: args.replicationTimeControl })),
            },
            // S3 refuses a replication configuration unless both sides are versioned; the role must be able to act first.
            { ...parent, dependsOn: [args.source.bucket.versioning, ...args.destinations.map((d) => d.bucket.versioning), rolePolicy] },
        );
        this.roleArn = role.arn;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}

export interface PostgresBackupsReplicationArgs {
    sourceInstanceArn: pulumi.Input<string>;
    /** The destination region's data key (the source is encrypted, so RDS requires one). */
    kmsKeyArn: pulumi.Input<string>;
    retentionDays: number;
    protect: boolean;
}

/** Automated backups of the primary Postgres instance replicated into the provider's (secondary) region: point-in-time restore there. */
export class PostgresBackupsReplication extends pulumi.ComponentResource {
    constructor(name: string, args: PostgresBackupsReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:dr:PostgresBackupsReplication", name, {}, opts);
        // Created in the destination region (the resource's provider). Not taggable: the API takes no tags.
        new aws.rds.InstanceAutomatedBackupsReplication(
            `${name}-rds`,
            { sourceDbInstanceArn: args.sourceInstanceArn, kmsKeyId: args.kmsKeyArn, retentionPeriod: args.retentionDays },
            { parent: this, protect: args.protect },
        );
        this.registerOutputs({});
    }
}

/** Wires the configured replication once every region exists. */
export function createDataReplication(config: PlatformConfig, foundations: RegionFoundation[]): void {
    const dr = config.drReplication;
    const primary = foundations.find((f) => f.region.role === "primary");
    const secondaries = foundations.filter((f) => f.region.role !== "primary");
    if (!dr || !primary || secondaries.length === 0) {
        return;
    }
    for (const purpose of dr.buckets) {
        const profile = BUCKET_PROFILES[purpose];
        new BucketReplication(
            `${primary.prefix}-${profile.slug}-replication`,
            {
                accountId: config.awsAccountId,
                source: { bucket: primary.dataStores.buckets[purpose], region: primary.region.name, keyArn: primary.keys.arns.s3 },
                destinations: secondaries.map((f) => ({ bucket: f.dataStores.buckets[purpose], region: f.region.name, keyArn: f.keys.arns.s3 })),
                replicationTimeControl: dr.replicationTimeControl,
                tags: resourceTags(profile.slug, profile.dataClassification),
            },
            { provider: primary.provider },
        );
    }
    const source = primary.dataStores.postgres;
    if (dr.postgresAutomatedBackupsRetentionDays !== undefined && source) {
        for (const f of secondaries) {
            new PostgresBackupsReplication(
                `${f.prefix}-postgres-backups-replication`,
                {
                    sourceInstanceArn: source.instanceArn,
                    kmsKeyArn: f.keys.arns.data,
                    retentionDays: dr.postgresAutomatedBackupsRetentionDays,
                    protect: config.protectStatefulResources,
                },
                { provider: f.provider },
            );
        }
    }
}
