/**
 * S3 buckets of a region: documents (PII), static assets and the access-log bucket both log to.
 * Every bucket is private (all four public-access blocks, ACLs disabled), versioned, encrypted by default,
 * TLS 1.2+ only, and has a lifecycle that expires old versions and aborts stale multipart uploads.
 * Companion resources take `bucket: bucket.id`, so the policy pack can join them to their bucket.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BucketLifecycleConfig, BucketPurpose, BucketsConfig } from "../../config/sections/datastores/buckets";
import { NLB_ACCESS_LOG_PREFIX } from "../gateway/loadBalancer";
import { policyDocument, PolicyStatement } from "../../lib/iam";
import { regionCode } from "../../lib/naming";
import { DataClassification, resourceTags } from "../../lib/tags";

export const S3_BUCKET_NAME_MAX_LENGTH = 63;

/** How each bucket is named, tagged and classified. */
export const BUCKET_PROFILES: Record<BucketPurpose, { slug: string; dataClassification: DataClassification }> = {
    documents: { slug: "documents", dataClassification: "pii" },
    assets: { slug: "assets", dataClassification: "public" },
    accessLogs: { slug: "access-logs", dataClassification: "confidential" },
};

/**
 * `platform-<env>-<regioncode>-<purpose>-<accountId>`: unique per account and region, and never
 * truncated (a cut name could collide with another account's); throws when it would not fit.
 */
export function bucketName(args: { environment: string; region: string; purpose: string; accountId: string }): string {
    const name = ["platform", args.environment, regionCode(args.region), args.purpose, args.accountId].join("-");
    if (name.length > S3_BUCKET_NAME_MAX_LENGTH) {
        throw new Error(`bucket name ${name} is ${name.length} characters; S3 allows ${S3_BUCKET_NAME_MAX_LENGTH}`);
    }
    if (!/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(name) || name.includes("--")) {
        throw new Error(`bucket name ${name} must be lower-case letters, digits and single hyphens`);
    }
    return name;
}

export function bucketArn(name: string, partition = "aws"): string {
    return `arn:${partition}:s3:::${name}`;
}

/** Deny every request without TLS, and every request over TLS older than 1.2. */
export function tlsOnlyStatements(arn: string): PolicyStatement[] {
    const everything = { Effect: "Deny" as const, Principal: "*" as const, Action: "s3:*", Resource: [arn, `${arn}/*`] };
    return [
        { Sid: "DenyInsecureTransport", ...everything, Condition: { Bool: { "aws:SecureTransport": "false" } } },
        { Sid: "DenyTlsBelow12", ...everything, Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } },
    ];
}

