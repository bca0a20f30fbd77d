import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

/** Performance Insights keeps the per-query load history needed to explain a slowdown after the fact. */
export const rdsInstancePerformanceInsights: PlatformResourcePolicy = {
    name: "rds-instance-performance-insights",
    description: "RDS instances must enable Performance Insights (performanceInsightsEnabled = true; the default is false).",
    enforcementLevel: "mandatory",
    severity: "low",
    theme: "logging",
    anchors: ["CKV_AWS_353", "AVD-AWS-0133", "aws-rds-instance-enable-performance-insights"],
    remediationSteps: "Set `performanceInsightsEnabled: true` with `performanceInsightsKmsKeyId` on the aws.rds.Instance.",
    validateResource: validateResourceOfType(aws.rds.Instance, (instance, _args, reportViolation) => {
        if (instance.performanceInsightsEnabled !== true) {
            reportViolation(mustBe("performanceInsightsEnabled", "true", instance.performanceInsightsEnabled));
        }
    }),
};
