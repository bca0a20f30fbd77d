/**
 * `platform:observability`: metrics, traces, logs, dashboards and alerts (components/observability), either
 * self-hosted (kube-prometheus-stack, Tempo, Fluent Bit) or through Datadog. Omit the key and the stack runs
 * no observability workloads. Chart versions are pinned here; upgrades are reviewed against the vendored
 * values under tests/observability/fixtures/.
 */
import { z } from "zod";
import { cloudWatchRetentionDays } from "./common";
import type { SectionProblem } from "./datastores/windows";

/** Chart versions read when this module was written (README of tests/observability/fixtures names the sources). */
export const OBSERVABILITY_CHART_VERSIONS = {
    kubePrometheusStack: "88.5.3",
    metricsServer: "3.13.1",
    tempo: "2.2.4",
    fluentBit: "0.58.1",
    datadog: "3.240.0",
} as const;

const chartVersion = z.string().regex(/^(\d+)\.(\d+)\.(\d+)$/, "expected an exact chart version like 1.2.3 (no ranges: upgrades are reviewed)");

/** Seconds per unit of a Prometheus duration (`model.ParseDuration`). */
const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
export const PROMETHEUS_DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Seconds in a Prometheus duration like `15d` or `1w2d`; undefined when it is not one. */
export function prometheusDurationSeconds(duration: string): number | undefined {
    const match = PROMETHEUS_DURATION.exec(duration);
    if (!match || duration === "") {
        return undefined;
    }
    const units = ["y", "w", "d", "h", "m", "s", "ms"];
    return units.reduce((total, unit, i) => total + Number(match[i + 1] ?? 0) * DURATION_UNITS[unit], 0);
}

/** Less than a day of metrics cannot answer "what changed since yesterday"; the issue sets the floor. */
export const MINIMUM_RETENTION_SECONDS = 86400;

/** A Secrets Manager secret under the monitoring path `platform/<env>/monitoring/`: the only path its role may read. */
const monitoringSecretName = z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_+=.@/-]{0,127}$/, "expected a secret name relative to platform/<env>/monitoring/, like alertmanager/slack")
    .refine((v) => !v.includes(".."), "expected no '..' in a secret name");

/** Alertmanager integrations the platform renders; each carries one credential (URL or key). */
export const RECEIVER_TYPES = ["slack", "pagerduty", "opsgenie", "webhook"] as const;
export type ReceiverType = (typeof RECEIVER_TYPES)[number];

export const receiverSchema = z
    .object({
        name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, "expected a lower-case name like oncall").describe("Receiver name (unique)."),
        type: z.enum(RECEIVER_TYPES).describe("Integration: slack (incoming webhook URL), pagerduty (Events v2 routing key), opsgenie (API key), webhook (URL)."),
        key: monitoringSecretName.describe(
            "Secrets Manager secret holding the credential, named relative to platform/<env>/monitoring/ (External Secrets' remoteRef.key). Required: no receiver without its secret.",
        ),
        property: z.string().min(1).default("value").describe("JSON property of that secret holding the URL or routing/API key."),
        severities: z
            .array(z.enum(["critical", "warning"]))
            .min(1)
            .default(["critical", "warning"])
            .describe("Alert severities routed to this receiver."),
        channel: z.string().min(1).optional().describe("slack only: channel to post to; unset uses the webhook's own channel."),
    })
    .strict();
export type ReceiverConfig = z.infer<typeof receiverSchema>;

export const selfHostedSchema = z
    .object({
        kubePrometheusStackVersion: chartVersion.default(OBSERVABILITY_CHART_VERSIONS.kubePrometheusStack).describe("kube-prometheus-stack chart (prometheus-community)."),
        metricsServerVersion: chartVersion.default(OBSERVABILITY_CHART_VERSIONS.metricsServer).describe("metrics-server chart (kubernetes-sigs); KEDA cpu triggers and HPAs need it."),
        tempoVersion: chartVersion
            .refine((v) => Number(v.split(".")[0]) >= 2, "expected the grafana-community tempo chart 2.x or later (1.x is the deprecated grafana/helm-charts one)")
            .default(OBSERVABILITY_CHART_VERSIONS.tempo)
            .describe("tempo chart (grafana-community, single binary)."),
        fluentBitVersion: chartVersion.default(OBSERVABILITY_CHART_VERSIONS.fluentBit).describe("fluent-bit chart (fluent)."),
        retention: z
            .string()
            .regex(PROMETHEUS_DURATION, "expected a Prometheus duration like 15d or 2w")
            .refine((v) => (prometheusDurationSeconds(v) ?? 0) >= MINIMUM_RETENTION_SECONDS, "expected at least one day (1d)")
            .default("15d")
            .describe("Prometheus retention (Prometheus duration, at least 1d)."),
        storageGi: z.int().min(10).max(16384).default(50).describe("Size of Prometheus's persistent volume (GiB, encrypted gp3); keep it above what the retention needs."),
        prometheusReplicas: z.int().min(1).max(3).default(1).describe("Prometheus replicas (each scrapes everything and has its own volume)."),
        alertmanagerReplicas: z.int().min(1).max(3).default(1).describe("Alertmanager replicas (clustered when more than one)."),
        receivers: z
            .array(receiverSchema)
            .max(20, "expected at most 20 receivers (a bound for review)")
            .default([])
            .describe("Alertmanager receivers; empty sends alerts nowhere (Alertmanager's UI only). Structured: see the receiver fields below."),
        grafanaAdminKey: monitoringSecretName
            .default("grafana-admin")
            .describe("Secrets Manager secret (relative to platform/<env>/monitoring/) with JSON properties `username` and `password` for Grafana's admin; created outside the stack. No default password exists."),
        traceRetentionDays: z.int().min(1).max(365).default(14).describe("Days Tempo keeps traces; the bucket expires objects a day later."),
        elk: z
            .object({
                host: z.string().regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, "expected a DNS host name like logs.example.com").describe("Elasticsearch host (TLS, certificate and host name verified)."),
                port: z.int().min(1).max(65535).default(443).describe("Elasticsearch HTTPS port."),
                index: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "expected a lower-case index name").default("kubernetes").describe("Index (logstash prefix) the logs go to."),
                loginKey: monitoringSecretName.describe("Secrets Manager secret (relative to platform/<env>/monitoring/) with JSON properties `username` and `password`."),
            })
            .strict()
            .optional()
            .describe("Elasticsearch endpoint for container logs; unset ships them to a KMS-encrypted CloudWatch log group instead."),
        containerLogRetentionDays: cloudWatchRetentionDays.default(30).describe("CloudWatch retention of container logs when no ELK is configured."),
    })
    .strict();
