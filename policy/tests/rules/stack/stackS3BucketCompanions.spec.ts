import { strict as assert } from "assert";
import { stackS3BucketCompanions } from "../../../rules/stack/stackS3BucketCompanions";
import { assertNoStackViolation, assertStackViolation, StackFixtureResource, stackArgs, stackViolationsOf } from "../../helpers";

const BUCKET = "aws:s3/bucket:Bucket";
const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";

/** A bucket and its companions, each joined to it by a recorded dependency on `bucket`. */
function bucketWithCompanions(name: string, omit: string[] = []): StackFixtureResource[] {
    const on = { propertyDependencies: { bucket: [name] } };
    const companions: StackFixtureResource[] = [
        { type: PAB, name: `${name}-pab`, props: { bucket: "unknown", blockPublicAcls: true }, ...on },
        { type: OWNERSHIP, name: `${name}-ownership`, props: { bucket: "unknown", rule: { objectOwnership: "BucketOwnerEnforced" } }, ...on },
    ];
    return [{ type: BUCKET, name, props: {} }, ...companions.filter((c) => !omit.includes(c.type as string))];
}

describe("stack-s3-bucket-companions", () => {
    it("passes buckets that each have a public access block and ownership controls", async () => {
        await assertNoStackViolation(stackS3BucketCompanions, stackArgs([...bucketWithCompanions("logs"), ...bucketWithCompanions("data")]));
    });

    it("passes companions joined by a literal bucket name when no dependency is recorded", async () => {
        const args = stackArgs([
            { type: BUCKET, name: "data", props: { bucket: "acme-data" } },
            { type: PAB, name: "p", props: { bucket: "acme-data" } },
            { type: OWNERSHIP, name: "o", props: { bucket: "acme-data" } },
        ]);
        await assertNoStackViolation(stackS3BucketCompanions, args);
    });

    for (const missing of [PAB, OWNERSHIP]) {
        it(`fails a bucket without a ${missing.split(":").pop()}`, async () => {
            const args = stackArgs([...bucketWithCompanions("logs"), ...bucketWithCompanions("data", [missing])]);
            await assertStackViolation(stackS3BucketCompanions, args, new RegExp(`^aws:s3/bucket:Bucket "data" must have a ${missing.replace(/[/.]/g, "\\$&")} whose bucket is this bucket \\(found: none\\)$`));
        });
    }

    it("reports each missing companion once, on the bucket", async () => {
        const violations = await stackViolationsOf(stackS3BucketCompanions, stackArgs(bucketWithCompanions("data", [PAB, OWNERSHIP])));
        assert.deepEqual(
            violations.map((v) => v.urn),
            ["urn:pulumi:test::platform::aws:s3/bucket:Bucket::data", "urn:pulumi:test::platform::aws:s3/bucket:Bucket::data"],
        );
    });

    it("does not count a companion that depends on another bucket", async () => {
        const resources = [...bucketWithCompanions("logs"), ...bucketWithCompanions("data", [PAB])];
        resources.push({ type: PAB, name: "stray-pab", props: { bucket: "unknown" }, propertyDependencies: { bucket: ["logs"] } });
        await assertStackViolation(stackS3BucketCompanions, stackArgs(resources), /"data" must have a aws:s3\/bucketPublicAccessBlock:BucketPublicAccessBlock/);
    });

    it("passes a stack without buckets", async () => {
        await assertNoStackViolation(stackS3BucketCompanions, stackArgs([{ type: "aws:ec2/vpc:Vpc", name: "vpc", props: {} }]));
    });
});
