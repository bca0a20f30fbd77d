import * as aws from "@pulumi/aws";
import { s3BucketOwnerEnforced } from "../../../rules/exposure/s3BucketOwnerEnforced";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("s3-bucket-owner-enforced", () => {
    const controls = (rule: Record<string, any> | undefined) => resourceArgs(aws.s3.BucketOwnershipControls, { bucket: "data", rule });

    it("passes BucketOwnerEnforced", async () => {
        await assertNoResourceViolation(s3BucketOwnerEnforced, controls({ objectOwnership: "BucketOwnerEnforced" }));
    });

    it("fails BucketOwnerPreferred", async () => {
        await assertResourceViolation(s3BucketOwnerEnforced, controls({ objectOwnership: "BucketOwnerPreferred" }), /rule\.objectOwnership must be "BucketOwnerEnforced" \(found: "BucketOwnerPreferred"\)/);
    });

    it("fails ObjectWriter", async () => {
        await assertResourceViolation(s3BucketOwnerEnforced, controls({ objectOwnership: "ObjectWriter" }), /\(found: "ObjectWriter"\)/);
    });

    it("fails when the rule is left unset", async () => {
        await assertResourceViolation(s3BucketOwnerEnforced, controls(undefined), /rule\.objectOwnership must be "BucketOwnerEnforced" \(found: undefined\)/);
    });
});
