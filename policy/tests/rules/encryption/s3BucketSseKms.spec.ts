import * as aws from "@pulumi/aws";
import { strict as assert } from "assert";
import { s3BucketSseKms as policy } from "../../../rules/encryption/s3BucketSseKms";
import { KEY_ARN } from "../../fixtures";
import { assertNoStackViolation, assertStackViolation, stackArgs, stackViolationsOf, testUrn, UNKNOWN } from "../../helpers";

const SSE = aws.s3.BucketServerSideEncryptionConfiguration;

function kmsRule(overrides: Record<string, any> = {}) {
    return { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN, ...overrides }, bucketKeyEnabled: true };
}

/** A bucket and its encryption configuration joined through the `bucket` property's dependency. */
function bucketWithSse(rules: any[]) {
    return [
        { type: aws.s3.Bucket, name: "data", props: {} },
        { type: SSE, name: "data-sse", props: { bucket: UNKNOWN, rules }, propertyDependencies: { bucket: ["data"] } },
    ];
}

describe("s3-bucket-sse-kms", () => {
    it("passes a bucket joined by dependency to an SSE-KMS configuration", async () => {
        await assertNoStackViolation(policy, stackArgs(bucketWithSse([kmsRule()])));
    });

    it("passes DSSE-KMS", async () => {
        await assertNoStackViolation(policy, stackArgs(bucketWithSse([kmsRule({ sseAlgorithm: "aws:kms:dsse" })])));
    });

    it("joins by bucket name when no dependency is recorded", async () => {
        await assertNoStackViolation(
            policy,
            stackArgs([
                { type: aws.s3.Bucket, name: "logs", props: { bucket: "platform-logs" } },
                { type: SSE, name: "logs-sse", props: { bucket: "platform-logs", rules: [kmsRule()] } },
            ]),
        );
    });

    it("fails a bucket with no encryption configuration, on the bucket's URN", async () => {
        const args = stackArgs([
            { type: aws.s3.Bucket, name: "data", props: {} },
            { type: aws.s3.Bucket, name: "other", props: {} },
            { type: SSE, name: "other-sse", props: { bucket: UNKNOWN, rules: [kmsRule()] }, propertyDependencies: { bucket: ["other"] } },
        ]);
        await assertStackViolation(policy, args, /bucket data has no BucketServerSideEncryptionConfiguration/);
        const violations = await stackViolationsOf(policy, args);
        assert.deepEqual(violations.map((v) => v.urn), [testUrn("aws:s3/bucket:Bucket", "data")]);
    });

    it("does not join a configuration whose literal bucket name differs", async () => {
        await assertStackViolation(
            policy,
            stackArgs([
                { type: aws.s3.Bucket, name: "logs", props: { bucket: "platform-logs" } },
                { type: SSE, name: "logs-sse", props: { bucket: "platform-other", rules: [kmsRule()] } },
            ]),
            /bucket logs has no BucketServerSideEncryptionConfiguration/,
        );
    });

    it("fails SSE-S3 (AES256)", async () => {
        await assertStackViolation(
            policy,
            stackArgs(bucketWithSse([kmsRule({ sseAlgorithm: "AES256", kmsMasterKeyId: undefined })])),
            /rules\[0\]\.applyServerSideEncryptionByDefault\.sseAlgorithm must be "aws:kms" or "aws:kms:dsse" \(found: "AES256"\)/,
        );
    });

    it("fails aws:kms without kmsMasterKeyId (the AWS-managed aws/s3 key)", async () => {
        await assertStackViolation(
            policy,
            stackArgs(bucketWithSse([kmsRule({ kmsMasterKeyId: undefined })])),
            /rules\[0\]\.applyServerSideEncryptionByDefault\.kmsMasterKeyId must name a customer-managed KMS key \(found: undefined\)/,
        );
    });

    it("fails a rule without applyServerSideEncryptionByDefault", async () => {
        await assertStackViolation(
            policy,
            stackArgs(bucketWithSse([{ bucketKeyEnabled: true }])),
            /rules\[0\]\.applyServerSideEncryptionByDefault\.sseAlgorithm must be .* \(found: undefined\)/,
        );
    });

    it("fails empty rules", async () => {
        await assertStackViolation(policy, stackArgs(bucketWithSse([])), /rules must contain a rule with applyServerSideEncryptionByDefault \(found: \[\]\)/);
    });

    it("allows SSE-S3 on a bucket that receives S3 server access logs", async () => {
        await assertNoStackViolation(
            policy,
            stackArgs([
                ...bucketWithSse([kmsRule()]),
                { type: aws.s3.Bucket, name: "access-logs", props: {} },
                { type: SSE, name: "access-logs-sse", props: { bucket: UNKNOWN, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }, propertyDependencies: { bucket: ["access-logs"] } },
                { type: aws.s3.BucketLogging, name: "data-logging", props: { bucket: UNKNOWN, targetBucket: UNKNOWN, targetPrefix: "s3/" }, propertyDependencies: { bucket: ["data"], targetBucket: ["access-logs"] } },
            ]),
        );
    });

    it("allows SSE-S3 on a bucket that receives load balancer access logs, joined by name", async () => {
        await assertNoStackViolation(
            policy,
            stackArgs([
                { type: aws.s3.Bucket, name: "lb-logs", props: { bucket: "platform-lb-logs" } },
                { type: SSE, name: "lb-logs-sse", props: { bucket: "platform-lb-logs", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] } },
                { type: aws.lb.LoadBalancer, name: "edge", props: { loadBalancerType: "application", accessLogs: { enabled: true, bucket: "platform-lb-logs" } } },
            ]),
        );
    });

    it("still requires an encryption configuration on an access-log bucket", async () => {
        await assertStackViolation(
            policy,
            stackArgs([
                ...bucketWithSse([kmsRule()]),
                { type: aws.s3.Bucket, name: "access-logs", props: {} },
                { type: aws.s3.BucketLogging, name: "data-logging", props: { bucket: UNKNOWN, targetBucket: UNKNOWN, targetPrefix: "s3/" }, propertyDependencies: { bucket: ["data"], targetBucket: ["access-logs"] } },
            ]),
            /bucket access-logs has no BucketServerSideEncryptionConfiguration/,
        );
    });

    it("reports nothing for a stack without buckets", async () => {
        await assertNoStackViolation(policy, stackArgs([{ type: aws.kms.Key, name: "key", props: {} }]));
    });
});
