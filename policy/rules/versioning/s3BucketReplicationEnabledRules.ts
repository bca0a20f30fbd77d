import { PolicyResource } from "@pulumi/policy";
import { refersTo } from "../../lib/joins";
import { PlatformStackPolicy } from "../../lib/rule";
import { S3_BUCKET_TYPES, S3_SSE_CONFIGURATION_TYPES } from "../../lib/tokens";
import { found, isSet, listOf, mustBe } from "../../lib/validate";

const REPLICATION_CONFIG = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";

/** True when an encryption configuration of the replication's source bucket uses SSE-KMS. */
function sourceUsesKms(replication: PolicyResource, resources: PolicyResource[]): boolean {
    const sources = resources.filter((r) => S3_BUCKET_TYPES.includes(r.type) && refersTo(replication, "bucket", r, "bucket"));
    return resources
        .filter((r) => S3_SSE_CONFIGURATION_TYPES.includes(r.type) && sources.some((source) => refersTo(r, "bucket", source, "bucket")))
        .some((sse) => listOf(sse.props.rules).some((rule: any) => String(rule.applyServerSideEncryptionByDefault?.sseAlgorithm ?? "").startsWith("aws:kms")));
}

/**
 * A disabled rule replicates nothing, and S3 skips SSE-KMS objects unless the rule opts in to them and
 * names a key for the replicas, so a KMS-encrypted source needs both on every rule.
 */
export const s3BucketReplicationEnabledRules: PlatformStackPolicy = {
    name: "s3-bucket-replication-enabled-rules",
    description: "S3 replication configurations must have only Enabled rules; when the source bucket is SSE-KMS encrypted, every rule must replicate SSE-KMS objects and encrypt replicas with a KMS key (destination.encryptionConfiguration.replicaKmsKeyId).",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "versioning",
    anchors: ["CKV_AWS_144", "aws-s3-bucket-enable-replication-configuration"],
    remediationSteps: "Set `status: \"Enabled\"` on every rule of the aws.s3.BucketReplicationConfig; for an SSE-KMS source add `sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: \"Enabled\" } }` and `destination.encryptionConfiguration.replicaKmsKeyId` (a key in the destination region).",
    validateStack: (args, reportViolation) => {
        for (const replication of args.resources.filter((r) => r.type === REPLICATION_CONFIG)) {
            const rules = listOf(replication.props.rules);
            if (rules.length === 0) {
                reportViolation(`rules must contain at least one Enabled rule (found: ${found(replication.props.rules)})`, replication.urn);
                continue;
            }
            const kmsSource = sourceUsesKms(replication, args.resources);
            rules.forEach((rule: any, i: number) => {
                if (rule.status !== "Enabled") {
                    reportViolation(mustBe(`rules[${i}].status`, "\"Enabled\"", rule.status), replication.urn);
                }
                if (!kmsSource) {
                    return;
                }
                const sseKmsObjects = rule.sourceSelectionCriteria?.sseKmsEncryptedObjects?.status;
                if (sseKmsObjects !== "Enabled") {
                    reportViolation(`rules[${i}].sourceSelectionCriteria.sseKmsEncryptedObjects.status must be "Enabled" because the source bucket uses SSE-KMS (found: ${found(sseKmsObjects)})`, replication.urn);
                }
                if (!isSet(rule.destination?.encryptionConfiguration, "replicaKmsKeyId")) {
                    reportViolation(
                        `rules[${i}].destination.encryptionConfiguration.replicaKmsKeyId must name a KMS key because the source bucket uses SSE-KMS (found: ${found(rule.destination?.encryptionConfiguration?.replicaKmsKeyId)})`,
                        replication.urn,
                    );
                }
            });
        }
    },
};
