/**
 * Observability of one region's cluster, by `platform:observability.mode`:
 * - selfHosted: kube-prometheus-stack (Prometheus on an encrypted gp3 volume, Alertmanager configured from a
 *   Secret External Secrets renders, Grafana with admin credentials from Secrets Manager, node exporter,
 *   kube-state-metrics), metrics-server, Tempo on an S3 bucket of ours through IRSA, Fluent Bit to ELK or
 *   CloudWatch Logs, dashboards (one ConfigMap), alerts (one PrometheusRule), one PodMonitor for the services.
 * - datadog: the Datadog agent with its API key from Secrets Manager, and monitors equivalent to the rules.
 * Secrets come from `platform/<env>/monitoring/*` only, through namespaced SecretStores whose IRSA role may read
 * nothing else (the pattern of components/secrets/externalSecrets.ts).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ObservabilityConfig } from "../../config/sections/observability";
import { BucketLifecycleConfig } from "../../config/sections/datastores/buckets";
import { irsaTrustPolicy, policyDocument, PolicyDocument, PolicyStatement } from "../../lib/iam";
import { resourceTags } from "../../lib/tags";
import { podSecurityLabels } from "../cluster/kubernetesBaseline";
import { bucketName, SecureBucket } from "../datastores/buckets";
import { EXTERNAL_SECRETS_API_VERSION, secretArn, secretReadStatements } from "../secrets/externalSecrets";
import { datadogMonitorSpecs, platformRuleGroups } from "./alerts";
import { dataStoresDashboard, gatewayDashboard, servicesDashboard } from "./dashboards";
import {
    DATADOG_RELEASE,
    datadogAgentHost,
    FLUENT_BIT_RELEASE,
    GRAFANA_DASHBOARD_LABEL,
    KUBE_PROMETHEUS_STACK_RELEASE,
    METRICS_SERVER_NAMESPACE,
    METRICS_SERVER_RELEASE,
    MONITORING_NAMESPACE,
    monitoringSecretName,
    monitoringSecretPrefix,
    NODE_AGENTS_NAMESPACE,
    PROMETHEUS_SELECTOR_LABELS,
    TEMPO_RELEASE,
    tempoTracesEndpoint,
} from "./names";
import {
    ALERTMANAGER_CONFIG_KEY,
    ALERTMANAGER_CONFIG_SECRET,
    alertmanagerConfigTemplate,
    DATADOG_API_KEY_KEY,
    DATADOG_API_KEY_SECRET,
    datadogValues,
    ELK_CREDENTIALS_SECRET,
    ENCRYPTED_GP3_STORAGE_CLASS,
    fluentBitValues,
    GRAFANA_ADMIN_PASSWORD_KEY,
    GRAFANA_ADMIN_SECRET,
    GRAFANA_ADMIN_USER_KEY,
    kubePrometheusStackValues,
    LogDestination,
    metricsServerValues,
    receiverSecretKey,
    tempoValues,
} from "./values";
import { HELM_RELEASE_POLICY } from "../helm";

export const CHART_REPOSITORIES = {
    kubePrometheusStack: "https://prometheus-community.github.io/helm-charts",
    metricsServer: "https://kubernetes-sigs.github.io/metrics-server/",
    tempo: "https://grafana-community.github.io/helm-charts",
    fluentBit: "https://fluent.github.io/helm-charts",
    datadog: "https://helm.datadoghq.com",
} as const;
export const PROMETHEUS_OPERATOR_API_VERSION = "monitoring.coreos.com/v1";
/** The ServiceAccount each namespace's SecretStore authenticates as; no pod runs as it. */
export const MONITORING_SECRETS_SERVICE_ACCOUNT = "monitoring-secrets";
export const MONITORING_SECRET_STORE = "monitoring-secrets";
/** Service accounts the charts create (fullname of each release). */
export const TEMPO_SERVICE_ACCOUNT = TEMPO_RELEASE;
export const GRAFANA_SERVICE_ACCOUNT = `${KUBE_PROMETHEUS_STACK_RELEASE}-grafana`;
export const FLUENT_BIT_SERVICE_ACCOUNT = FLUENT_BIT_RELEASE;

