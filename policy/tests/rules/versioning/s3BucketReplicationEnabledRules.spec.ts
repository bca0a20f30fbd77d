import * as aws from "@pulumi/aws";
import { s3BucketReplicationEnabledRules as policy } from "../../../rules/versioning/s3BucketReplicationEnabledRules";
import { KEY_ARN } from "../../fixtures";
import { assertNoStackViolation, assertStackViolation, stackArgs, UNKNOWN } from "../../helpers";

const kmsRule = (overrides: Record<string, any> = {}) => ({
    id: "all",
    status: "Enabled",
    filter: {},
    deleteMarkerReplication: { status: "Enabled" },
    sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
    destination: { bucket: "arn:aws:s3:::platform-data-replica", encryptionConfiguration: { replicaKmsKeyId: KEY_ARN } },
    ...overrides,
});

/** `sseAlgorithm` null: the source bucket has no encryption configuration in the stack. */
function stack(rules: unknown, sseAlgorithm: string | null = "aws:kms") {
    return stackArgs([
        { type: aws.s3.Bucket, name: "data", props: {} },
        ...(sseAlgorithm === null
            ? []
            : [
                  {
                      type: aws.s3.BucketServerSideEncryptionConfiguration,
                      name: "data-sse",
                      props: { bucket: UNKNOWN, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm, kmsMasterKeyId: KEY_ARN } }] },
                      propertyDependencies: { bucket: ["data"] },
                  },
              ]),
        { type: aws.s3.BucketReplicationConfig, name: "data-replication", props: { bucket: UNKNOWN, role: UNKNOWN, rules }, propertyDependencies: { bucket: ["data"] } },
    ]);
}

describe("s3-bucket-replication-enabled-rules", () => {
    it("passes Enabled rules replicating SSE-KMS objects under a replica key", async () => {
        await assertNoStackViolation(policy, stack([kmsRule()]));
    });

    it("does not require KMS settings when the source is not SSE-KMS", async () => {
        await assertNoStackViolation(policy, stack([kmsRule({ sourceSelectionCriteria: undefined, destination: { bucket: "arn:aws:s3:::replica" } })], "AES256"));
    });

    it("does not require KMS settings when the source has no encryption configuration in the stack", async () => {
        await assertNoStackViolation(policy, stack([kmsRule({ sourceSelectionCriteria: undefined, destination: { bucket: "arn:aws:s3:::replica" } })], null));
    });

    it("fails a Disabled rule", async () => {
        await assertStackViolation(policy, stack([kmsRule(), kmsRule({ id: "old", status: "Disabled" })]), /rules\[1\]\.status must be "Enabled" \(found: "Disabled"\)/);
    });

    it("fails a rule whose status is left unset", async () => {
        await assertStackViolation(policy, stack([kmsRule({ status: undefined })]), /rules\[0\]\.status must be "Enabled" \(found: undefined\)/);
    });

    it("fails no rules", async () => {
        await assertStackViolation(policy, stack([]), /rules must contain at least one Enabled rule \(found: \[\]\)/);
    });

    it("fails an SSE-KMS source without sseKmsEncryptedObjects", async () => {
        await assertStackViolation(
            policy,
            stack([kmsRule({ sourceSelectionCriteria: undefined })]),
            /rules\[0\]\.sourceSelectionCriteria\.sseKmsEncryptedObjects\.status must be "Enabled" because the source bucket uses SSE-KMS \(found: undefined\)/,
        );
    });

    it("fails an SSE-KMS source whose replicas have no KMS key", async () => {
        await assertStackViolation(
            policy,
            stack([kmsRule({ destination: { bucket: "arn:aws:s3:::platform-data-replica" } })]),
            /rules\[0\]\.destination\.encryptionConfiguration\.replicaKmsKeyId must name a KMS key because the source bucket uses SSE-KMS \(found: undefined\)/,
        );
    });
});
