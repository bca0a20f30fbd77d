/**
 * `platform:alarms`: CloudWatch alarms on the managed data stores and queues of every region, to a
 * KMS-encrypted SNS topic per region whose subscriptions come from here (components/observability/alarms.ts).
 * Omit the key and the stack creates no alarm and no topic.
 */
import { z } from "zod";
import type { PlatformConfig } from "../schema";
import type { SectionProblem } from "./datastores/windows";

/** Without drTargets, the replica lag that raises the alarm (seconds). */
export const DEFAULT_REPLICA_LAG_SECONDS = 300;
/** With drTargets, the alarm fires at this fraction of the RPO, leaving the rest of it to act. */
export const REPLICA_LAG_RPO_FRACTION = 1 / 3;

const subscriptionSchema = z.discriminatedUnion("protocol", [
    z.object({ protocol: z.literal("email").describe("E-mail; the address must confirm the subscription."), endpoint: z.email().describe("The address.") }).strict(),
    z
        .object({
            protocol: z.literal("https").describe("An HTTPS webhook (e.g. a pager's SNS integration URL); it must confirm the subscription."),
            endpoint: z
                .url({ protocol: /^https$/, hostname: z.regexes.domain, error: "expected an https:// URL with a domain name" })
                .refine((url) => new URL(url).username === "" && new URL(url).password === "", "expected no user or password in the URL (SNS stores the endpoint in clear)")
                .describe("The https:// URL (no credentials in it: SNS stores it in clear)."),
        })
        .strict(),
]);

export const alarmsSchema = z
    .object({
        subscriptions: z
            .array(subscriptionSchema)
            .max(20, "expected at most 20 subscriptions (a bound for review)")
            .default([])
            .describe("Who hears the alarms: a list of { protocol: email | https, endpoint }, subscribed to every region's topic. May be empty (the alarms still show in CloudWatch)."),
        periodSeconds: z
            .int()
            .refine((v) => v === 60 || v === 300, "expected 60 or 300")
            .default(300).describe("Period every metric alarm evaluates (60 or 300 seconds; RDS and SQS publish at most every minute)."),
        evaluationPeriods: z.int().min(1).max(10).default(3).describe("Consecutive breaching periods before an alarm fires (1-10)."),
        certificateExpiryDays: z
            .int()
            .min(1)
            .max(365)
            .default(30)
            .describe("ACM DaysToExpiry (minimum, daily) below which a certificate the stack imported (the gateway's origin certificate) alarms; 1-365, default 30."),
        postgres: z
            .object({
                cpuPercent: z.int().min(1).max(100).default(80).describe("RDS CPUUtilization (percent, average) above which the instance alarms."),
                freeStorageGiB: z.int().min(1).max(65536).default(20).describe("RDS FreeStorageSpace (GiB, minimum) below which the instance alarms."),
                replicaLagSeconds: z
                    .int()
                    .min(1)
                    .max(86400)
                    .optional()
                    .describe("ReplicaLag (seconds, maximum) of the cross-region replica above which it alarms: the RPO signal. Unset: a third of drTargets.rpoMinutes, or 300 without drTargets; never more than the RPO."),
            })
            .strict()
            .prefault({})
            .describe("RDS thresholds. Structured: cpuPercent (80), freeStorageGiB (20), replicaLagSeconds (from drTargets)."),
        redis: z
            .object({
                memoryPercent: z.int().min(1).max(100).default(80).describe("ElastiCache DatabaseMemoryUsagePercentage (maximum) above which each node alarms."),
                evictions: z.int().min(0).max(1_000_000).default(100).describe("ElastiCache Evictions (sum per period) above which each node alarms; 0 alarms on any eviction."),
                globalReplicationLagSeconds: z
                    .int()
                    .min(1)
                    .max(3600)
                    .default(60)
                    .describe("With redis.globalDatastore: GlobalDatastoreReplicationLag (seconds, maximum) of a secondary member above which it alarms, its RPO signal (default 60; healthy lag is under a second)."),
            })
            .strict()
            .prefault({})
            .describe("ElastiCache thresholds. Structured: memoryPercent (80), evictions (100), globalReplicationLagSeconds (60)."),
        queues: z
            .object({
                deadLetterMessages: z.int().min(0).max(1_000_000).default(0).describe("Messages visible in a dead-letter queue (maximum) above which it alarms; 0 alarms on the first dead letter."),
                oldestMessageAgeSeconds: z.int().min(60).max(1_209_600).default(900).describe("ApproximateAgeOfOldestMessage of a service queue (seconds, maximum) above which it alarms."),
            })
            .strict()
            .prefault({})
            .describe("SQS thresholds for the services' queues. Structured: deadLetterMessages (0), oldestMessageAgeSeconds (900)."),
        backupJobFailures: z
            .boolean()
            .default(true)
            .describe("With platform:backup: an EventBridge rule per region sending failed, aborted or expired AWS Backup jobs and failed copy and restore jobs to the alarm topic."),
    })
    .strict();
export type AlarmsConfig = z.infer<typeof alarmsSchema>;

/** The replica lag (seconds) that raises the RPO alarm: configured, else a fraction of the RPO target, else 300. */
export function replicaLagThresholdSeconds(config: Pick<PlatformConfig, "alarms" | "drTargets">): number {
    const configured = config.alarms?.postgres.replicaLagSeconds;
    if (configured !== undefined) {
        return configured;
    }
    return config.drTargets ? Math.max(1, Math.floor(config.drTargets.rpoMinutes * 60 * REPLICA_LAG_RPO_FRACTION)) : DEFAULT_REPLICA_LAG_SECONDS;
}

/** An alarm that fires only after the RPO is lost protects nothing. */
export function alarmsProblems(config: Pick<PlatformConfig, "alarms" | "drTargets">): SectionProblem[] {
    const lag = config.alarms?.postgres.replicaLagSeconds;
    if (lag !== undefined && config.drTargets && lag > config.drTargets.rpoMinutes * 60) {
        return [
            {
                path: ["alarms", "postgres", "replicaLagSeconds"],
                message: `${lag} seconds is more than drTargets.rpoMinutes ${config.drTargets.rpoMinutes} (${config.drTargets.rpoMinutes * 60} s); the RPO alarm must fire before the RPO is lost`,
            },
        ];
    }
    return [];
}