/**
 * Node agents need the host (node exporter: host network, PID and root filesystem; Fluent Bit and the
 * Datadog agent: hostPath log directories), which even `baseline` forbids: their namespace enforces
 * `privileged` and audits and warns at `baseline`, so anything beyond host access still shows up.
 */
export function nodeAgentsNamespaceLabels(): Record<string, string> {
    return {
        "pod-security.kubernetes.io/enforce": "privileged",
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/audit": "baseline",
        "pod-security.kubernetes.io/warn": "baseline",
    };
}

/** IRSA trust for one ServiceAccount name in several namespaces (one statement per namespace). */
export function multiNamespaceTrustPolicy(args: { oidcProviderArn: string; oidcIssuerUrl: string; namespaces: string[]; serviceAccount: string }): PolicyDocument {
    return policyDocument(args.namespaces.flatMap((namespace) => irsaTrustPolicy({ ...args, namespace, serviceAccounts: [args.serviceAccount] }).Statement));
}

/** Tempo's object store: its bucket and objects only, and the S3 key only through S3 in this region. */
export function tempoBucketStatements(args: { bucketArn: string; s3KeyArn: string; region: string }): PolicyStatement[] {
    return [
        { Sid: "TraceObjects", Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:GetObjectTagging", "s3:PutObjectTagging"], Resource: `${args.bucketArn}/*` },
        { Sid: "TraceBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: args.bucketArn },
        {
            Sid: "TraceEncryption",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: args.s3KeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${args.region}.amazonaws.com` } },
        },
    ];
}

/** Fluent Bit writes streams of the one log group Pulumi created, nothing else (the group itself is Pulumi's). */
export function logShipperStatements(logGroupArn: string): PolicyStatement[] {
    return [
        { Sid: "ContainerLogStreams", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [logGroupArn, `${logGroupArn}:log-stream:*`] },
    ];
}

/**
 * Grafana's CloudWatch data source: reading metrics (these CloudWatch actions support no resource-level
 * scoping, hence `*`) and listing what exists. Nothing that writes.
 */
export function grafanaCloudWatchStatements(): PolicyStatement[] {
    return [
        {
            Sid: "ReadCloudWatchMetrics",
            Effect: "Allow",
            Action: ["cloudwatch:GetMetricData", "cloudwatch:ListMetrics", "cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmsForMetric", "cloudwatch:GetMetricStatistics", "tag:GetResources"],
            Resource: "*",
        },
    ];
}

/** The EBS CSI driver may use the EBS key for the volumes it creates (grants only for AWS resources). */
export function ebsCsiKeyStatements(ebsKeyArn: string): PolicyStatement[] {
    return [
        { Sid: "EbsVolumeKeyUse", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], Resource: ebsKeyArn },
        { Sid: "EbsVolumeKeyGrants", Effect: "Allow", Action: "kms:CreateGrant", Resource: ebsKeyArn, Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } },
    ];
}

/** Traces are disposable after the retention: Tempo deletes blocks itself; the bucket expires what is left a day later. */
export function tracesBucketLifecycle(retentionDays: number): BucketLifecycleConfig {
    return { expirationDays: retentionDays + 1, noncurrentVersionExpirationDays: 1, abortIncompleteMultipartUploadDays: 1 };
}

export function tracesBucketName(args: { environment: string; region: string; accountId: string }): string {
    return bucketName({ ...args, purpose: "traces" });
}

export interface ObservabilityArgs {
    config: ObservabilityConfig;
    environment: string;
    accountId: string;
    region: string;
    prefix: string;
    clusterName: string;
    services: string[];
    oidcProviderArn: pulumi.Input<string>;
    oidcProviderUrl: pulumi.Input<string>;
    keys: { secretsDataKey: pulumi.Input<string>; s3: pulumi.Input<string>; logs: pulumi.Input<string>; ebs: pulumi.Input<string> };
    /** Region of the platform's secrets (the primary); the monitoring secrets live there too. */
    secretsRegion: string;
    ebsCsiRoleName: pulumi.Input<string>;
    /** The region's access-log bucket, which admits the traces bucket's logs (components/datastores/buckets.ts). */
    accessLogs: { bucketName: pulumi.Input<string> };
    /** External Secrets must exist first (its release brings the CRDs). */
    externalSecretsReady: pulumi.Resource[];
    externalSecretsRefreshInterval: string;
    logRetentionDays?: number;
    dataStores: { postgresInstanceId?: string; redis: boolean; queueUrls: Array<{ url: pulumi.Input<string>; deadLetterUrl: pulumi.Input<string> }> };
    protect: boolean;
    /** Datadog monitors' provider (datadog mode); created once per stack by the caller. */
    datadogProvider?: pulumi.ProviderResource;
}

export class Observability extends pulumi.ComponentResource {
    /** Kong's `opentelemetry` plugin `traces_endpoint` (selfHosted). */
    readonly otlpTracesEndpoint?: string;
    /** Kong's `datadog` plugin `host` (datadog mode). */
    readonly datadogAgentHost?: string;
    readonly tracesBucketName?: pulumi.Output<string>;

    /** opts.providers: the region's AWS provider and the cluster's Kubernetes provider. */
    constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:Observability", name, {}, opts);
        const parent = { parent: this };
        const selfHosted = args.config.mode === "selfHosted";
        const elk = selfHosted ? args.config.selfHosted.elk : undefined;

        const agents = new k8s.core.v1.Namespace(
            `${name}-node-agents-ns`,
            { metadata: { name: NODE_AGENTS_NAMESPACE, labels: { ...nodeAgentsNamespaceLabels(), "platform/component": "observability" } } },
            parent,
        );
        const monitoring = selfHosted
            ? new k8s.core.v1.Namespace(
                  `${name}-monitoring-ns`,
                  { metadata: { name: MONITORING_NAMESPACE, labels: { ...podSecurityLabels("restricted"), "platform/component": "observability" } } },
                  parent,
              )
            : undefined;

        // One role for the monitoring secrets, assumed by the store ServiceAccount of each namespace that pulls them.
        const storeNamespaces = [...(monitoring ? [MONITORING_NAMESPACE] : []), ...(!selfHosted || elk ? [NODE_AGENTS_NAMESPACE] : [])];
        // Permissions inline on each role (one resource instead of two; these roles have no other use).
        const secretsRole = new aws.iam.Role(
            `${name}-secrets-role`,
            {
                description: `Monitoring (${args.environment}, ${args.region}): read ${monitoringSecretPrefix(args.environment)}*`,
                assumeRolePolicy: pulumi
                    .all([args.oidcProviderArn, args.oidcProviderUrl])
                    .apply(([arn, url]) =>
                        JSON.stringify(multiNamespaceTrustPolicy({ oidcProviderArn: arn, oidcIssuerUrl: url, namespaces: storeNamespaces, serviceAccount: MONITORING_SECRETS_SERVICE_ACCOUNT })),
                    ),
                inlinePolicies: [
                    {
                        name: "read-monitoring-secrets",
                        policy: pulumi.output(args.keys.secretsDataKey).apply((dataKeyArn) =>
                            JSON.stringify(
                                policyDocument(
                                    secretReadStatements({
                                        secretArns: [secretArn({ region: args.secretsRegion, accountId: args.accountId, name: `${monitoringSecretPrefix(args.environment)}*` })],
                                        dataKeyArn,
                                        secretsRegion: args.secretsRegion,
                                    }),
                                ),
                            ),
                        ),
                    },
                ],
                tags: resourceTags("observability", "confidential"),
            },
            parent,
        );
        const stores: Record<string, pulumi.Resource> = {};
        const namespaceResources: Record<string, k8s.core.v1.Namespace> = { [NODE_AGENTS_NAMESPACE]: agents, ...(monitoring ? { [MONITORING_NAMESPACE]: monitoring } : {}) };
        for (const ns of storeNamespaces) {
            const sa = new k8s.core.v1.ServiceAccount(
                `${name}-${ns}-secrets-sa`,
                {
                    metadata: {
                        name: MONITORING_SECRETS_SERVICE_ACCOUNT,
                        namespace: namespaceResources[ns].metadata.name,
                        annotations: { "eks.amazonaws.com/role-arn": secretsRole.arn, "eks.amazonaws.com/sts-regional-endpoints": "true" },
                    },
                    automountServiceAccountToken: false,
                },
                parent,
            );
            stores[ns] = new k8s.apiextensions.CustomResource(
                `${name}-${ns}-store`,
                {
                    apiVersion: EXTERNAL_SECRETS_API_VERSION,
                    kind: "SecretStore",
                    metadata: { name: MONITORING_SECRET_STORE, namespace: ns },
                    spec: { provider: { aws: { service: "SecretsManager", region: args.secretsRegion, auth: { jwt: { serviceAccountRef: { name: MONITORING_SECRETS_SERVICE_ACCOUNT } } } } } },
                },
                { ...parent, dependsOn: [...args.externalSecretsReady, sa] },
            );
        }
        const externalSecret = (suffix: string, namespace: string, spec: Record<string, unknown>) =>
            new k8s.apiextensions.CustomResource(
                `${name}-${suffix}`,
                {
                    apiVersion: EXTERNAL_SECRETS_API_VERSION,
                    kind: "ExternalSecret",
                    metadata: { name: (spec.target as { name: string }).name, namespace },
                    spec: { refreshInterval: args.externalSecretsRefreshInterval, secretStoreRef: { kind: "SecretStore", name: MONITORING_SECRET_STORE }, ...spec },
                },
                { ...parent, dependsOn: [stores[namespace]] },
            );
        const secretKey = (relative: string) => monitoringSecretName(args.environment, relative);

        if (selfHosted) {
            const s = args.config.selfHosted;
            const grafanaAdmin = externalSecret("grafana-admin", MONITORING_NAMESPACE, {
                target: { name: GRAFANA_ADMIN_SECRET, creationPolicy: "Owner" },
                data: [
                    { secretKey: GRAFANA_ADMIN_USER_KEY, remoteRef: { key: secretKey(s.grafanaAdminKey), property: "username" } },
                    { secretKey: GRAFANA_ADMIN_PASSWORD_KEY, remoteRef: { key: secretKey(s.grafanaAdminKey), property: "password" } },
                ],
            });
            const alertmanagerConfig = externalSecret("alertmanager-config", MONITORING_NAMESPACE, {
                target: {
                    name: ALERTMANAGER_CONFIG_SECRET,
                    creationPolicy: "Owner",
                    template: { engineVersion: "v2", data: { [ALERTMANAGER_CONFIG_KEY]: alertmanagerConfigTemplate(s.receivers) } },
                },
                data: s.receivers.map((r, i) => ({ secretKey: receiverSecretKey(i), remoteRef: { key: secretKey(r.key), property: r.property } })),
            });

            // Prometheus's volume: gp3 encrypted with the region's EBS key; kept on PVC deletion in protected stacks.
            new aws.iam.RolePolicy(
                `${name}-ebs-csi-key`,
                { role: args.ebsCsiRoleName, policy: pulumi.output(args.keys.ebs).apply((arn) => JSON.stringify(policyDocument(ebsCsiKeyStatements(arn)))) },
                parent,
            );
            const storageClass = new k8s.storage.v1.StorageClass(
                `${name}-gp3-encrypted`,
                {
                    metadata: { name: ENCRYPTED_GP3_STORAGE_CLASS },
                    provisioner: "ebs.csi.aws.com",
                    parameters: { type: "gp3", encrypted: "true", kmsKeyId: args.keys.ebs },
                    reclaimPolicy: args.protect ? "Retain" : "Delete",
                    volumeBindingMode: "WaitForFirstConsumer",
                    allowVolumeExpansion: true,
                },
                parent,
            );

            const irsaRole = (suffix: string, namespace: string, serviceAccount: string, statements: pulumi.Input<PolicyStatement[]>) =>
                new aws.iam.Role(
                    `${name}-${suffix}-role`,
                    {
                        assumeRolePolicy: pulumi
                            .all([args.oidcProviderArn, args.oidcProviderUrl])
                            .apply(([arn, url]) => JSON.stringify(irsaTrustPolicy({ oidcProviderArn: arn, oidcIssuerUrl: url, namespace, serviceAccounts: [serviceAccount] }))),
                        inlinePolicies: [{ name: suffix, policy: pulumi.output(statements).apply((st) => JSON.stringify(policyDocument(st))) }],
                        tags: resourceTags("observability", "internal"),
                    },
                    parent,
                );
            const grafanaRole = irsaRole("grafana", MONITORING_NAMESPACE, GRAFANA_SERVICE_ACCOUNT, grafanaCloudWatchStatements());

            const kps = new k8s.helm.v3.Release(
                `${name}-kube-prometheus-stack`,
                {
                    name: KUBE_PROMETHEUS_STACK_RELEASE,
                    chart: "kube-prometheus-stack",
                    version: s.kubePrometheusStackVersion,
                    repositoryOpts: { repo: CHART_REPOSITORIES.kubePrometheusStack },
                    namespace: MONITORING_NAMESPACE,
                    values: grafanaRole.arn.apply((grafanaRoleArn) =>
                        kubePrometheusStackValues({
                            retention: s.retention,
                            storageGi: s.storageGi,
                            prometheusReplicas: s.prometheusReplicas,
                            alertmanagerReplicas: s.alertmanagerReplicas,
                            grafanaRoleArn,
                            region: args.region,
                        }),
                    ),
                    ...HELM_RELEASE_POLICY,
                    timeout: 900,
                },
                { ...parent, dependsOn: [monitoring!, agents, storageClass, grafanaAdmin, alertmanagerConfig] },
            );
            new k8s.helm.v3.Release(
                `${name}-metrics-server`,
                {
                    name: METRICS_SERVER_RELEASE,
                    chart: "metrics-server",
                    version: s.metricsServerVersion,
                    repositoryOpts: { repo: CHART_REPOSITORIES.metricsServer },
                    namespace: METRICS_SERVER_NAMESPACE,
                    values: metricsServerValues({ replicas: 2 }),
                    ...HELM_RELEASE_POLICY,
                },
                parent,
            );

            // Traces: our bucket (versioned, SSE-KMS, TLS-only, lifecycle, access-logged), Tempo's role scoped to it.
            const traces = new SecureBucket(
                `${name}-traces`,
                {
                    bucketName: tracesBucketName({ environment: args.environment, region: args.region, accountId: args.accountId }),
                    lifecycle: tracesBucketLifecycle(s.traceRetentionDays),
                    encryption: { kind: "kms", keyArn: args.keys.s3 },
                    accessLogs: { targetBucket: args.accessLogs.bucketName, targetPrefix: "traces/", dependsOn: [] },
                    tags: resourceTags("traces", "confidential"),
                    // The policy pack protects every bucket in protected stacks; traces expire by lifecycle anyway.
                    protect: args.protect,
                },
                parent,
            );
            this.tracesBucketName = traces.bucketName;
            const tempoRole = irsaRole(
                "tempo",
                MONITORING_NAMESPACE,
                TEMPO_SERVICE_ACCOUNT,
                pulumi.all([traces.arn, args.keys.s3]).apply(([bucketArn, s3KeyArn]) => tempoBucketStatements({ bucketArn, s3KeyArn, region: args.region })),
            );
            new k8s.helm.v3.Release(
                `${name}-tempo`,
                {
                    name: TEMPO_RELEASE,
                    chart: "tempo",
                    version: s.tempoVersion,
                    repositoryOpts: { repo: CHART_REPOSITORIES.tempo },
                    namespace: MONITORING_NAMESPACE,
                    values: pulumi
                        .all([traces.bucketName, tempoRole.arn])
                        .apply(([bucket, roleArn]) => tempoValues({ bucketName: bucket, region: args.region, roleArn, retentionDays: s.traceRetentionDays })),
                    ...HELM_RELEASE_POLICY,
                },
                { ...parent, dependsOn: [kps] },
            );
            this.otlpTracesEndpoint = tempoTracesEndpoint();

            // Logs: ELK over verified TLS with credentials from Secrets Manager, else CloudWatch Logs under the logs key.
            let destination: pulumi.Output<LogDestination>;
            let logRoleArn: pulumi.Output<string | undefined> = pulumi.output(undefined);
            const logDependencies: pulumi.Resource[] = [agents];
            if (elk) {
                destination = pulumi.output<LogDestination>({ kind: "elasticsearch", host: elk.host, port: elk.port, index: elk.index });
                logDependencies.push(
                    externalSecret("elasticsearch-credentials", NODE_AGENTS_NAMESPACE, {
                        target: { name: ELK_CREDENTIALS_SECRET, creationPolicy: "Owner" },
                        data: ["username", "password"].map((property) => ({ secretKey: property, remoteRef: { key: secretKey(elk.loginKey), property } })),
                    }),
                );
            } else {
                const logGroup = new aws.cloudwatch.LogGroup(
                    `${name}-container-logs`,
                    { name: `/platform/${args.environment}/${args.clusterName}/containers`, retentionInDays: s.containerLogRetentionDays, kmsKeyId: args.keys.logs, tags: resourceTags("observability", "confidential") },
                    parent,
                );
                destination = logGroup.name.apply((logGroupName): LogDestination => ({ kind: "cloudwatch", region: args.region, logGroupName }));
                logRoleArn = irsaRole("fluent-bit", NODE_AGENTS_NAMESPACE, FLUENT_BIT_SERVICE_ACCOUNT, logGroup.arn.apply(logShipperStatements)).arn;
            }
            new k8s.helm.v3.Release(
                `${name}-fluent-bit`,
                {
                    name: FLUENT_BIT_RELEASE,
                    chart: "fluent-bit",
                    version: s.fluentBitVersion,
                    repositoryOpts: { repo: CHART_REPOSITORIES.fluentBit },
                    namespace: NODE_AGENTS_NAMESPACE,
                    values: pulumi.all([destination, logRoleArn]).apply(([d, roleArn]) => fluentBitValues({ destination: d, roleArn })),
                    ...HELM_RELEASE_POLICY,
                },
                { ...parent, dependsOn: logDependencies },
            );

            // Alerts, dashboards and the services' scrape config: after the chart, whose CRDs they need.
            new k8s.apiextensions.CustomResource(
                `${name}-rules`,
                {
                    apiVersion: PROMETHEUS_OPERATOR_API_VERSION,
                    kind: "PrometheusRule",
                    metadata: { name: "platform-alerts", namespace: MONITORING_NAMESPACE, labels: { ...PROMETHEUS_SELECTOR_LABELS } },
                    spec: { groups: platformRuleGroups(args.services, args.config.alerts) },
                },
                { ...parent, dependsOn: [kps] },
            );
            new k8s.apiextensions.CustomResource(
                `${name}-services-podmonitor`,
                {
                    apiVersion: PROMETHEUS_OPERATOR_API_VERSION,
                    kind: "PodMonitor",
                    metadata: { name: "platform-services", namespace: MONITORING_NAMESPACE, labels: { ...PROMETHEUS_SELECTOR_LABELS } },
                    spec: servicesPodMonitorSpec(args.services),
                },
                { ...parent, dependsOn: [kps] },
            );
            new k8s.core.v1.ConfigMap(
                `${name}-dashboards`,
                {
                    metadata: { name: "platform-dashboards", namespace: MONITORING_NAMESPACE, labels: { ...GRAFANA_DASHBOARD_LABEL } },
                    data: pulumi
                        .all(args.dataStores.queueUrls.map((q) => pulumi.all([q.url, q.deadLetterUrl])))
                        .apply((urls) => ({
                            "platform-gateway.json": JSON.stringify(gatewayDashboard()),
                            "platform-services.json": JSON.stringify(servicesDashboard(args.services)),
                            "platform-datastores.json": JSON.stringify(
                                dataStoresDashboard({
                                    region: args.region,
                                    postgresInstanceId: args.dataStores.postgresInstanceId,
                                    redis: args.dataStores.redis,
                                    queues: urls.map(([url, dlq]) => ({ name: queueNameOf(url), deadLetterName: queueNameOf(dlq) })),
                                }),
                            ),
                        })),
                },
                { ...parent, dependsOn: [monitoring!] },
            );
        } else {
            const d = args.config.datadog;
            const apiKey = externalSecret("datadog-api-key", NODE_AGENTS_NAMESPACE, {
                target: { name: DATADOG_API_KEY_SECRET, creationPolicy: "Owner" },
                data: [{ secretKey: DATADOG_API_KEY_KEY, remoteRef: { key: secretKey(d.key), property: DATADOG_API_KEY_KEY } }],
            });
            new k8s.helm.v3.Release(
                `${name}-datadog`,
                {
                    name: DATADOG_RELEASE,
                    chart: "datadog",
                    version: d.chartVersion,
                    repositoryOpts: { repo: CHART_REPOSITORIES.datadog },
                    namespace: NODE_AGENTS_NAMESPACE,
                    values: datadogValues({ clusterName: args.clusterName, environment: args.environment, site: d.site }),
                    ...HELM_RELEASE_POLICY,
                },
                { ...parent, dependsOn: [agents, apiKey] },
            );
            this.datadogAgentHost = datadogAgentHost();
            // Loaded only here: selfHosted stacks never load the Datadog SDK.
            const datadog: typeof import("@pulumi/datadog") = require("@pulumi/datadog");
            for (const [i, monitor] of datadogMonitorSpecs({ environment: args.environment, clusterName: args.clusterName, services: args.services, thresholds: args.config.alerts, notify: d.notify }).entries()) {
                new datadog.Monitor(
                    `${name}-monitor-${i}`,
                    { name: monitor.name, type: monitor.type, query: monitor.query, message: monitor.message, monitorThresholds: { critical: String(monitor.critical) }, tags: monitor.tags, includeTags: true },
                    { parent: this, provider: args.datadogProvider },
                );
            }
        }
        this.registerOutputs({ otlpTracesEndpoint: this.otlpTracesEndpoint, datadogAgentHost: this.datadogAgentHost, tracesBucketName: this.tracesBucketName });
    }
}

/**
 * What each service namespace adds to its default-deny policy (components/cluster/kubernetesBaseline.ts) for
 * telemetry, on the service contract's port `http`: selfHosted, Prometheus scrapes it and the pods send OTLP
 * to Tempo; datadog, the node agent scrapes it and the pods send DogStatsD (8125/UDP) and traces (8126/TCP)
 * to the agent. Nothing else is opened.
 */
export function telemetryNetworkPolicyRules(mode: "selfHosted" | "datadog"): {
    ingress: k8s.types.input.networking.v1.NetworkPolicyIngressRule[];
    egress: k8s.types.input.networking.v1.NetworkPolicyEgressRule[];
} {
    const namespace = (name: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } } });
    if (mode === "selfHosted") {
        return {
            ingress: [{ from: [{ ...namespace(MONITORING_NAMESPACE), podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } } }], ports: [{ protocol: "TCP", port: "http" }] }],
            egress: [
                {
                    to: [{ ...namespace(MONITORING_NAMESPACE), podSelector: { matchLabels: { "app.kubernetes.io/name": TEMPO_RELEASE } } }],
                    ports: [
                        { protocol: "TCP", port: 4317 },
                        { protocol: "TCP", port: 4318 },
                    ],
                },
            ],
        };
    }
    return {
        ingress: [{ from: [namespace(NODE_AGENTS_NAMESPACE)], ports: [{ protocol: "TCP", port: "http" }] }],
        egress: [
            {
                to: [namespace(NODE_AGENTS_NAMESPACE)],
                ports: [
                    { protocol: "UDP", port: 8125 },
                    { protocol: "TCP", port: 8126 },
                ],
            },
        ],
    };
}

/** The SQS queue name at the end of its URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`). */
export function queueNameOf(url: string): string {
    return url.slice(url.lastIndexOf("/") + 1);
}

/**
 * One PodMonitor for every service (service contract: pods labelled `app.kubernetes.io/name: <s>` in namespace
 * `<s>`, metrics on the port named `http` at `/metrics`), instead of one object per service.
 */
export function servicesPodMonitorSpec(services: readonly string[]): Record<string, unknown> {
    return {
        namespaceSelector: { matchNames: [...services] },
        selector: { matchExpressions: [{ key: "app.kubernetes.io/name", operator: "In", values: [...services] }] },
        podMetricsEndpoints: [{ port: "http", path: "/metrics", interval: "30s" }],
    };
}
