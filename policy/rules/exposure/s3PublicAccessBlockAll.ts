/**
 * s3-public-access-block-all: a bucket's public access block must switch on all four guards; each
 * defaults to false, so an unset flag fails. (That every bucket has one is stack-s3-bucket-companions.)
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

export const s3PublicAccessBlockAll: PlatformResourcePolicy = {
    name: "s3-public-access-block-all",
    description: "S3 bucket public access blocks must set blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "exposure",
    anchors: ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093", "FSBP S3.8"],
    remediationSteps: "Set all four of blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true on the aws.s3.BucketPublicAccessBlock.",
    validateResource: validateResourceOfType(aws.s3.BucketPublicAccessBlock, (block, _args, reportViolation) => {
        for (const flag of FLAGS) {
            if (block[flag] !== true) {
                reportViolation(mustBe(flag, "true", block[flag]));
            }
        }
    }),
};
