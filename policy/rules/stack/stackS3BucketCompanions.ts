/**
 * stack-s3-bucket-companions: on AWS v7 a bucket's versioning, encryption, public access block,
 * policy and access logging are separate resources, so a bucket can silently go without any of them.
 * Each must exist and point at the bucket (joined through `propertyDependencies.bucket`). A bucket that
 * receives other buckets' access logs may skip its own logging (it would log into itself).
 */
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { companionsOf, refersTo } from "../../lib/joins";
import { PlatformStackPolicy } from "../../lib/rule";
import { S3_BUCKET_TYPES } from "../../lib/tokens";
import { found } from "../../lib/validate";
import { describeResource } from "./lib/describe";

const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";

interface Companion {
    type: string;
    /** Log target buckets may omit this companion. */
    optionalForLogTargets?: boolean;
}

const COMPANIONS: Companion[] = [
    { type: VERSIONING },
    { type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration" },
    { type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock" },
    { type: "aws:s3/bucketPolicy:BucketPolicy" },
    { type: LOGGING, optionalForLogTargets: true },
];

/** A bucket some BucketLogging names as its targetBucket. */
function isLogTarget(bucket: PolicyResource, resources: PolicyResource[]): boolean {
    return resources.some((r) => r.type === LOGGING && refersTo(r, "targetBucket", bucket, "bucket"));
}

const validateStack: StackValidationPolicy["validateStack"] = (args, reportViolation) => {
    const buckets = args.resources.filter((r) => S3_BUCKET_TYPES.includes(r.type));
    for (const bucket of buckets) {
        const logTarget = isLogTarget(bucket, args.resources);
        for (const companion of COMPANIONS) {
            if (companion.optionalForLogTargets && logTarget) {
                continue;
            }
            const present = companionsOf(bucket, args.resources, [companion.type], "bucket", "bucket");
            if (present.length === 0) {
                reportViolation(`${describeResource(bucket)} must have a ${companion.type} whose bucket is this bucket (found: none)`, bucket.urn);
            }
            if (companion.type === VERSIONING) {
                for (const versioning of present) {
                    const status = versioning.props.versioningConfiguration?.status;
                    if (status !== "Enabled") {
                        reportViolation(
                            `${describeResource(bucket)} must have versioning Enabled: ${describeResource(versioning)} versioningConfiguration.status must be "Enabled" (found: ${found(status)})`,
                            bucket.urn,
                        );
                    }
                }
            }
        }
    }
};

export const stackS3BucketCompanions: PlatformStackPolicy = {
    name: "stack-s3-bucket-companions",
    description:
        "Every S3 bucket must have a BucketVersioning (Enabled), a BucketServerSideEncryptionConfiguration, a BucketPublicAccessBlock, a BucketPolicy and a BucketLogging; log target buckets may omit the BucketLogging.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "versioning",
    anchors: ["CKV2_AWS_6", "CKV_AWS_18", "CKV_AWS_21", "CKV_AWS_145", "FSBP S3.8", "FSBP S3.9"],
    remediationSteps:
        "Declare the five companion resources for each bucket with `bucket: bucket.id` (so the dependency is recorded), e.g. through the platform's bucket component; set versioningConfiguration.status to Enabled.",
    validateStack,
};
