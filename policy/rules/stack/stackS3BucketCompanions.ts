/**
 * stack-s3-bucket-companions: on AWS v7 a bucket's public access block and ownership controls are separate
 * resources, so a bucket can silently go without them, and the rules that check their values
 * (s3-public-access-block-all, s3-bucket-owner-enforced) never run. Each must exist and point at the bucket
 * (joined through `propertyDependencies.bucket`). The other companions (versioning, encryption, TLS-only
 * policy, access logging) are required, and their values checked, by s3-bucket-versioning-enabled,
 * s3-bucket-sse-kms, s3-bucket-policy-tls-only and s3-bucket-logging-target.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { companionsOf } from "../../lib/joins";
import { PlatformStackPolicy } from "../../lib/rule";
import { S3_BUCKET_TYPES } from "../../lib/tokens";
import { describeResource } from "./lib/describe";

export const REQUIRED_COMPANIONS = [
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
];

const validateStack: StackValidationPolicy["validateStack"] = (args, reportViolation) => {
    for (const bucket of args.resources.filter((r) => S3_BUCKET_TYPES.includes(r.type))) {
        for (const companion of REQUIRED_COMPANIONS) {
            if (companionsOf(bucket, args.resources, [companion], "bucket", "bucket").length === 0) {
                reportViolation(`${describeResource(bucket)} must have a ${companion} whose bucket is this bucket (found: none)`, bucket.urn);
            }
        }
    }
};

export const stackS3BucketCompanions: PlatformStackPolicy = {
    name: "stack-s3-bucket-companions",
    description: "Every S3 bucket must have a BucketPublicAccessBlock and a BucketOwnershipControls pointing at it (their values are checked by s3-public-access-block-all and s3-bucket-owner-enforced).",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "exposure",
    anchors: ["CKV2_AWS_6", "FSBP S3.8", "CKV2_AWS_65"],
    remediationSteps:
        "Declare an aws.s3.BucketPublicAccessBlock (all four settings true) and an aws.s3.BucketOwnershipControls (BucketOwnerEnforced) with `bucket: bucket.id` for each bucket, e.g. through the platform's bucket component.",
    validateStack,
};
