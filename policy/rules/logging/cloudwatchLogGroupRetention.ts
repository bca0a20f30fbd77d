import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

/** Retention must be a decision: long enough for investigations, and explicit (unset keeps logs, and their cost, forever). */
export const cloudwatchLogGroupRetention: PlatformResourcePolicy = {
    name: "cloudwatch-log-group-retention",
    description: "CloudWatch log groups must set retentionInDays explicitly, to at least `minimumDays` days or 0 (keep forever).",
    enforcementLevel: "mandatory",
    severity: "low",
    theme: "logging",
    anchors: ["CKV_AWS_66", "CKV_AWS_338"],
    remediationSteps: "Set `retentionInDays` on the aws.cloudwatch.LogGroup to at least the configured minimum (e.g. 90 or 365).",
    configSchema: {
        properties: {
            minimumDays: { type: "integer", minimum: 1, default: 30 },
        },
    },
    validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (group, args, reportViolation) => {
        const { minimumDays } = args.getConfig<{ minimumDays: number }>();
        const days = group.retentionInDays;
        if (days === 0) {
            return; // Explicitly kept forever.
        }
        if (typeof days !== "number" || days < minimumDays) {
            reportViolation(mustBe("retentionInDays", `set to at least ${minimumDays} (or 0 to keep forever)`, days));
        }
    }),
};
