import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, isSet } from "../../lib/validate";

/** Performance Insights stores query text, which can carry personal data; keep it under the platform's key. */
export const rdsInstancePerformanceInsightsCmk: PlatformResourcePolicy = {
    name: "rds-instance-performance-insights-cmk",
    description: "RDS instances with Performance Insights enabled must encrypt it with a customer-managed KMS key (performanceInsightsKmsKeyId).",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "encryption",
    anchors: ["CKV_AWS_354", "AVD-AWS-0078", "aws-rds-instance-disallow-unencrypted-performance-insights"],
    remediationSteps: "Set `performanceInsightsKmsKeyId` to the platform's KMS key ARN wherever `performanceInsightsEnabled` is true.",
    validateResource: validateResourceOfType(aws.rds.Instance, (instance, _args, reportViolation) => {
        if (instance.performanceInsightsEnabled !== true) {
            return; // Nothing stored; rds-instance-performance-insights asks for it to be on.
        }
        if (!isSet(instance, "performanceInsightsKmsKeyId")) {
            reportViolation(`performanceInsightsKmsKeyId must name a customer-managed KMS key when performanceInsightsEnabled is true (found: ${found(instance.performanceInsightsKmsKeyId)})`);
        }
    }),
};
