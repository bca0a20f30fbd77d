import * as aws from "@pulumi/aws";
import { s3BucketLifecycleNoncurrentExpiry as policy } from "../../../rules/versioning/s3BucketLifecycleNoncurrentExpiry";
import { assertNoStackViolation, assertStackViolation, stackArgs, UNKNOWN } from "../../helpers";

const expireNoncurrent = { id: "noncurrent", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 90 } };
const abortUploads = { id: "multipart", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } };

function bucketWithLifecycle(rules: unknown) {
    return stackArgs([
        { type: aws.s3.Bucket, name: "data", props: {} },
        { type: aws.s3.BucketLifecycleConfiguration, name: "data-lifecycle", props: { bucket: UNKNOWN, rules }, propertyDependencies: { bucket: ["data"] } },
    ]);
}

describe("s3-bucket-lifecycle-noncurrent-expiry", () => {
    it("passes rules expiring noncurrent versions and aborting uploads", async () => {
        await assertNoStackViolation(policy, bucketWithLifecycle([expireNoncurrent, abortUploads]));
    });

    it("passes both actions in one rule", async () => {
        await assertNoStackViolation(policy, bucketWithLifecycle([{ ...expireNoncurrent, ...abortUploads, id: "both" }]));
    });

    it("fails a bucket without lifecycle configuration", async () => {
        await assertStackViolation(policy, stackArgs([{ type: aws.s3.Bucket, name: "data", props: {} }]), /bucket data has no BucketLifecycleConfiguration .* \(found: none\)/);
    });

    it("fails without noncurrent-version expiration", async () => {
        await assertStackViolation(policy, bucketWithLifecycle([abortUploads]), /rules must include an Enabled rule with noncurrentVersionExpiration\.noncurrentDays \(found: none\)/);
    });

    it("fails without abort-incomplete-multipart-upload", async () => {
        await assertStackViolation(policy, bucketWithLifecycle([expireNoncurrent]), /rules must include an Enabled rule with abortIncompleteMultipartUpload\.daysAfterInitiation \(found: none\)/);
    });

    it("fails when the expiring rule is Disabled", async () => {
        await assertStackViolation(policy, bucketWithLifecycle([{ ...expireNoncurrent, status: "Disabled" }, abortUploads]), /noncurrentVersionExpiration\.noncurrentDays \(found: none\)/);
    });

    it("fails rules left unset", async () => {
        await assertStackViolation(policy, bucketWithLifecycle(undefined), /noncurrentVersionExpiration\.noncurrentDays \(found: none\)/);
    });
});
