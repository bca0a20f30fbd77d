/**
 * The services: their names, the data stores they may use, per-service sizing, work queues, workload and
 * autoscaling settings. Read by the namespace baseline (components/cluster/kubernetesBaseline.ts), service
 * access (components/secrets) and the services module (components/services: queues, workloads, KEDA).
 * The set of services is data: any DNS-label name may be added, every setting but the name has a default.
 */
import { z } from "zod";
import { regionPrefix } from "../../lib/naming";
import { cpuQuantity, distinctList, memoryQuantity } from "./common";

/** A bound on replicas: beyond it the namespace quota (replicas x limits) is surely a mistake. */
export const MAX_REPLICAS = 500;

/** The design's seven services: the default set when a stack configures none (a stack may add or drop any). */
export const SERVICE_NAMES = ["bff", "contractor", "document", "verification", "realtime", "gamification", "notification"] as const;
/** The design's queue consumers: in the default set they get a work queue (and so a queue-depth trigger). */
export const DEFAULT_QUEUE_CONSUMERS: readonly string[] = ["document", "verification", "notification"];

/** Prometheus of kube-prometheus-stack (the observability module's release), the requests-per-second trigger's default server. */
export const DEFAULT_PROMETHEUS_ADDRESS = "http://kube-prometheus-stack-prometheus.monitoring.svc:9090";
/** KEDA Helm chart (https://kedacore.github.io/charts), read at this tag: tests/services/fixtures/keda-2.20.2-values.yaml. */
export const KEDA_CHART_VERSION = "2.20.2";

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

/**
 * A container image reference: `registry/path/name:tag`, `...@sha256:<digest>` or both. Pinning (a tag other
 * than `latest`, or a digest) is checked by `imagePinProblem` so the message can say which it is.
 */
