import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, isSet } from "../../lib/validate";

/** Control-plane, flow and database logs carry identifiers and query text; keep them under the platform's key. */
export const cloudwatchLogGroupKms: PlatformResourcePolicy = {
    name: "cloudwatch-log-group-kms",
    description: "CloudWatch log groups must be encrypted with a customer-managed KMS key (kmsKeyId).",
    enforcementLevel: "mandatory",
    severity: "low",
    theme: "encryption",
    anchors: ["CKV_AWS_158", "AVD-AWS-0017"],
    remediationSteps: "Set `kmsKeyId: key.arn` on the aws.cloudwatch.LogGroup; the key policy must allow the logs.<region>.amazonaws.com principal.",
    validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (group, _args, reportViolation) => {
        if (!isSet(group, "kmsKeyId")) {
            reportViolation(`kmsKeyId must name a customer-managed KMS key (found: ${found(group.kmsKeyId)})`);
        }
    }),
};
