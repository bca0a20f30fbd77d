import * as aws from "@pulumi/aws";
import { strict as assert } from "assert";
import { s3BucketVersioningEnabled as policy } from "../../../rules/versioning/s3BucketVersioningEnabled";
import { assertNoStackViolation, assertStackViolation, stackArgs, stackViolationsOf, testUrn, UNKNOWN } from "../../helpers";

function bucketWithVersioning(status: unknown) {
    return [
        { type: aws.s3.Bucket, name: "data", props: {} },
        { type: aws.s3.BucketVersioning, name: "data-versioning", props: { bucket: UNKNOWN, versioningConfiguration: { status } }, propertyDependencies: { bucket: ["data"] } },
    ];
}

describe("s3-bucket-versioning-enabled", () => {
    it("passes a bucket with Enabled versioning joined by dependency", async () => {
        await assertNoStackViolation(policy, stackArgs(bucketWithVersioning("Enabled")));
    });

    it("passes the deprecated BucketVersioningV2 joined by bucket name", async () => {
        await assertNoStackViolation(
            policy,
            stackArgs([
                { type: aws.s3.Bucket, name: "data", props: { bucket: "platform-data" } },
                { type: aws.s3.BucketVersioningV2, name: "data-versioning", props: { bucket: "platform-data", versioningConfiguration: { status: "Enabled" } } },
            ]),
        );
    });

    it("fails a bucket without BucketVersioning, on the bucket", async () => {
        const args = stackArgs([{ type: aws.s3.Bucket, name: "data", props: {} }]);
        await assertStackViolation(policy, args, /bucket data has no BucketVersioning: versioning must be Enabled \(found: none\)/);
        assert.deepEqual((await stackViolationsOf(policy, args)).map((v) => v.urn), [testUrn("aws:s3/bucket:Bucket", "data")]);
    });

    it("fails a versioning resource that belongs to another bucket", async () => {
        await assertStackViolation(
            policy,
            stackArgs([
                { type: aws.s3.Bucket, name: "data", props: {} },
                { type: aws.s3.Bucket, name: "logs", props: {} },
                { type: aws.s3.BucketVersioning, name: "logs-versioning", props: { bucket: UNKNOWN, versioningConfiguration: { status: "Enabled" } }, propertyDependencies: { bucket: ["logs"] } },
            ]),
            /bucket data has no BucketVersioning/,
        );
    });

    it("fails status Suspended, on the versioning resource", async () => {
        const args = stackArgs(bucketWithVersioning("Suspended"));
        await assertStackViolation(policy, args, /versioningConfiguration\.status must be "Enabled" \(found: "Suspended"\)/);
        assert.deepEqual((await stackViolationsOf(policy, args)).map((v) => v.urn), [testUrn("aws:s3/bucketVersioning:BucketVersioning", "data-versioning")]);
    });

    it("fails status left unset", async () => {
        await assertStackViolation(policy, stackArgs(bucketWithVersioning(undefined)), /versioningConfiguration\.status must be "Enabled" \(found: undefined\)/);
    });
});
