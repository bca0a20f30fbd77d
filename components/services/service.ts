/**
 * One service in one region's cluster: its Deployment, Service, PodDisruptionBudget, KEDA ScaledObject and
 * (for a queue consumer) the TriggerAuthentication of its queue-depth trigger. The namespace, ServiceAccount
 * (IRSA), ConfigMap and ExternalSecret come from the cluster baseline and service access; the queue from
 * ServiceQueue. Every manifest is a pure function below, unit-tested without mocks.
 *
 * Autoscaling is KEDA's alone: the Deployment sets no `spec.replicas` (KEDA's HPA owns it; a value here would
 * fight it on every update, keda#5572), and no HPA is declared beside the ScaledObject. The CPU trigger reads
 * the resource metrics API: it needs metrics-server, which the observability module installs.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { disruptionBudgetBound, queueTriggerLength, ServiceConfig } from "../../config";
import { serviceRepositoryName } from "../delivery/registry";
import { serviceRequestRateQuery } from "../gateway/kongNames";

/** The label the service contract selects pods by. */
export const SERVICE_LABEL = "app.kubernetes.io/name";
export const CONTAINER_PORT_NAME = "http";
export const KEDA_API_VERSION = "keda.sh/v1alpha1";
/** The writable scratch space a read-only root filesystem leaves the process. */
export const TMP_VOLUME = { name: "tmp", mountPath: "/tmp", sizeLimit: "256Mi" } as const;
/** Startup probes run this often; `probes.startupFailureThreshold` of them bound the start. */
export const STARTUP_PROBE_PERIOD_SECONDS = 5;

/** Labels on every object of a service; the selector is the first one alone (selectors are immutable). */
export function serviceLabels(service: string): Record<string, string> {
    return { [SERVICE_LABEL]: service, "app.kubernetes.io/part-of": "platform", "app.kubernetes.io/managed-by": "pulumi", "platform/service": service };
}

export function serviceSelector(service: string): Record<string, string> {
    return { [SERVICE_LABEL]: service };
}

/** Where a service's default image lives: the stack's ECR repositories (`platform:delivery.registry`) in `region`. */
export interface ServiceRegistryLocation {
    /** `delivery.registry.repositoryPrefix`: the repository is `<prefix>/<service>` (components/delivery/registry.ts). */
    repositoryPrefix: string;
    /** The region whose registry holds the repository for this workload: its own when replicated there, else the primary. */
    region: string;
}

/**
 * The repository (without tag or digest) of a service's default image: the stack's ECR repository
 * `<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<service>` when the registry is configured, else
 * `serviceImages.registry` (or the account's ECR in the region) followed by the service's name.
 */
export function serviceImageRepository(args: { service: string; images: { registry?: string }; accountId: string; region: string; ecr?: ServiceRegistryLocation }): string {
    if (args.images.registry !== undefined) {
        return `${args.images.registry}/${args.service}`;
    }
    if (args.ecr !== undefined) {
        return `${args.accountId}.dkr.ecr.${args.ecr.region}.amazonaws.com/${serviceRepositoryName(args.ecr.repositoryPrefix, args.service)}`;
    }
    return `${args.accountId}.dkr.ecr.${args.region}.amazonaws.com/${args.service}`;
}

/** The image a service runs: its own pinned `image`, or `<repository>:<tag>` (repository: `serviceImageRepository`). */
export function serviceImage(args: {
    service: string;
    settings: ServiceConfig;
    images: { registry?: string; tag?: string };
    accountId: string;
    region: string;
    ecr?: ServiceRegistryLocation;
}): string {
    if (args.settings.image !== undefined) {
        return args.settings.image;
    }
    if (args.images.tag === undefined) {
        throw new Error(`service ${args.service} has no image and serviceImages.tag is not set (validation should have refused this)`);
    }
    return `${serviceImageRepository(args)}:${args.images.tag}`;
}

const httpGet = (path: string) => ({ httpGet: { path, port: CONTAINER_PORT_NAME, scheme: "HTTP" } });

/** Readiness, liveness and startup probes on the container's own port (by name, so they cannot drift from it). */
export function serviceProbes(settings: ServiceConfig): Pick<k8s.types.input.core.v1.Container, "readinessProbe" | "livenessProbe" | "startupProbe"> {
    const p = settings.probes;
    return {
        startupProbe: { ...httpGet(p.startupPath), periodSeconds: STARTUP_PROBE_PERIOD_SECONDS, timeoutSeconds: p.timeoutSeconds, failureThreshold: p.startupFailureThreshold },
        readinessProbe: { ...httpGet(p.readinessPath), periodSeconds: p.periodSeconds, timeoutSeconds: p.timeoutSeconds, failureThreshold: 3, successThreshold: 1 },
        livenessProbe: { ...httpGet(p.livenessPath), periodSeconds: p.periodSeconds, timeoutSeconds: p.timeoutSeconds, failureThreshold: p.livenessFailureThreshold },
    };
}

