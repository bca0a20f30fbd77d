/**
 * s3-bucket-owner-enforced: with `BucketOwnerEnforced` ACLs are disabled, so no object or bucket ACL
 * can grant public or cross-account access behind the bucket policy's back.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

export const s3BucketOwnerEnforced: PlatformResourcePolicy = {
    name: "s3-bucket-owner-enforced",
    description: "S3 bucket ownership controls must set objectOwnership to BucketOwnerEnforced (ACLs disabled).",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "exposure",
    anchors: ["CKV2_AWS_65", "FSBP S3.12"],
    remediationSteps: 'Set `rule: { objectOwnership: "BucketOwnerEnforced" }` on the aws.s3.BucketOwnershipControls and drop any BucketAcl.',
    validateResource: validateResourceOfType(aws.s3.BucketOwnershipControls, (controls, _args, reportViolation) => {
        const ownership = controls.rule?.objectOwnership;
        if (ownership !== "BucketOwnerEnforced") {
            reportViolation(mustBe("rule.objectOwnership", '"BucketOwnerEnforced"', ownership));
        }
    }),
};
