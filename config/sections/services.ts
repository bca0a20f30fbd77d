/**
 * The services: their names, the data stores they may use, per-service sizing and work queues. Read today by
 * the namespace baseline (components/cluster/kubernetesBaseline.ts), service access (components/secrets) and
 * the service queues (components/services); minReplicas and port are reserved for the services module's
 * workloads, which are not built yet.
 */
import { z } from "zod";
import { cpuQuantity, distinctList, memoryQuantity } from "./common";

/** A bound on replicas: beyond it the namespace quota (replicas x limits) is surely a mistake. */
export const MAX_REPLICAS = 500;

export const SERVICE_NAMES = ["bff", "contractor", "document", "verification", "realtime", "gamification", "notification"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Data stores a service can be granted access to. */
export const DATA_STORES = ["postgres", "redis", "atlas", "documents"] as const;
export type DataStoreName = (typeof DATA_STORES)[number];

/** SQS's own limits (CreateQueue attributes), so a bad value fails validation rather than the deploy. */
export const SQS_LIMITS = {
    visibilityTimeoutSeconds: { min: 0, max: 43_200 },
    messageRetentionSeconds: { min: 60, max: 1_209_600 },
    maxReceiveCount: { min: 1, max: 1_000 },
    kmsDataKeyReusePeriodSeconds: { min: 60, max: 86_400 },
} as const;

const retention = (description: string, fallback: number) =>
    z.int().min(SQS_LIMITS.messageRetentionSeconds.min).max(SQS_LIMITS.messageRetentionSeconds.max).default(fallback).describe(description);

export const serviceQueueSchema = z
    .object({
        visibilityTimeoutSeconds: z
            .int()
            .min(SQS_LIMITS.visibilityTimeoutSeconds.min)
            .max(SQS_LIMITS.visibilityTimeoutSeconds.max)
            .default(30)
            .describe("How long a received message stays hidden from other consumers (0-43200, SQS's limits); longer than the service takes to process one."),
        messageRetentionSeconds: retention("How long the queue keeps a message (60-1209600 seconds, SQS's limits; default 4 days).", 345_600),
        maxReceiveCount: z
            .int()
            .min(SQS_LIMITS.maxReceiveCount.min)
            .max(SQS_LIMITS.maxReceiveCount.max)
            .default(5)
            .describe("Receives after which a message moves to the dead-letter queue (1-1000, SQS's limits)."),
        deadLetterRetentionSeconds: retention(
            "How long the dead-letter queue keeps a message (60-1209600 seconds; default 14 days). Must exceed messageRetentionSeconds: a message keeps its original enqueue time when it moves, so a shorter DLQ retention would drop it (AWS's guidance).",
            1_209_600,
        ),
        kmsDataKeyReusePeriodSeconds: z
            .int()
            .min(SQS_LIMITS.kmsDataKeyReusePeriodSeconds.min)
            .max(SQS_LIMITS.kmsDataKeyReusePeriodSeconds.max)
            .default(300)
            .describe("How long SQS reuses a data key before calling KMS again (60-86400 seconds): shorter is fewer messages per key, longer is fewer KMS calls."),
    })
    .strict();
export type ServiceQueueConfig = z.infer<typeof serviceQueueSchema>;

export const serviceSchema = z
    .object({
        minReplicas: z
            .int()
            .min(1)
            .max(MAX_REPLICAS)
            .describe("HPA floor; 2 or more keeps the service up through a node drain. Reserved for the services module's workloads: validated, not read yet."),
        maxReplicas: z.int().min(1).max(MAX_REPLICAS).describe("HPA ceiling (for the services module's workloads, not built yet); sizes the namespace quota today."),
        cpuRequest: cpuQuantity.describe("Per-pod CPU request; container default and quota basis."),
        cpuLimit: cpuQuantity.describe("Per-pod CPU limit; container ceiling."),
        memoryRequest: memoryQuantity.describe("Per-pod memory request."),
        memoryLimit: memoryQuantity.describe("Per-pod memory limit."),
        port: z
            .int()
            .min(1024)
            .max(65535)
            .default(8080)
            .describe("Container port the gateway will route to. Reserved for the services module's workloads and the gateway: validated, not read yet."),
        allowInternetEgress: z.boolean().default(false).describe("Allow egress to the internet on 443 (e.g. push providers); otherwise only DNS, the AWS interface endpoints (S3 included) and the data stores the service uses."),
        dataStores: distinctList(z.enum(DATA_STORES), DATA_STORES.length, "each data store once")
            .default([])
            .describe("Data stores the service uses; decides which credentials it receives, what its IAM role may touch and which data-store ports its network policy opens."),
        queue: serviceQueueSchema
            .optional()
            .describe("A work queue the service consumes, in every region: an SQS queue and its dead-letter queue under the region's data key, reachable only by the service's role; omit for none."),
    })
    .strict();

/** Cross-field checks of one service's queue, keyed from `services.<name>.queue`. */
export function serviceQueueProblems(name: string, queue: ServiceQueueConfig | undefined): Array<{ path: Array<string | number>; message: string }> {
    if (queue && queue.deadLetterRetentionSeconds <= queue.messageRetentionSeconds) {
        return [
            {
                path: ["services", name, "queue", "deadLetterRetentionSeconds"],
                message: `${queue.deadLetterRetentionSeconds} is not longer than messageRetentionSeconds ${queue.messageRetentionSeconds}; expected a longer dead-letter retention (a moved message keeps its enqueue time and would expire there first)`,
            },
        ];
    }
    return [];
}
export type ServiceConfig = z.infer<typeof serviceSchema>;