export const IMAGE_REFERENCE =
    /^(?<repository>[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d{1,5})?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$/;

/** Why an image reference is not pinned (untagged, `latest`, malformed), or undefined when it is. */
export function imagePinProblem(image: string): string | undefined {
    const match = IMAGE_REFERENCE.exec(image);
    if (!match) {
        return `"${image}" is not an image reference; expected registry/name:tag or registry/name@sha256:<64 hex>`;
    }
    const { tag, digest } = match.groups!;
    if (digest) {
        return undefined;
    }
    if (tag === undefined) {
        return `"${image}" has no tag; expected a pinned tag (not latest) or an @sha256 digest`;
    }
    if (tag === "latest") {
        return `"${image}" uses the moving tag latest; expected a pinned tag or an @sha256 digest`;
    }
    return undefined;
}

const httpPath = z.string().regex(/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/, "expected an absolute HTTP path like /ready");

export const serviceProbesSchema = z
    .object({
        readinessPath: httpPath.default("/ready").describe("Readiness probe path (HTTP GET on the `http` port); failing removes the pod from the Service's endpoints."),
        livenessPath: httpPath.default("/live").describe("Liveness probe path; failing restarts the container."),
        startupPath: httpPath.default("/live").describe("Startup probe path; liveness and readiness wait until it succeeds."),
        port: z
            .int()
            .min(1)
            .max(65535)
            .optional()
            .describe("Port the probes call; must be the container's port (`port`), the only one it exposes. Default: `port`."),
        periodSeconds: z.int().min(1).max(300).default(10).describe("Seconds between probes (readiness and liveness)."),
        timeoutSeconds: z.int().min(1).max(60).default(2).describe("Seconds a probe may take."),
        livenessFailureThreshold: z.int().min(1).max(30).default(3).describe("Consecutive liveness failures before a restart."),
        startupFailureThreshold: z
            .int()
            .min(1)
            .max(120)
            .default(30)
            .describe("Startup probe attempts (every 5 s) before the container is restarted: 30 allows 150 s to start."),
    })
    .strict();

export const disruptionBudgetSchema = z
    .object({
        maxUnavailable: z
            .int()
            .min(1, "expected at least 1: 0 would block every node drain")
            .optional()
            .describe("Pods a voluntary disruption (node drain) may take at once; at least 1. Default 1 when minAvailable is not set."),
        minAvailable: z
            .int()
            .min(0)
            .optional()
            .describe("Alternatively, pods that must stay available; below minReplicas so a drain can always proceed. Mutually exclusive with maxUnavailable."),
    })
    .strict();

export const serviceAutoscalingSchema = z
    .object({
        cpuUtilization: z.int().min(10).max(100).default(70).describe("CPU trigger target: average utilization of the CPU request, percent (needs metrics-server)."),
        requestsPerSecondPerPod: z
            .number()
            .positive()
            .max(100_000)
            .default(50)
            .describe("Requests-per-second trigger: gateway requests per second one pod should serve (Prometheus query on Kong's per-service request rate)."),
        prometheusServerAddress: z
            .url({ protocol: /^https?$/ })
            .default(DEFAULT_PROMETHEUS_ADDRESS)
            .describe(`Prometheus the requests-per-second trigger queries. Default: kube-prometheus-stack's, ${DEFAULT_PROMETHEUS_ADDRESS}.`),
        queueLength: z
            .int()
            .min(1)
            .max(100_000)
            .optional()
            .describe("Queue-depth trigger: visible messages per pod. Only for a service with a `queue` (refused otherwise); default 5 when it has one."),
        pollingIntervalSeconds: z.int().min(5).max(600).default(30).describe("How often KEDA checks the triggers."),
        cooldownPeriodSeconds: z.int().min(0).max(3600).default(300).describe("Seconds after the last active trigger before scaling in (the HPA's scale-down stabilisation also applies)."),
    })
    .strict();

/** Argo Rollouts Helm chart (argoproj/argo-helm `argo-rollouts`), read at this tag: tests/services/fixtures/argo-rollouts-2.41.0-values.yaml. */
export const ARGO_ROLLOUTS_CHART_VERSION = "2.41.0";

/** One canary step: shift a share of the pods to the new version, or wait (a duration, or until promoted). */
export const canaryStepSchema = z.union([
    z
        .object({ setWeight: z.int().min(1).max(100).describe("Percent of the pods that run the new version (1-100; weights approximate by replica count).") })
        .strict(),
    z
        .object({
            pause: z
                .object({
                    duration: z
                        .string()
                        .regex(/^\d+[smh]$/, "expected a duration like 30s, 5m or 1h")
                        .optional()
                        .describe("How long to wait; omit to wait until someone promotes (`kubectl argo rollouts promote <service> -n <service>`)."),
                })
                .strict(),
        })
        .strict(),
]);
export type CanaryStep = z.infer<typeof canaryStepSchema>;

export const canaryAnalysisSchema = z
    .object({
        max5xxRatio: z.number().min(0).max(1).default(0.05).describe("Highest share of gateway responses with a 5xx status a measurement accepts (default 0.05)."),
        maxLatencyMs: z.int().min(1).max(600_000).default(1000).describe("Highest gateway latency, milliseconds, at `latencyQuantile` a measurement accepts (default 1000)."),
        latencyQuantile: z.union([z.literal(0.95), z.literal(0.99)]).default(0.99).describe("Latency quantile measured: 0.95 or 0.99 (default 0.99)."),
        interval: z.string().regex(/^\d+[sm]$/, "expected a duration like 1m or 30s").default("1m").describe("Time between measurements (default 1m); also the PromQL rate window."),
        count: z.int().min(1).max(1000).optional().describe("Measurements per analysis run; omit to measure until the rollout finishes (background analysis)."),
        failureLimit: z.int().min(0).max(100).default(0).describe("Failed measurements tolerated before the rollout aborts (default 0: the first failing measurement aborts)."),
    })
    .strict();
export type CanaryAnalysisConfig = z.infer<typeof canaryAnalysisSchema>;

export const canarySchema = z
    .object({
        steps: z
            .array(canaryStepSchema)
            .min(1)
            .max(30)
            .default([{ setWeight: 20 }, { pause: { duration: "2m" } }, { setWeight: 50 }, { pause: { duration: "5m" } }])
            .describe("Canary steps, in order: `{setWeight: n}`, `{pause: {duration: 5m}}` or `{pause: {}}` (until promoted). Weights strictly increasing, 1-100. Default 20 %, 2 min, 50 %, 5 min, then full."),
        analysis: canaryAnalysisSchema
            .prefault({})
            .describe("Background analysis from the first step on the gateway's 5xx ratio and latency of the service (Prometheus); a failure aborts the rollout."),
        abortScaleDownDelaySeconds: z
            .int()
            .min(0)
            .max(3600)
            .default(30)
            .describe("Seconds the canary pods stay after an abort before they are scaled down (default 30; 0 keeps them)."),
    })
    .strict();
export type CanaryConfig = z.infer<typeof canarySchema>;

/** The migration tools and the command each runs by default (in the migration image, through /bin/sh). */
export const MIGRATION_COMMANDS = { prisma: "prisma migrate deploy", knex: "knex migrate:latest" } as const;

export const migrationsSchema = z
    .object({
        tool: z.enum(["prisma", "knex"]).describe("Migration tool: prisma (`prisma migrate deploy`) or knex (`knex migrate:latest`). No default."),
        command: z
            .string()
            .min(1)
            .max(1000)
            .optional()
            .describe("Command the migration container runs (through /bin/sh). Default per tool: `prisma migrate deploy` or `knex migrate:latest`."),
        image: z.string().max(512).optional().describe("Image with the migrations, pinned like `image`. Default: the service's own image."),
        activeDeadlineSeconds: z.int().min(30).max(3600).default(600).describe("Seconds the migration Job may run before it fails (default 600)."),
        backoffLimit: z.int().min(0).max(6).default(1).describe("Retries of a failed migration pod (default 1)."),
    })
    .strict();
export type MigrationsConfig = z.infer<typeof migrationsSchema>;

export const serviceSchema = z
    .object({
        minReplicas: z.int().min(1).max(MAX_REPLICAS).default(2).describe("Autoscaling floor (KEDA minReplicaCount); 2 or more keeps the service up through a node drain."),
        maxReplicas: z.int().min(1).max(MAX_REPLICAS).default(10).describe("Autoscaling ceiling (KEDA maxReplicaCount); also sizes the namespace quota."),
        cpuRequest: cpuQuantity.default("100m").describe("Per-pod CPU request; container default, CPU trigger basis and quota basis."),
        cpuLimit: cpuQuantity.default("500m").describe("Per-pod CPU limit; container ceiling."),
        memoryRequest: memoryQuantity.default("256Mi").describe("Per-pod memory request."),
        memoryLimit: memoryQuantity.default("512Mi").describe("Per-pod memory limit."),
        port: z.int().min(1024).max(65535).default(8080).describe("Container port (named http) the Service exposes and the gateway routes to; metrics are served on it at /metrics."),
        image: z
            .string()
            .max(512)
            .optional()
            .describe(
                "Container image, pinned by tag (never latest) or @sha256 digest. Default: `<serviceImages.registry>/<service>:<serviceImages.tag>`; one of the two is required.",
            ),
        probes: serviceProbesSchema.prefault({}).describe("Readiness, liveness and startup probes. Structured: see the probes fields below."),
        terminationGracePeriodSeconds: z
            .int()
            .min(1)
            .max(86_400)
            .default(60)
            .describe("Seconds a stopping pod gets (preStop sleep included) to finish in-flight requests; long for long-lived connections (websockets)."),
        preStopSleepSeconds: z
            .int()
            .min(0)
            .max(3600)
            .default(15)
            .describe("Seconds a stopping pod keeps serving before SIGTERM, so the NLB and Kong stop routing to it first; below terminationGracePeriodSeconds."),
        disruptionBudget: disruptionBudgetSchema.prefault({}).describe("The PodDisruptionBudget; always leaves a voluntary disruption possible. Structured: see the disruptionBudget fields below."),
        autoscaling: serviceAutoscalingSchema.prefault({}).describe("KEDA triggers: CPU, requests per second, queue depth. Structured: see the autoscaling fields below."),
        allowInternetEgress: z.boolean().default(false).describe("Allow egress to the internet on 443 (e.g. push providers); otherwise only DNS, the AWS interface endpoints (S3 included) and the data stores the service uses."),
        dataStores: distinctList(z.enum(DATA_STORES), DATA_STORES.length, "each data store once")
            .default([])
            .describe("Data stores the service uses; decides which credentials it receives, what its IAM role may touch and which data-store ports its network policy opens."),
        queue: serviceQueueSchema
            .optional()
            .describe("A work queue the service consumes, in every region: an SQS queue and its dead-letter queue under the region's data key, reachable only by the service's role; omit for none."),
        canary: canarySchema
            .optional()
            .describe("Deploy as an Argo Rollouts canary (steps, analysis on the gateway's 5xx ratio and latency) instead of a rolling Deployment; needs observability mode selfHosted. Omit for a Deployment. Structured: see the canary fields below."),
        migrations: migrationsSchema
            .optional()
            .describe("Database migrations run before the new version's pods start (a Job; a PreSync hook under GitOps), logged in with the service's IAM token. Only for a service with postgres in dataStores. Structured: see the migrations fields below."),
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

/** Where a service's image comes from when it sets no `image`. */
export const serviceImagesSchema = z
    .object({
        registry: z
            .string()
            .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d{1,5})?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, "expected a registry host and optional path like 123456789012.dkr.ecr.us-east-1.amazonaws.com/platform")
            .optional()
            .describe("Registry (and path) of the services' images. Default: the stack account's ECR in each region, `<awsAccountId>.dkr.ecr.<region>.amazonaws.com`."),
        tag: z
            .string()
            .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "expected an image tag like 2026.11.3")
            .refine((tag) => tag !== "latest", "latest is a moving tag; expected a pinned release tag")
            .optional()
            .describe("Release tag of the services' images; required unless every service sets its own `image`."),
    })
    .strict();