/** Lets S3 server access logging write the logs of the named source buckets of this account, and nothing else. */
export function accessLogDeliveryStatement(args: { logBucketArn: string; sourceBucketArns: string[]; accountId: string }): PolicyStatement {
    return {
        Sid: "AllowS3ServerAccessLogDelivery",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${args.logBucketArn}/*`,
        Condition: {
            StringEquals: { "aws:SourceAccount": args.accountId },
            ArnLike: { "aws:SourceArn": args.sourceBucketArns },
        },
    };
}

/**
 * Lets the gateway's NLB deliver its access logs (Elastic Load Balancing through CloudWatch Logs' delivery
 * service, "Access logs for your Network Load Balancer") under `<prefix>/AWSLogs/<account>/`, only for this
 * account's load balancers in this region.
 */
export function nlbAccessLogDeliveryStatements(args: { logBucketArn: string; prefix: string; accountId: string; region: string; partition?: string }): PolicyStatement[] {
    const condition = {
        StringEquals: { "aws:SourceAccount": args.accountId },
        ArnLike: { "aws:SourceArn": `arn:${args.partition ?? "aws"}:logs:${args.region}:${args.accountId}:*` },
    };
    return [
        {
            Sid: "AllowNlbAccessLogDelivery",
            Effect: "Allow",
            Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${args.logBucketArn}/${args.prefix}/AWSLogs/${args.accountId}/*`,
            Condition: { ...condition, StringEquals: { ...condition.StringEquals, "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
        { Sid: "AllowNlbAccessLogAclCheck", Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: args.logBucketArn, Condition: condition },
    ];
}

/** The bucket policy: TLS-only for everyone, plus any grants the bucket needs (log delivery). */
export function bucketPolicy(arn: string, extraStatements: PolicyStatement[] = []): string {
    return JSON.stringify(policyDocument([...tlsOnlyStatements(arn), ...extraStatements]));
}

/**
 * Lifecycle rules (AWS v7 `BucketLifecycleConfiguration` shape): transitions and expiry of current
 * objects, transition and expiry of noncurrent versions, clean-up of expired delete markers, and
 * abort of incomplete multipart uploads. Empty `filter` means the whole bucket.
 */
export function lifecycleRules(lifecycle: BucketLifecycleConfig): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
    const transitions: { days: number; storageClass: string }[] = [];
    if (lifecycle.transitionToStandardIaDays !== undefined) {
        transitions.push({ days: lifecycle.transitionToStandardIaDays, storageClass: "STANDARD_IA" });
    }
    if (lifecycle.transitionToGlacierIrDays !== undefined) {
        transitions.push({ days: lifecycle.transitionToGlacierIrDays, storageClass: "GLACIER_IR" });
    }
    const noncurrentTransitions =
        lifecycle.noncurrentVersionTransitionToStandardIaDays === undefined
            ? []
            : [{ noncurrentDays: lifecycle.noncurrentVersionTransitionToStandardIaDays, storageClass: "STANDARD_IA" }];
    return [
        {
            id: "current-versions",
            status: "Enabled",
            filter: {},
            transitions,
            // With an age-based expiry S3 also removes delete markers left without versions; without one, say so.
            expiration: lifecycle.expirationDays !== undefined ? { days: lifecycle.expirationDays } : { expiredObjectDeleteMarker: true },
        },
        {
            id: "noncurrent-versions",
            status: "Enabled",
            filter: {},
            noncurrentVersionTransitions: noncurrentTransitions,
            noncurrentVersionExpiration: {
                noncurrentDays: lifecycle.noncurrentVersionExpirationDays,
                newerNoncurrentVersions: lifecycle.newerNoncurrentVersionsToKeep,
            },
        },
        {
            id: "abort-incomplete-multipart-uploads",
            status: "Enabled",
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: lifecycle.abortIncompleteMultipartUploadDays },
        },
    ];
}

export type BucketEncryption = { kind: "kms"; keyArn: pulumi.Input<string> } | { kind: "s3-managed" };

export interface SecureBucketArgs {
    bucketName: string;
    lifecycle: BucketLifecycleConfig;
    encryption: BucketEncryption;
    /** Grants beyond the TLS-only denies, given the bucket's ARN. */
    extraPolicyStatements?: PolicyStatement[];
    /** Where this bucket's server access logs go. */
    accessLogs?: { targetBucket: pulumi.Input<string>; targetPrefix: string; dependsOn: pulumi.Resource[] };
    tags: Record<string, string>;
    /** protectStatefulResources: protect + retainOnDelete on the bucket; otherwise it may be emptied on destroy. */
    protect: boolean;
}

/** One private, versioned, encrypted, TLS-only bucket with its companion resources. */
export class SecureBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    readonly bucketName: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
    /** Versioning: replication (components/dr) may only be configured once both sides are versioned. */
    readonly versioning: aws.s3.BucketVersioning;
    /** The bucket policy: resources that rely on its grants (log delivery) depend on it. */
    readonly policy: aws.s3.BucketPolicy;

    constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:datastores:SecureBucket", name, {}, opts);
        const parent = { parent: this };
        this.bucket = new aws.s3.Bucket(
            `${name}-bucket`,
            { bucket: args.bucketName, forceDestroy: !args.protect, tags: args.tags },
            { ...parent, protect: args.protect, retainOnDelete: args.protect },
        );
        const bucket = this.bucket.id;

        const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket, versioningConfiguration: { status: "Enabled" } }, parent);
        this.versioning = versioning;
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket,
                rules: [
                    args.encryption.kind === "kms"
                        ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.encryption.keyArn }, bucketKeyEnabled: true }
                        : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
                ],
            },
            parent,
        );
        const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access-block`,
            { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            parent,
        );
        new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
        // Noncurrent-version rules act on a versioned bucket: configure lifecycle after versioning.
        new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, { bucket, rules: lifecycleRules(args.lifecycle) }, { ...parent, dependsOn: [versioning] });
        // S3 rejects concurrent policy and public-access-block updates on one bucket.
        this.policy = new aws.s3.BucketPolicy(
            `${name}-policy`,
            { bucket, policy: bucketPolicy(bucketArn(args.bucketName), args.extraPolicyStatements) },
            { ...parent, dependsOn: [publicAccessBlock] },
        );
        if (args.accessLogs) {
            new aws.s3.BucketLogging(
                `${name}-logging`,
                {
                    bucket,
                    targetBucket: args.accessLogs.targetBucket,
                    targetPrefix: args.accessLogs.targetPrefix,
                    targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "DeliveryTime" } },
                },
                { ...parent, dependsOn: args.accessLogs.dependsOn },
            );
        }
        this.bucketName = this.bucket.bucket;
        this.arn = this.bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
    }
}

export interface BucketsArgs {
    environment: string;
    accountId: string;
    region: string;
    settings: BucketsConfig;
    /** The region's S3 CMK (SSE-KMS with bucket keys). */
    s3KeyArn: pulumi.Input<string>;
    protect: boolean;
    /** Extra tags on the documents bucket: the AWS Backup plan selects by them (components/dr/backup.ts). */
    documentsBackupTags?: Record<string, string>;
    /** Names of other buckets of the region (created elsewhere, e.g. Tempo's traces bucket) whose access logs this region's log bucket admits. */
    additionalLoggedBucketNames?: string[];
}

/** The region's three buckets; documents and assets log to the access-log bucket. */
export class Buckets extends pulumi.ComponentResource {
    readonly documents: SecureBucket;
    readonly assets: SecureBucket;
    readonly accessLogs: SecureBucket;

    constructor(name: string, args: BucketsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:datastores:Buckets", name, {}, opts);
        const parent = { parent: this };
        const nameOf = (purpose: BucketPurpose) =>
            bucketName({ environment: args.environment, region: args.region, purpose: BUCKET_PROFILES[purpose].slug, accountId: args.accountId });
        const tagsOf = (purpose: BucketPurpose) => resourceTags(BUCKET_PROFILES[purpose].slug, BUCKET_PROFILES[purpose].dataClassification);
        const loggedPurposes: BucketPurpose[] = ["documents", "assets"];

        // S3 server access logging cannot deliver to a bucket whose default encryption is SSE-KMS: the AWS
        // S3 User Guide ("Enabling Amazon S3 server access logging") allows default encryption on the target
        // bucket only with SSE-S3 (AES256). The log bucket therefore uses SSE-S3; it holds request metadata,
        // never object contents, and is as private, versioned and TLS-only as the others.
        this.accessLogs = new SecureBucket(
            `${name}-access-logs`,
            {
                bucketName: nameOf("accessLogs"),
                lifecycle: args.settings.accessLogs,
                encryption: { kind: "s3-managed" },
                extraPolicyStatements: [
                    accessLogDeliveryStatement({
                        logBucketArn: bucketArn(nameOf("accessLogs")),
                        sourceBucketArns: [...loggedPurposes.map((purpose) => bucketArn(nameOf(purpose))), ...(args.additionalLoggedBucketNames ?? []).map((n) => bucketArn(n))],
                        accountId: args.accountId,
                    }),
                    ...nlbAccessLogDeliveryStatements({ logBucketArn: bucketArn(nameOf("accessLogs")), prefix: NLB_ACCESS_LOG_PREFIX, accountId: args.accountId, region: args.region }),
                ],
                tags: tagsOf("accessLogs"),
                protect: args.protect,
            },
            parent,
        );
        const logged = (purpose: BucketPurpose) =>
            new SecureBucket(
                `${name}-${BUCKET_PROFILES[purpose].slug}`,
                {
                    bucketName: nameOf(purpose),
                    lifecycle: args.settings[purpose],
                    encryption: { kind: "kms", keyArn: args.s3KeyArn },
                    accessLogs: { targetBucket: this.accessLogs.bucket.id, targetPrefix: `${BUCKET_PROFILES[purpose].slug}/`, dependsOn: [this.accessLogs.policy] },
                    tags: { ...tagsOf(purpose), ...(purpose === "documents" ? args.documentsBackupTags : {}) },
                    protect: args.protect,
                },
                parent,
            );
        this.documents = logged("documents");
        this.assets = logged("assets");
        this.registerOutputs({
            documents: this.documents.bucketName,
            assets: this.assets.bucketName,
            accessLogs: this.accessLogs.bucketName,
        });
    }
}
