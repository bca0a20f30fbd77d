/**
 * Boundaries of the versioning rules: which bucket a replication copies (by dependency or by bucket name, next to
 * other buckets with other encryption), what counts as an SSE-KMS source, and half-written configurations that
 * must be reported rather than crash the pack.
 */
import * as aws from "@pulumi/aws";
import { s3BucketLifecycleNoncurrentExpiry as lifecycleExpiry } from "../../../rules/versioning/s3BucketLifecycleNoncurrentExpiry";
import { s3BucketReplicationEnabledRules as replicationRules } from "../../../rules/versioning/s3BucketReplicationEnabledRules";
import { s3BucketVersioningEnabled as versioningEnabled } from "../../../rules/versioning/s3BucketVersioningEnabled";
import { KEY_ARN } from "../../fixtures";
import { assertNoStackViolation, assertStackViolation, stackArgs } from "../../helpers";

const MISSING_KMS = /sseKmsEncryptedObjects\.status must be "Enabled" because the source bucket uses SSE-KMS/;
const plainRule = { id: "all", status: "Enabled", filter: {}, destination: { bucket: "arn:aws:s3:::replica" } };

/** Two buckets linked by name only (no recorded dependencies): `data` with `dataSse` rules, `logs` with SSE-KMS; the replication copies `source`. */
function byName(source: "data-bkt" | "logs-bkt", dataSse: unknown[], rules: unknown[] = [plainRule]) {
    return stackArgs([
        { type: aws.s3.Bucket, name: "data", props: { bucket: "data-bkt" } },
        { type: aws.s3.Bucket, name: "logs", props: { bucket: "logs-bkt" } },
        { type: aws.s3.BucketServerSideEncryptionConfiguration, name: "data-sse", props: { bucket: "data-bkt", rules: dataSse } },
        { type: aws.s3.BucketServerSideEncryptionConfiguration, name: "logs-sse", props: { bucket: "logs-bkt", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN } }] } },
        { type: aws.s3.BucketReplicationConfig, name: "replication", props: { bucket: source, role: "arn:aws:iam::123456789012:role/r", rules } },
    ]);
}
const aes = { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } };

describe("versioning rules: boundaries", () => {
    it("only the replicated bucket's encryption counts: an SSE-KMS bucket next to it does not make it a KMS source", async () => {
        await assertNoStackViolation(replicationRules, byName("data-bkt", [aes]));
        await assertStackViolation(replicationRules, byName("logs-bkt", [aes]), MISSING_KMS);
    });

    it("a source is SSE-KMS when any of its rules is, including DSSE-KMS", async () => {
        await assertStackViolation(replicationRules, byName("data-bkt", [{ bucketKeyEnabled: true }, { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }]), MISSING_KMS);
        await assertStackViolation(replicationRules, byName("data-bkt", [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms:dsse" } }]), MISSING_KMS);
    });

    it("a KMS source's rule with empty selection criteria or no destination is reported, not a crash", async () => {
        await assertStackViolation(replicationRules, byName("logs-bkt", [aes], [{ id: "all", status: "Enabled", sourceSelectionCriteria: {} }]), MISSING_KMS);
        await assertStackViolation(
            replicationRules,
            byName("logs-bkt", [aes], [{ id: "all", status: "Enabled", sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } } }]),
            /rules\[0\]\.destination\.encryptionConfiguration\.replicaKmsKeyId must name a KMS key .*\(found: undefined\)/,
        );
    });

    it("a BucketVersioning without versioningConfiguration is reported, not a crash", async () => {
        await assertStackViolation(
            versioningEnabled,
            stackArgs([
                { type: aws.s3.Bucket, name: "data", props: {} },
                { type: aws.s3.BucketVersioning, name: "data-versioning", props: { bucket: "x" }, propertyDependencies: { bucket: ["data"] } },
            ]),
            /versioningConfiguration\.status must be "Enabled" \(found: undefined\)/,
        );
    });

    it("a lifecycle configuration linked to its bucket by name, not by dependency, counts as that bucket's", async () => {
        const rules = [
            { id: "noncurrent", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 90 } },
            { id: "multipart", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
        ];
        const stack = (lifecycleBucket: string) =>
            stackArgs([
                { type: aws.s3.Bucket, name: "data", props: { bucket: "data-bkt" } },
                { type: aws.s3.BucketLifecycleConfiguration, name: "data-lifecycle", props: { bucket: lifecycleBucket, rules } },
            ]);
        await assertNoStackViolation(lifecycleExpiry, stack("data-bkt"));
        await assertStackViolation(lifecycleExpiry, stack("other-bkt"), /bucket data has no BucketLifecycleConfiguration/);
    });
});