/** Pod Security `restricted`, and more: no root, no privilege escalation, no capabilities, RuntimeDefault seccomp, read-only root. */
export function restrictedContainerSecurityContext(): k8s.types.input.core.v1.SecurityContext {
    return {
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/**
 * Spread over zones (hard: a zone outage takes at most its share) and nodes (soft: never blocks a scale-up).
 * `pod-template-hash` spreads each rollout's pods on their own, so a rollout does not pile into one zone.
 */
export function topologySpread(service: string): k8s.types.input.core.v1.TopologySpreadConstraint[] {
    const labelSelector = { matchLabels: serviceSelector(service) };
    return [
        { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector, matchLabelKeys: ["pod-template-hash"] },
        { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector, matchLabelKeys: ["pod-template-hash"] },
    ];
}

export interface DeploymentManifestArgs {
    service: string;
    namespace: string;
    settings: ServiceConfig;
    image: string;
    /** ConfigMap of 12-factor settings (service access). */
    configMapName: string;
    /** The ExternalSecret's Secret, for services that receive credentials. */
    secretName?: string;
}

/**
 * The Deployment: no `replicas` (KEDA owns it), rolling update that never drops below the current count,
 * preStop sleep so the NLB and Kong deregister the pod before it stops accepting (the sleep runs inside the
 * grace period), ConfigMap and Secret as environment.
 */
export function deploymentManifest(args: DeploymentManifestArgs) {
    const { service, settings } = args;
    const envFrom: k8s.types.input.core.v1.EnvFromSource[] = [{ configMapRef: { name: args.configMapName } }];
    if (args.secretName) {
        envFrom.push({ secretRef: { name: args.secretName } });
    }
    return {
        metadata: { name: service, namespace: args.namespace, labels: serviceLabels(service) },
        spec: {
            selector: { matchLabels: serviceSelector(service) },
            strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
            revisionHistoryLimit: 5,
            template: {
                metadata: { labels: serviceLabels(service) },
                spec: {
                    serviceAccountName: service,
                    // IRSA projects its own token; the pod gets no Kubernetes API token.
                    automountServiceAccountToken: false,
                    enableServiceLinks: false,
                    terminationGracePeriodSeconds: settings.terminationGracePeriodSeconds,
                    securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                    topologySpreadConstraints: topologySpread(service),
                    containers: [
                        {
                            name: service,
                            image: args.image,
                            imagePullPolicy: "IfNotPresent",
                            ports: [{ name: CONTAINER_PORT_NAME, containerPort: settings.port, protocol: "TCP" }],
                            envFrom,
                            env: [{ name: "PORT", value: String(settings.port) }],
                            resources: {
                                requests: { cpu: settings.cpuRequest, memory: settings.memoryRequest },
                                limits: { cpu: settings.cpuLimit, memory: settings.memoryLimit },
                            },
                            ...serviceProbes(settings),
                            lifecycle: { preStop: { sleep: { seconds: settings.preStopSleepSeconds } } },
                            securityContext: restrictedContainerSecurityContext(),
                            volumeMounts: [{ name: TMP_VOLUME.name, mountPath: TMP_VOLUME.mountPath }],
                        },
                    ],
                    volumes: [{ name: TMP_VOLUME.name, emptyDir: { sizeLimit: TMP_VOLUME.sizeLimit } }],
                },
            },
        },
    };
}

/** The Service `<s>` in namespace `<s>`: port `port` named http to the container's `http` (the service contract). */
export function serviceManifest(args: { service: string; namespace: string; port: number; annotations?: Record<string, string> }) {
    const annotations = args.annotations && Object.keys(args.annotations).length > 0 ? { annotations: args.annotations } : {};
    return {
        metadata: { name: args.service, namespace: args.namespace, labels: serviceLabels(args.service), ...annotations },
        spec: {
            type: "ClusterIP",
            selector: serviceSelector(args.service),
            ports: [{ name: CONTAINER_PORT_NAME, port: args.port, targetPort: CONTAINER_PORT_NAME, protocol: "TCP", appProtocol: "http" }],
        },
    };
}

/** The PodDisruptionBudget: one bound from config, validated to leave a disruption possible at minReplicas. */
export function podDisruptionBudgetManifest(args: { service: string; namespace: string; settings: ServiceConfig }) {
    return {
        metadata: { name: args.service, namespace: args.namespace, labels: serviceLabels(args.service) },
        spec: {
            ...disruptionBudgetBound(args.settings),
            selector: { matchLabels: serviceSelector(args.service) },
            // Pods not yet ready may always be evicted: a crash-looping rollout must not block a drain.
            unhealthyPodEvictionPolicy: "AlwaysAllow",
        },
    };
}

/** Name of the TriggerAuthentication of a service's queue-depth trigger. */
export function queueTriggerAuthenticationName(service: string): string {
    return `${service}-sqs`;
}

/**
 * The queue trigger's authentication: AWS pod identity owned by KEDA, i.e. the operator's own IRSA role
 * (which may only read these queues' attributes). Never static keys.
 */
export function triggerAuthenticationManifest(args: { service: string; namespace: string }) {
    return {
        apiVersion: KEDA_API_VERSION,
        kind: "TriggerAuthentication",
        metadata: { name: queueTriggerAuthenticationName(args.service), namespace: args.namespace, labels: serviceLabels(args.service) },
        spec: { podIdentity: { provider: "aws", identityOwner: "keda" } },
    };
}

export interface ScaledObjectArgs {
    service: string;
    /** A canary service: KEDA scales its Rollout (through the scale subresource), not a Deployment. */
    canary?: boolean;
    namespace: string;
    settings: ServiceConfig;
    region: string;
    /** The service's queue URL, for a queue consumer. */
    queueUrl?: string;
}

/** The triggers: CPU, gateway requests per second, and queue depth for a queue consumer. */
export function scaledObjectTriggers(args: ScaledObjectArgs): Array<Record<string, unknown>> {
    const { service, settings } = args;
    const autoscaling = settings.autoscaling;
    const triggers: Array<Record<string, unknown>> = [
        // Trigger-level metricType (metadata.type was removed in KEDA 2.18).
        { type: "cpu", name: "cpu", metricType: "Utilization", metadata: { value: String(autoscaling.cpuUtilization) } },
        {
            type: "prometheus",
            name: "requests-per-second",
            metricType: "AverageValue",
            metadata: {
                serverAddress: autoscaling.prometheusServerAddress,
                query: serviceRequestRateQuery(args.namespace, service, settings.port),
                threshold: String(autoscaling.requestsPerSecondPerPod),
                // No traffic (or no series yet) is zero requests, not an error that trips the fallback.
                ignoreNullValues: "true",
            },
        },
    ];
    const queueLength = queueTriggerLength(settings);
    if (queueLength !== undefined) {
        if (args.queueUrl === undefined) {
            throw new Error(`service ${service} has a queue trigger but no queue URL`);
        }
        triggers.push({
            type: "aws-sqs-queue",
            name: "queue-depth",
            metricType: "AverageValue",
            authenticationRef: { name: queueTriggerAuthenticationName(service), kind: "TriggerAuthentication" },
            metadata: { queueURL: args.queueUrl, awsRegion: args.region, queueLength: String(queueLength), scaleOnInFlight: "true" },
        });
    }
    return triggers;
}

/** The ScaledObject `<s>`: KEDA's HPA `keda-hpa-<s>` between min and max replicas on the triggers above. */
export function scaledObjectManifest(args: ScaledObjectArgs) {
    const { service, settings } = args;
    return {
        apiVersion: KEDA_API_VERSION,
        kind: "ScaledObject",
        metadata: { name: service, namespace: args.namespace, labels: serviceLabels(service) },
        spec: {
            scaleTargetRef: args.canary ? { apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", name: service } : { apiVersion: "apps/v1", kind: "Deployment", name: service },
            minReplicaCount: settings.minReplicas,
            maxReplicaCount: settings.maxReplicas,
            pollingInterval: settings.autoscaling.pollingIntervalSeconds,
            cooldownPeriod: settings.autoscaling.cooldownPeriodSeconds,
            // If a scaler errors (Prometheus down), hold the floor rather than freeze at whatever count it had.
            fallback: { failureThreshold: 3, replicas: settings.minReplicas },
            triggers: scaledObjectTriggers(args),
        },
    };
}

export interface ServiceArgs {
    service: string;
    settings: ServiceConfig;
    region: string;
    image: string;
    /** The namespace from the Kubernetes baseline (named after the service). */
    namespace: pulumi.Input<string>;
    configMapName: string;
    secretName?: string;
    queueUrl?: pulumi.Input<string>;
    /** Annotations of the Kubernetes Service: the gateway's per-service Kong settings (websocket timeouts), read by KIC from the backend Service. */
    serviceAnnotations?: Record<string, string>;
    /**
     * Who owns the workload (Deployment or Rollout, migration Job): `pulumi` registers them here; `gitops` leaves
     * them to Argo CD (rendered by `npm run gitops`) and registers only what surrounds them.
     */
    owner: "pulumi" | "gitops";
    /** Run the service's migrations in this region (the primary: the secondaries' databases are read replicas). */
    runsMigrations: boolean;
    /**
     * What must exist first: service access (ServiceAccount, ConfigMap, ExternalSecret), KEDA's release, for a
     * canary Argo Rollouts' release, and for migrations the database bootstrap (the service's role and schema).
     */
    dependsOn: { workload: pulumi.Resource[]; keda: pulumi.Resource[]; rollouts: pulumi.Resource[]; migrations: pulumi.Resource[] };
}

export class Service extends pulumi.ComponentResource {
    /** The Deployment or Rollout when Pulumi owns the workload; undefined under GitOps. */
    readonly workload?: pulumi.CustomResource;

    /** opts.provider: the cluster's Kubernetes provider. */
    constructor(name: string, args: ServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:services:Service", name, {}, opts);
        const parent = { parent: this };
        const { service, settings } = args;
        const canary = settings.canary;
        // The namespace is always the service's name; the Output carries the dependency on the Namespace.
        const namespace = args.namespace;
        const withNamespace = <T extends { metadata: { namespace: string } }>(manifest: T) => ({ ...manifest, metadata: { ...manifest.metadata, namespace } });
        const migrations = args.runsMigrations ? settings.migrations : undefined;

        let migrationJob: pulumi.Resource | undefined;
        if (migrations) {
            // Loaded only by stacks with migrations (and canaries, below): the preview path stays light.
            const m = require("./migrations") as typeof import("./migrations");
            // Both owners mount Amazon's RDS roots of the region from here.
            const caBundle = new k8s.core.v1.ConfigMap(
                `${name}-rds-ca`,
                { metadata: { name: m.RDS_CA_CONFIG_MAP, namespace, labels: m.migrationLabels(service) }, data: { [m.RDS_CA_FILE]: m.regionalRdsCaBundle(args.region) } },
                { ...parent, dependsOn: args.dependsOn.workload },
            );
            if (args.owner === "pulumi") {
                const job = m.migrationJobManifest({ service, namespace: service, migrations, image: migrations.image ?? args.image, configMapName: args.configMapName, hook: false });
                migrationJob = new k8s.batch.v1.Job(`${name}-migration`, withNamespace(job), {
                    ...parent,
                    dependsOn: [...args.dependsOn.workload, ...args.dependsOn.migrations, caBundle],
                    customTimeouts: { create: m.migrationAwaitTimeout(migrations), update: m.migrationAwaitTimeout(migrations) },
                });
            }
        }

        const workloadArgs = { service, namespace: service, settings, image: args.image, configMapName: args.configMapName, secretName: args.secretName };
        const workloadDeps = { ...parent, dependsOn: [...args.dependsOn.workload, ...(migrationJob ? [migrationJob] : [])] };
        let analysisTemplate: pulumi.Resource | undefined;
        if (canary) {
            const r = require("./rollout") as typeof import("./rollout");
            analysisTemplate = new k8s.apiextensions.CustomResource(
                `${name}-analysis`,
                withNamespace(
                    r.analysisTemplateManifest({ service, namespace: service, port: settings.port, analysis: canary.analysis, prometheusAddress: settings.autoscaling.prometheusServerAddress }),
                ),
                { ...parent, dependsOn: args.dependsOn.rollouts },
            );
            if (args.owner === "pulumi") {
                this.workload = new k8s.apiextensions.CustomResource(`${name}-rollout`, withNamespace(r.rolloutManifest({ ...workloadArgs, canary })), {
                    ...workloadDeps,
                    dependsOn: [...workloadDeps.dependsOn, ...args.dependsOn.rollouts, analysisTemplate],
                });
            }
        } else if (args.owner === "pulumi") {
            this.workload = new k8s.apps.v1.Deployment(`${name}-deployment`, withNamespace(deploymentManifest(workloadArgs)), workloadDeps);
        }
        new k8s.core.v1.Service(`${name}-service`, withNamespace(serviceManifest({ service, namespace: service, port: settings.port, annotations: args.serviceAnnotations })), parent);
        new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, withNamespace(podDisruptionBudgetManifest({ service, namespace: service, settings })), parent);

        const kedaReady = { ...parent, dependsOn: [...args.dependsOn.keda, ...(this.workload ? [this.workload] : [])] };
        const hasQueueTrigger = queueTriggerLength(settings) !== undefined;
        if (hasQueueTrigger) {
            new k8s.apiextensions.CustomResource(`${name}-trigger-auth`, withNamespace(triggerAuthenticationManifest({ service, namespace: service })), kedaReady);
        }
        const scaledObject = pulumi
            .output(args.queueUrl)
            .apply((queueUrl) => scaledObjectManifest({ service, namespace: service, settings, region: args.region, queueUrl, canary: canary !== undefined }));
        new k8s.apiextensions.CustomResource(
            `${name}-scaled-object`,
            { apiVersion: KEDA_API_VERSION, kind: "ScaledObject", metadata: { name: service, namespace, labels: serviceLabels(service) }, spec: scaledObject.spec },
            kedaReady,
        );
        this.registerOutputs({ workload: this.workload?.id, owner: args.owner });
    }
}
