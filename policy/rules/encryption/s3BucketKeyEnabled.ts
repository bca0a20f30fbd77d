import { PlatformResourcePolicy } from "../../lib/rule";
import { S3_SSE_CONFIGURATION_TYPES } from "../../lib/tokens";
import { listOf, mustBe, validateResourceOfTokens } from "../../lib/validate";

/** An S3 Bucket Key cuts the KMS requests (and their cost and throttling) of SSE-KMS buckets by up to 99%. */
export const s3BucketKeyEnabled: PlatformResourcePolicy = {
    name: "s3-bucket-key-enabled",
    description: "SSE-KMS encryption rules of S3 buckets must enable the S3 Bucket Key (bucketKeyEnabled = true; the default is false).",
    enforcementLevel: "mandatory",
    severity: "low",
    theme: "encryption",
    anchors: ["aws-s3-bucket-enable-server-side-encryption-bucket-key"],
    remediationSteps: "Set `bucketKeyEnabled: true` on each aws:kms rule of the aws.s3.BucketServerSideEncryptionConfiguration.",
    validateResource: validateResourceOfTokens(S3_SSE_CONFIGURATION_TYPES, (config, _args, reportViolation) => {
        listOf(config.rules).forEach((rule: any, i: number) => {
            if (rule.applyServerSideEncryptionByDefault?.sseAlgorithm !== "aws:kms") {
                return; // Bucket keys apply to SSE-KMS only (not DSSE-KMS or SSE-S3).
            }
            if (rule.bucketKeyEnabled !== true) {
                reportViolation(mustBe(`rules[${i}].bucketKeyEnabled`, "true", rule.bucketKeyEnabled));
            }
        });
    }),
};