export type SelfHostedConfig = z.infer<typeof selfHostedSchema>;

export const datadogSchema = z
    .object({
        chartVersion: chartVersion.default(OBSERVABILITY_CHART_VERSIONS.datadog).describe("datadog chart (helm.datadoghq.com)."),
        site: z
            .enum(["datadoghq.com", "us3.datadoghq.com", "us5.datadoghq.com", "datadoghq.eu", "ap1.datadoghq.com", "ddog-gov.com"])
            .default("datadoghq.com")
            .describe("Datadog site the agents send to."),
        key: monitoringSecretName.default("datadog").describe("Secrets Manager secret (relative to platform/<env>/monitoring/) with JSON property `api-key`."),
        notify: z
            .array(z.string().regex(/^@\S+$/, "expected a Datadog handle like @pagerduty-oncall or @slack-alerts"))
            .max(20)
            .default([])
            .describe("Handles every monitor notifies (e.g. @pagerduty-platform); empty notifies nobody."),
    })
    .strict();
export type DatadogConfig = z.infer<typeof datadogSchema>;

export const alertThresholdsSchema = z
    .object({
        gateway5xxRatio: z.number().gt(0).lt(1).default(0.05).describe("Alert when a route's share of 5xx responses exceeds this (0-1) for 10 minutes."),
        gatewayP99LatencyMs: z.int().min(10).max(600000).default(2000).describe("Alert when a route's p99 request latency exceeds this (ms) for 10 minutes."),
        scalerAtMaxMinutes: z.int().min(5).max(1440).default(30).describe("Alert when an HPA (KEDA's or another) has been at its maximum replicas this long."),
        crashLoopRestarts: z.int().min(1).max(100).default(3).describe("Alert when a service's containers restart this often within 15 minutes."),
    })
    .strict();

export const observabilitySchema = z
    .object({
        mode: z.enum(["selfHosted", "datadog"]).describe("selfHosted: kube-prometheus-stack, metrics-server, Tempo, Fluent Bit, dashboards and PrometheusRules. datadog: the Datadog agent and monitors. No default."),
        selfHosted: selfHostedSchema.prefault({}).describe("Settings of selfHosted mode (ignored in datadog mode). Structured: see the observability.selfHosted fields below."),
        datadog: datadogSchema.prefault({}).describe("Settings of datadog mode (ignored in selfHosted mode). Structured: see the observability.datadog fields below."),
        alerts: alertThresholdsSchema.prefault({}).describe("Alert thresholds shared by both modes. Structured: see the observability.alerts fields below."),
    })
    .strict();
export type ObservabilityConfig = z.infer<typeof observabilitySchema>;

/** Cross-field checks: receiver names are unique (Alertmanager refuses duplicates); channel is a Slack field. */
export function observabilityProblems(config: { observability?: ObservabilityConfig }): SectionProblem[] {
    const problems: SectionProblem[] = [];
    const observability = config.observability;
    if (!observability) {
        return problems;
    }
    const seen = new Map<string, number>();
    observability.selfHosted.receivers.forEach((receiver, i) => {
        const first = seen.get(receiver.name);
        if (first !== undefined) {
            problems.push({ path: ["observability", "selfHosted", "receivers", i, "name"], message: `receiver name ${receiver.name} is already used by receivers[${first}]; expected unique names` });
        } else {
            seen.set(receiver.name, i);
        }
        if (receiver.channel !== undefined && receiver.type !== "slack") {
            problems.push({ path: ["observability", "selfHosted", "receivers", i, "channel"], message: `channel is a slack setting, but the receiver is ${receiver.type}; expected no channel` });
        }
    });
    return problems;
}
