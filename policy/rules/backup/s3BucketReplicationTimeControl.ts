import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, listOf, mustBe } from "../../lib/validate";

/** S3 accepts 15 minutes and nothing else for Replication Time Control and its metrics threshold. */
const RTC_MINUTES = 15;

/**
 * Best-effort replication has no time bound, so the standby region's copy has no recovery point objective;
 * RTC bounds it at 15 minutes and only works with replication metrics. Without delete-marker replication a
 * delete in the primary leaves the object readable in the standby, which then serves data the primary no longer has.
 */
export const s3BucketReplicationTimeControl: PlatformResourcePolicy = {
    name: "s3-bucket-replication-time-control",
    description: `S3 replication rules must use Replication Time Control (destination.replicationTime Enabled, ${RTC_MINUTES} minutes) with replication metrics (destination.metrics Enabled, eventThreshold ${RTC_MINUTES} minutes) and replicate delete markers.`,
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "data-loss",
    anchors: [],
    remediationSteps: `On every rule of the aws.s3.BucketReplicationConfig set \`destination.replicationTime: { status: "Enabled", time: { minutes: ${RTC_MINUTES} } }\`, \`destination.metrics: { status: "Enabled", eventThreshold: { minutes: ${RTC_MINUTES} } }\` and \`deleteMarkerReplication: { status: "Enabled" }\` (platform:drReplication.replicationTimeControl true).`,
    validateResource: validateResourceOfType(aws.s3.BucketReplicationConfig, (replication, _args, reportViolation) => {
        const rules = listOf(replication.rules as any[]);
        if (rules.length === 0) {
            reportViolation(`rules must contain at least one rule with Replication Time Control (found: ${found(replication.rules)})`);
        }
        rules.forEach((rule: any, i: number) => {
            const rtc = rule.destination?.replicationTime;
            if (rtc?.status !== "Enabled" || rtc?.time?.minutes !== RTC_MINUTES) {
                reportViolation(mustBe(`rules[${i}].destination.replicationTime`, `{ status: "Enabled", time: { minutes: ${RTC_MINUTES} } }`, rtc));
            }
            const metrics = rule.destination?.metrics;
            if (metrics?.status !== "Enabled" || metrics?.eventThreshold?.minutes !== RTC_MINUTES) {
                reportViolation(mustBe(`rules[${i}].destination.metrics`, `{ status: "Enabled", eventThreshold: { minutes: ${RTC_MINUTES} } }`, metrics));
            }
            const deleteMarkers = rule.deleteMarkerReplication?.status;
            if (deleteMarkers !== "Enabled") {
                reportViolation(mustBe(`rules[${i}].deleteMarkerReplication.status`, "\"Enabled\"", deleteMarkers));
            }
        });
    }),
};
