/**
 * The services: their names, the data stores they may use, and per-service sizing. Read today by the
 * namespace baseline (components/cluster/kubernetesBaseline.ts) and service access (components/secrets);
 * minReplicas and port are reserved for the services module's workloads, which are not built yet.
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
    })
    .strict();
export type ServiceConfig = z.infer<typeof serviceSchema>;