export type ServiceImagesConfig = z.infer<typeof serviceImagesSchema>;

export const kedaSchema = z
    .object({
        chartVersion: z
            .string()
            .regex(/^2\.(\d+)\.(\d+)$/, "expected an exact KEDA 2.x chart version like 2.20.2 (no ranges: upgrades are reviewed)")
            .refine((v) => Number(v.split(".")[1]) >= 18, "the CPU trigger's trigger-level metricType needs KEDA 2.18 or later; expected 2.18.0 or later")
            .default(KEDA_CHART_VERSION)
            .describe(`KEDA Helm chart version (https://kedacore.github.io/charts; the values set are checked against ${KEDA_CHART_VERSION}).`),
        operatorReplicas: z.int().min(1).max(3).default(2).describe("KEDA operator replicas; more than one elects a leader and gets a PodDisruptionBudget."),
    })
    .strict();
export type KedaConfig = z.infer<typeof kedaSchema>;

export const argoRolloutsSchema = z
    .object({
        chartVersion: z
            .string()
            .regex(/^2\.(\d+)\.(\d+)$/, "expected an exact argo-rollouts 2.x chart version like 2.41.0 (no ranges: upgrades are reviewed)")
            .refine((v) => Number(v.split(".")[1]) >= 41, "the values set are checked against chart 2.41 (app v1.9); expected 2.41.0 or later")
            .default(ARGO_ROLLOUTS_CHART_VERSION)
            .describe(`Argo Rollouts Helm chart version (https://argoproj.github.io/argo-helm; values checked against ${ARGO_ROLLOUTS_CHART_VERSION}, app v1.9.0).`),
        controllerReplicas: z.int().min(1).max(3).default(2).describe("Controller replicas (leader election; more than one gets a PodDisruptionBudget). Default 2."),
    })
    .strict();
