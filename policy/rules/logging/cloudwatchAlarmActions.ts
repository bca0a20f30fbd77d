import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { knownValue } from "../../lib/sqs";
import { found, isSet, listOf } from "../../lib/validate";

/** An alarm nobody hears is a graph: it must notify somewhere when it fires. */
export const cloudwatchAlarmActions: PlatformResourcePolicy = {
    name: "cloudwatch-alarm-actions",
    description: "CloudWatch metric alarms must have actions enabled and at least one alarm action (e.g. an SNS topic).",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "logging",
    anchors: ["FSBP CloudWatch.15"],
    remediationSteps: "Set `alarmActions: [topic.arn]` on the aws.cloudwatch.MetricAlarm (the platform's alarm topic of its region) and leave `actionsEnabled` unset or true.",
    validateResource: validateResourceOfType(aws.cloudwatch.MetricAlarm, (alarm, _args, reportViolation) => {
        if (knownValue(alarm, "actionsEnabled") === false) {
            reportViolation("actionsEnabled must be unset or true (found: false)");
        }
        // A list not known during preview (the topic's ARN computed in the same update) counts as set.
        const actions = knownValue(alarm, "alarmActions");
        if (!isSet(alarm, "alarmActions") || (Array.isArray(actions) && listOf(actions).length === 0)) {
            reportViolation(`alarmActions must name at least one action (found: ${found(actions)})`);
        }
    }),
};
