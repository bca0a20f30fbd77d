import * as aws from "@pulumi/aws";
import { s3BucketKeyEnabled as policy } from "../../../rules/encryption/s3BucketKeyEnabled";
import { KEY_ARN } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const SSE = aws.s3.BucketServerSideEncryptionConfiguration;

function config(rule: Record<string, any>) {
    return { bucket: "platform-data", rules: [rule] };
}

describe("s3-bucket-key-enabled", () => {
    it("passes an aws:kms rule with bucketKeyEnabled", async () => {
        await assertNoResourceViolation(policy, resourceArgs(SSE, config({ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true })));
    });

    it("does not apply to DSSE-KMS rules, which have no bucket key", async () => {
        await assertNoResourceViolation(policy, resourceArgs(SSE, config({ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms:dsse", kmsMasterKeyId: KEY_ARN } })));
    });

    it("fails bucketKeyEnabled false", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(SSE, config({ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: false })),
            /rules\[0\]\.bucketKeyEnabled must be true \(found: false\)/,
        );
    });

    it("fails bucketKeyEnabled left unset", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(SSE, config({ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN } })),
            /rules\[0\]\.bucketKeyEnabled must be true \(found: undefined\)/,
        );
    });
});

describe("s3-bucket-key-enabled on the deprecated V2 token", () => {
    it("fails bucketKeyEnabled left unset on BucketServerSideEncryptionConfigurationV2", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.s3.BucketServerSideEncryptionConfigurationV2, config({ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN } })),
            /rules\[0\]\.bucketKeyEnabled must be true \(found: undefined\)/,
        );
    });
});
