/**
 * `platform:externalSecrets`: the External Secrets Operator that turns Secrets Manager entries into
 * Kubernetes Secrets in the service namespaces. Everything has a default; stacks override only what differs.
 */
import { z } from "zod";

/**
 * The external-secrets chart the platform pins. 2.x serves only `external-secrets.io/v1` (v1beta1 stopped
 * being served in 0.17), which is the API the ClusterSecretStore and ExternalSecrets are written against.
 */
export const EXTERNAL_SECRETS_CHART_VERSION = "2.10.0";

export const externalSecretsSchema = z
    .object({
        chartVersion: z
            .string()
            .regex(/^(\d+)\.(\d+)\.(\d+)$/, "expected an exact chart version like 2.10.0 (no ranges: upgrades are reviewed)")
            .refine((v) => Number(v.split(".")[0]) >= 1 || Number(v.split(".")[1]) >= 17, "charts before 0.17 still serve v1beta1; expected 0.17.0 or later")
            .default(EXTERNAL_SECRETS_CHART_VERSION)
            .describe("external-secrets Helm chart version (https://charts.external-secrets.io)."),
        replicas: z.int().min(1).max(5).default(1).describe("Controller replicas; more than one turns on leader election."),
        refreshInterval: z
            .string()
            .regex(/^[1-9]\d*(s|m|h)$/, "expected a duration like 15m or 1h")
            .default("1h")
            .describe("How often each ExternalSecret re-reads Secrets Manager (picks up rotated credentials)."),
    })
    .strict();
export type ExternalSecretsConfig = z.infer<typeof externalSecretsSchema>;
