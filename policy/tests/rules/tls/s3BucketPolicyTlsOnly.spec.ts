import * as aws from "@pulumi/aws";
import { strict as assert } from "assert";
import { s3BucketPolicyTlsOnly as policy } from "../../../rules/tls/s3BucketPolicyTlsOnly";
import { assertNoStackViolation, assertStackViolation, stackArgs, stackViolationsOf, testUrn, UNKNOWN } from "../../helpers";

const denyInsecure = { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } };
const denyOldTls = { Sid: "DenyOldTls", Effect: "Deny", Principal: { AWS: "*" }, Action: ["s3:*"], Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], Condition: { NumericLessThan: { "s3:TlsVersion": 1.2 } } };

function bucketWithPolicy(policyDocument: unknown) {
    return [
        { type: aws.s3.Bucket, name: "data", props: {} },
        { type: aws.s3.BucketPolicy, name: "data-policy", props: { bucket: UNKNOWN, policy: policyDocument }, propertyDependencies: { bucket: ["data"] } },
    ];
}

describe("s3-bucket-policy-tls-only", () => {
    it("passes a JSON policy with both deny statements", async () => {
        await assertNoStackViolation(policy, stackArgs(bucketWithPolicy(JSON.stringify({ Version: "2012-10-17", Statement: [denyInsecure, denyOldTls] }))));
    });

    it("passes a policy given as an object with stricter TLS (1.3)", async () => {
        const strict = { ...denyOldTls, Condition: { NumericLessThan: { "s3:TlsVersion": "1.3" } } };
        await assertNoStackViolation(policy, stackArgs(bucketWithPolicy({ Version: "2012-10-17", Statement: [denyInsecure, strict] })));
    });

    it("fails a bucket with no bucket policy, on the bucket", async () => {
        const args = stackArgs([{ type: aws.s3.Bucket, name: "data", props: {} }]);
        await assertStackViolation(policy, args, /bucket data has no BucketPolicy denying non-TLS and pre-TLS-1\.2 requests \(found: none\)/);
        assert.deepEqual((await stackViolationsOf(policy, args)).map((v) => v.urn), [testUrn("aws:s3/bucket:Bucket", "data")]);
    });

    it("fails a policy without the SecureTransport deny", async () => {
        await assertStackViolation(
            policy,
            stackArgs(bucketWithPolicy(JSON.stringify({ Statement: [denyOldTls] }))),
            /policy must Deny s3:\* to Principal "\*" when Bool aws:SecureTransport is "false" \(found: no such statement\)/,
        );
    });

    it("fails a policy without the TLS version deny", async () => {
        await assertStackViolation(
            policy,
            stackArgs(bucketWithPolicy(JSON.stringify({ Statement: [denyInsecure] }))),
            /policy must Deny s3:\* to Principal "\*" when NumericLessThan s3:TlsVersion is 1\.2 \(found: no such statement\)/,
        );
    });

    it("fails a TLS version floor below 1.2", async () => {
        const weak = { ...denyOldTls, Condition: { NumericLessThan: { "s3:TlsVersion": "1.1" } } };
        await assertStackViolation(policy, stackArgs(bucketWithPolicy(JSON.stringify({ Statement: [denyInsecure, weak] }))), /when NumericLessThan s3:TlsVersion is 1\.2/);
    });

    it("fails a SecureTransport statement that only denies some actions", async () => {
        const partial = { ...denyInsecure, Action: "s3:GetObject" };
        await assertStackViolation(policy, stackArgs(bucketWithPolicy(JSON.stringify({ Statement: [partial, denyOldTls] }))), /when Bool aws:SecureTransport is "false"/);
    });

    it("fails a policy that is not JSON", async () => {
        await assertStackViolation(policy, stackArgs(bucketWithPolicy("{")), /policy must be a valid JSON bucket policy/);
    });

    it("does not mistake an unknown policy for an unparseable one", async () => {
        await assert.rejects(stackViolationsOf(policy, stackArgs(bucketWithPolicy(UNKNOWN))), /can't be known during preview/);
    });
});
