import { PolicyResource } from "@pulumi/policy";
import { companionsOf } from "../../lib/joins";
import { PlatformStackPolicy } from "../../lib/rule";
import { isAccessLogTarget } from "../../lib/s3";
import { S3_BUCKET_TYPES, S3_SSE_CONFIGURATION_TYPES } from "../../lib/tokens";
import { found, isSet, listOf } from "../../lib/validate";

const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

/** What is wrong with one encryption configuration's rules, if anything. */
function sseConfigurationProblems(config: PolicyResource): string[] {
    const rules = listOf(config.props.rules);
    if (rules.length === 0) {
        return [`rules must contain a rule with applyServerSideEncryptionByDefault (found: ${found(config.props.rules)})`];
    }
    const problems: string[] = [];
    rules.forEach((rule: any, i: number) => {
        const byDefault = rule.applyServerSideEncryptionByDefault;
        const algorithm = byDefault?.sseAlgorithm;
        if (!KMS_ALGORITHMS.includes(algorithm)) {
            problems.push(`rules[${i}].applyServerSideEncryptionByDefault.sseAlgorithm must be "aws:kms" or "aws:kms:dsse" (found: ${found(algorithm)})`);
        } else if (!isSet(byDefault, "kmsMasterKeyId")) {
            problems.push(`rules[${i}].applyServerSideEncryptionByDefault.kmsMasterKeyId must name a customer-managed KMS key (found: ${found(byDefault.kmsMasterKeyId)})`);
        }
    });
    return problems;
}

/**
 * AWS v7 configures bucket encryption in a separate resource, so this is a stack rule: every bucket
 * needs a BucketServerSideEncryptionConfiguration using SSE-KMS with a key. Access-log buckets are the
 * exception: S3 and ELB log delivery only write to SSE-S3 buckets, so they may use AES256.
 */
export const s3BucketSseKms: PlatformStackPolicy = {
    name: "s3-bucket-sse-kms",
    description: "Every S3 bucket must have a BucketServerSideEncryptionConfiguration whose rules use SSE-KMS (aws:kms or aws:kms:dsse) with a customer-managed key (kmsMasterKeyId); buckets that receive access logs may use SSE-S3, the only encryption log delivery supports.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "encryption",
    anchors: ["CKV_AWS_145", "AVD-AWS-0132", "FSBP S3.17", "CKV_AWS_19"],
    remediationSteps: "Add an aws.s3.BucketServerSideEncryptionConfiguration with `bucket: bucket.id` and a rule `applyServerSideEncryptionByDefault: { sseAlgorithm: \"aws:kms\", kmsMasterKeyId: key.arn }`.",
    validateStack: (args, reportViolation) => {
        const configs = args.resources.filter((r) => S3_SSE_CONFIGURATION_TYPES.includes(r.type));
        const logBucketConfigs = new Set<PolicyResource>();
        for (const bucket of args.resources.filter((r) => S3_BUCKET_TYPES.includes(r.type))) {
            const own = companionsOf(bucket, configs, S3_SSE_CONFIGURATION_TYPES, "bucket", "bucket");
            if (own.length === 0) {
                reportViolation(`bucket ${bucket.name} has no BucketServerSideEncryptionConfiguration: default encryption must be SSE-KMS with a customer-managed key (found: none)`, bucket.urn);
            }
            if (isAccessLogTarget(bucket, args.resources)) {
                own.forEach((config) => logBucketConfigs.add(config));
            }
        }
        for (const config of configs.filter((c) => !logBucketConfigs.has(c))) {
            for (const problem of sseConfigurationProblems(config)) {
                reportViolation(problem, config.urn);
            }
        }
    },
};
