import * as aws from "@pulumi/aws";
import { s3PublicAccessBlockAll } from "../../../rules/exposure/s3PublicAccessBlockAll";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const ALL_ON = { bucket: "data", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

describe("s3-public-access-block-all", () => {
    it("passes with all four guards on", async () => {
        await assertNoResourceViolation(s3PublicAccessBlockAll, resourceArgs(aws.s3.BucketPublicAccessBlock, ALL_ON));
    });

    for (const flag of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) {
        it(`fails when ${flag} is false`, async () => {
            await assertResourceViolation(s3PublicAccessBlockAll, resourceArgs(aws.s3.BucketPublicAccessBlock, { ...ALL_ON, [flag]: false }), new RegExp(`^${flag} must be true \\(found: false\\)`));
        });

        it(`fails when ${flag} is left unset (default false)`, async () => {
            await assertResourceViolation(
                s3PublicAccessBlockAll,
                resourceArgs(aws.s3.BucketPublicAccessBlock, { ...ALL_ON, [flag]: undefined }),
                new RegExp(`^${flag} must be true \\(found: undefined\\)`),
            );
        });
    }
});
