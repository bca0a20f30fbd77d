import { strict as assert } from "assert";
import { stackS3BucketCompanions } from "../../../rules/stack/stackS3BucketCompanions";
import { assertNoStackViolation, assertStackViolation, StackFixtureResource, stackArgs, stackViolationsOf } from "../../helpers";

const BUCKET = "aws:s3/bucket:Bucket";
const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";

/** A bucket and its companions, each joined to it by a recorded dependency on `bucket`. */
function bucketWithCompanions(name: string, options: { omit?: string[]; logTo?: string; versioningStatus?: string } = {}): StackFixtureResource[] {
    const on = { propertyDependencies: { bucket: [name] } };
    const companions: StackFixtureResource[] = [
        { type: VERSIONING, name: `${name}-versioning`, props: { bucket: "unknown", versioningConfiguration: { status: options.versioningStatus ?? "Enabled" } }, ...on },
        { type: SSE, name: `${name}-sse`, props: { bucket: "unknown", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] }, ...on },
        { type: PAB, name: `${name}-pab`, props: { bucket: "unknown", blockPublicAcls: true }, ...on },
        { type: POLICY, name: `${name}-policy`, props: { bucket: "unknown", policy: "{}" }, ...on },
    ];
    if (options.logTo) {
        companions.push({
            type: LOGGING,
            name: `${name}-logging`,
            props: { bucket: "unknown", targetBucket: "unknown", targetPrefix: `${name}/` },
            propertyDependencies: { bucket: [name], targetBucket: [options.logTo] },
        });
    }
    return [{ type: BUCKET, name, props: {} }, ...companions.filter((c) => !(options.omit ?? []).includes(c.type as string))];
}

describe("stack-s3-bucket-companions", () => {
    it("passes a data bucket with all companions logging to a log bucket that has no logging itself", async () => {
        const args = stackArgs([...bucketWithCompanions("logs"), ...bucketWithCompanions("data", { logTo: "logs" })]);
        await assertNoStackViolation(stackS3BucketCompanions, args);
    });

    it("passes companions joined by a literal bucket name when no dependency is recorded", async () => {
        const args = stackArgs([
            { type: BUCKET, name: "data", props: { bucket: "acme-data" } },
            { type: VERSIONING, name: "v", props: { bucket: "acme-data", versioningConfiguration: { status: "Enabled" } } },
            { type: SSE, name: "e", props: { bucket: "acme-data" } },
            { type: PAB, name: "p", props: { bucket: "acme-data" } },
            { type: POLICY, name: "bp", props: { bucket: "acme-data" } },
            { type: LOGGING, name: "l", props: { bucket: "acme-data", targetBucket: "acme-logs" } },
        ]);
        await assertNoStackViolation(stackS3BucketCompanions, args);
    });

    for (const missing of [VERSIONING, SSE, PAB, POLICY]) {
        it(`fails a bucket without a ${missing.split(":").pop()}`, async () => {
            const args = stackArgs([...bucketWithCompanions("logs"), ...bucketWithCompanions("data", { logTo: "logs", omit: [missing] })]);
            await assertStackViolation(stackS3BucketCompanions, args, new RegExp(`^aws:s3/bucket:Bucket "data" must have a ${missing.replace(/[/.]/g, "\\$&")} whose bucket is this bucket \\(found: none\\)$`));
        });
    }

    it("fails a bucket that is not a log target and has no BucketLogging", async () => {
        const args = stackArgs(bucketWithCompanions("data"));
        const violations = await stackViolationsOf(stackS3BucketCompanions, args);
        assert.deepEqual(violations, [
            { message: 'aws:s3/bucket:Bucket "data" must have a aws:s3/bucketLogging:BucketLogging whose bucket is this bucket (found: none)', urn: "urn:pulumi:test::platform::aws:s3/bucket:Bucket::data" },
        ]);
    });

    it("fails suspended versioning", async () => {
        const args = stackArgs([...bucketWithCompanions("logs"), ...bucketWithCompanions("data", { logTo: "logs", versioningStatus: "Suspended" })]);
        await assertStackViolation(
            stackS3BucketCompanions,
            args,
            /"data" must have versioning Enabled: aws:s3\/bucketVersioning:BucketVersioning "data-versioning" versioningConfiguration\.status must be "Enabled" \(found: "Suspended"\)/,
        );
    });

    it("does not count a companion that depends on another bucket", async () => {
        const resources = [...bucketWithCompanions("logs"), ...bucketWithCompanions("data", { logTo: "logs", omit: [PAB] })];
        resources.push({ type: PAB, name: "stray-pab", props: { bucket: "unknown" }, propertyDependencies: { bucket: ["logs"] } });
        await assertStackViolation(stackS3BucketCompanions, stackArgs(resources), /"data" must have a aws:s3\/bucketPublicAccessBlock:BucketPublicAccessBlock/);
    });

    it("passes a stack without buckets", async () => {
        await assertNoStackViolation(stackS3BucketCompanions, stackArgs([{ type: "aws:ec2/vpc:Vpc", name: "vpc", props: {} }]));
    });
});