export type ArgoRolloutsConfig = z.infer<typeof argoRolloutsSchema>;

/** The default `services` map: the design's seven, the queue consumers with a queue, everything else defaulted. */
export const DEFAULT_SERVICES: Record<string, Record<string, unknown>> = Object.fromEntries(
    SERVICE_NAMES.map((name) => [name, DEFAULT_QUEUE_CONSUMERS.includes(name) ? { queue: {} } : {}]),
);

/** A DNS label (RFC 1123) starting with a letter: a namespace, Service and ServiceAccount name, and a safe Postgres role name. */
export const SERVICE_NAME_PATTERN = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Limits of the names derived from a service's name (see `derivedServiceNames`). */
export const NAME_LIMITS = {
    /** Namespace, Service, ServiceAccount: a DNS label. */
    dnsLabel: 63,
    /** KEDA names the HPA it creates `keda-hpa-<ScaledObject>`, a 63-character label: the ScaledObject (named after the service) may have 54. */
    scaledObject: 54,
    /** IAM role names. */
    iamRole: 64,
    /** SQS queue names, less the `-dlq` of the dead-letter queue. */
    sqsQueue: 80 - "-dlq".length,
} as const;
/** Pulumi auto-names a resource `<logical name>-<7 hex>`. */
export const AUTONAME_SUFFIX_LENGTH = 8;

/** Logical name of a service's IAM role (components/secrets/serviceAccess.ts), auto-named by Pulumi. */
export function serviceRoleLogicalName(prefix: string, service: string): string {
    return `${prefix}-service-access-${service}-role`;
}

/** Physical name of a service's SQS queue before truncation (components/services/serviceQueue.ts `queueNames`). */
export function serviceQueueBaseName(prefix: string, service: string): string {
    return `platform-${prefix}-${service}`;
}

/** Every name derived from a service's name in one region, with its limit. */
export function derivedServiceNames(args: { environment: string; region: string; service: string; queue: boolean }): Array<{ what: string; name: string; length: number; max: number }> {
    const prefix = regionPrefix(args.environment, args.region);
    const names: Array<{ what: string; name: string; length: number; max: number }> = [
        { what: "namespace", name: args.service, length: args.service.length, max: NAME_LIMITS.dnsLabel },
        { what: "KEDA ScaledObject (its HPA is keda-hpa-<name>)", name: args.service, length: args.service.length, max: NAME_LIMITS.scaledObject },
        {
            what: "IAM role (auto-named)",
            name: `${serviceRoleLogicalName(prefix, args.service)}-xxxxxxx`,
            length: serviceRoleLogicalName(prefix, args.service).length + AUTONAME_SUFFIX_LENGTH,
            max: NAME_LIMITS.iamRole,
        },
    ];
    if (args.queue) {
        const queue = serviceQueueBaseName(prefix, args.service);
        names.push({ what: "SQS queue", name: queue, length: queue.length, max: NAME_LIMITS.sqsQueue });
    }
    return names;
}

export interface ServiceProblem {
    path: Array<string | number>;
    message: string;
}

/** A service name: a DNS label, short enough for every name derived from it in every region of the stack. */
export function serviceNameProblems(name: string, args: { environment: string; regions: readonly string[]; queue: boolean }): ServiceProblem[] {
    const path = ["services", name];
    if (!SERVICE_NAME_PATTERN.test(name)) {
        return [{ path, message: `service name "${name}" is not a DNS label; expected lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen` }];
    }
    const problems: ServiceProblem[] = [];
    const seen = new Set<string>();
    for (const region of args.regions) {
        for (const derived of derivedServiceNames({ environment: args.environment, region, service: name, queue: args.queue })) {
            if (derived.length > derived.max && !seen.has(derived.what)) {
                seen.add(derived.what);
                problems.push({
                    path,
                    message: `service name "${name}" (${name.length} characters) is too long: its ${derived.what} in ${region} would be ${derived.name} (${derived.length} characters); expected at most ${derived.max}, so a name of at most ${name.length - (derived.length - derived.max)} characters`,
                });
            }
        }
    }
    return problems;
}

/** Cross-field checks of one service's workload settings (replicas, probes, PDB, drain timing, triggers, image). */
export function serviceWorkloadProblems(name: string, service: ServiceConfig, images: ServiceImagesConfig | undefined): ServiceProblem[] {
    const at = (...keys: string[]) => ["services", name, ...keys];
    const problems: ServiceProblem[] = [];
    if (service.minReplicas > service.maxReplicas) {
        problems.push({ path: at("minReplicas"), message: `minReplicas ${service.minReplicas} is greater than maxReplicas ${service.maxReplicas}` });
    }
    if (service.image !== undefined) {
        const problem = imagePinProblem(service.image);
        if (problem) {
            problems.push({ path: at("image"), message: problem });
        }
    } else if (images?.tag === undefined) {
        problems.push({ path: at("image"), message: "required but missing: no image, and no serviceImages.tag to build the default from (expected a pinned image, or serviceImages.tag)" });
    }
    if (service.probes.port !== undefined && service.probes.port !== service.port) {
        problems.push({
            path: at("probes", "port"),
            message: `probe port ${service.probes.port} is not the container's port ${service.port}; expected ${service.port} (the container exposes only that port), or leave it unset`,
        });
    }
    const budget = service.disruptionBudget;
    if (budget.maxUnavailable !== undefined && budget.minAvailable !== undefined) {
        problems.push({ path: at("disruptionBudget"), message: "both maxUnavailable and minAvailable are set; expected one of them (Kubernetes accepts only one)" });
    } else if (budget.minAvailable !== undefined && budget.minAvailable >= service.minReplicas) {
        problems.push({
            path: at("disruptionBudget", "minAvailable"),
            message: `minAvailable ${budget.minAvailable} is not below minReplicas ${service.minReplicas}: at the floor no pod could be evicted and node drains would hang; expected at most ${service.minReplicas - 1}`,
        });
    }
    if (service.preStopSleepSeconds >= service.terminationGracePeriodSeconds) {
        problems.push({
            path: at("preStopSleepSeconds"),
            message: `preStopSleepSeconds ${service.preStopSleepSeconds} is not below terminationGracePeriodSeconds ${service.terminationGracePeriodSeconds}; expected a shorter sleep, so the process still gets SIGTERM and time to finish`,
        });
    }
    if (service.autoscaling.queueLength !== undefined && service.queue === undefined) {
        problems.push({
            path: at("autoscaling", "queueLength"),
            message: `a queue-depth trigger (queueLength ${service.autoscaling.queueLength}) for a service without a queue; expected services.${name}.queue, or no queueLength`,
        });
    }
    return problems;
}

/** The queue-depth trigger's messages per pod, or undefined for a service without a queue. */
export function queueTriggerLength(service: ServiceConfig): number | undefined {
    return service.queue === undefined ? undefined : (service.autoscaling.queueLength ?? 5);
}

/** The PodDisruptionBudget's one bound: the configured one, else maxUnavailable 1. */
export function disruptionBudgetBound(service: ServiceConfig): { maxUnavailable: number } | { minAvailable: number } {
    const budget = service.disruptionBudget;
    return budget.minAvailable !== undefined ? { minAvailable: budget.minAvailable } : { maxUnavailable: budget.maxUnavailable ?? 1 };
}

/**
 * Cross-field checks of a service's delivery settings: canary steps (weights strictly increasing, 1-100, at least
 * one), a Prometheus for the canary analysis, and migrations only for a service that owns a Postgres schema.
 */
export function serviceDeliveryProblems(name: string, service: ServiceConfig, context: { observabilityMode?: "selfHosted" | "datadog" }): ServiceProblem[] {
    const at = (...keys: Array<string | number>) => ["services", name, ...keys];
    const problems: ServiceProblem[] = [];
    const canary = service.canary;
    if (canary) {
        let previous = 0;
        canary.steps.forEach((step, i) => {
            if ("setWeight" in step) {
                if (step.setWeight <= previous) {
                    problems.push({
                        path: at("canary", "steps", i, "setWeight"),
                        message: `weight ${step.setWeight} does not increase on the previous ${previous}; expected strictly increasing weights (1-100)`,
                    });
                }
                previous = Math.max(previous, step.setWeight);
            }
        });
        if (!canary.steps.some((step) => "setWeight" in step)) {
            problems.push({ path: at("canary", "steps"), message: "no setWeight step; expected at least one, e.g. [{setWeight: 20}, {pause: {duration: 5m}}]" });
        }
        const defaultPrometheus = service.autoscaling.prometheusServerAddress === DEFAULT_PROMETHEUS_ADDRESS;
        if (context.observabilityMode !== "selfHosted" && defaultPrometheus) {
            problems.push({
                path: at("canary"),
                message: `the canary analysis queries Prometheus, and observability mode is ${context.observabilityMode ?? "unset"} (no kube-prometheus-stack); expected observability.mode selfHosted, or autoscaling.prometheusServerAddress naming a Prometheus that scrapes Kong`,
            });
        }
    }
    const migrations = service.migrations;
    if (migrations) {
        if (!service.dataStores.includes("postgres")) {
            problems.push({
                path: at("migrations"),
                message: `migrations for a service without postgres in dataStores (found ${JSON.stringify(service.dataStores)}); expected dataStores to include postgres (the service's own schema), or no migrations`,
            });
        }
        if (migrations.image !== undefined) {
            const problem = imagePinProblem(migrations.image);
            if (problem) {
                problems.push({ path: at("migrations", "image"), message: problem });
            }
        }
    }
    return problems;
}

/** The command a service's migration Job runs: the configured one, else the tool's. */
export function migrationCommand(migrations: MigrationsConfig): string {
    return migrations.command ?? MIGRATION_COMMANDS[migrations.tool];
}

/** Whether any service deploys as a canary (Argo Rollouts is installed only then). */
export function anyCanary(services: Record<string, ServiceConfig>): boolean {
    return Object.values(services).some((s) => s.canary !== undefined);
}
