/**
 * Helm values of the observability charts, as pure functions of config. Every key set here exists in the
 * pinned chart's values.yaml (tests/observability/fixtures, checked by tests/observability/values.spec.ts).
 */
import { ReceiverConfig } from "../../config/sections/observability";
import { DOGSTATSD_PORT, GRAFANA_DASHBOARD_LABEL, MONITORING_NAMESPACE, NODE_AGENTS_NAMESPACE, OTLP_HTTP_PORT } from "./names";

/** Name of the Secret External Secrets renders Alertmanager's whole configuration into (key `alertmanager.yaml`). */
export const ALERTMANAGER_CONFIG_SECRET = "alertmanager-platform-config";
/** Operator requirement: the configuration Secret's key. A Secret without it silently drops every alert. */
export const ALERTMANAGER_CONFIG_KEY = "alertmanager.yaml";
/** Secret holding Grafana's admin credentials (from Secrets Manager). */
export const GRAFANA_ADMIN_SECRET = "grafana-admin-credentials";
export const GRAFANA_ADMIN_USER_KEY = "admin-user";
export const GRAFANA_ADMIN_PASSWORD_KEY = "admin-password";
/** Secret with the Elasticsearch credentials Fluent Bit reads as environment variables. */
export const ELK_CREDENTIALS_SECRET = "fluent-bit-elasticsearch";
/** Secret with the Datadog API key, key `api-key` (chart `datadog.apiKeyExistingSecret`). */
export const DATADOG_API_KEY_SECRET = "datadog-api-key";
export const DATADOG_API_KEY_KEY = "api-key";
/** The encrypted gp3 StorageClass Prometheus's volume uses. */
export const ENCRYPTED_GP3_STORAGE_CLASS = "gp3-encrypted";

/** Pod and container security settings the `restricted` Pod Security Standard requires. */
export const RESTRICTED_POD_SECURITY = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } } as const;
export const RESTRICTED_CONTAINER_SECURITY = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } as const;

export interface KubePrometheusStackValuesArgs {
    retention: string;
    storageGi: number;
    prometheusReplicas: number;
    alertmanagerReplicas: number;
    /** Role Grafana's CloudWatch data source assumes through IRSA (data store dashboards). */
    grafanaRoleArn: string;
    region: string;
}

/**
 * kube-prometheus-stack: Prometheus with retention and a PVC on the encrypted gp3 class, selecting only
 * objects labelled `release: kube-prometheus-stack`; Alertmanager reading its whole configuration from the
 * Secret External Secrets renders (the chart's own config Secret is not created); Grafana with admin
 * credentials from an existing Secret, no anonymous access, a ClusterIP Service and no Ingress; node exporter
 * in the node-agents namespace (host access); control-plane scrapes EKS does not expose switched off.
 */
export function kubePrometheusStackValues(args: KubePrometheusStackValuesArgs): Record<string, unknown> {
    return {
        // EKS runs the control plane: etcd, scheduler and controller manager are not reachable, and kube-proxy
        // binds its metrics to localhost; scraping them would only raise TargetDown alerts.
        kubeEtcd: { enabled: false },
        kubeScheduler: { enabled: false },
        kubeControllerManager: { enabled: false },
        kubeProxy: { enabled: false },
        prometheus: {
            prometheusSpec: {
                retention: args.retention,
                replicas: args.prometheusReplicas,
                // Only objects labelled for this release: no namespace can inject scrape targets or rules unlabelled.
                ruleSelectorNilUsesHelmValues: true,
                serviceMonitorSelectorNilUsesHelmValues: true,
                podMonitorSelectorNilUsesHelmValues: true,
                resources: { requests: { cpu: "200m", memory: "1Gi" }, limits: { memory: "4Gi" } },
                securityContext: { ...RESTRICTED_POD_SECURITY, runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000 },
                storageSpec: {
                    volumeClaimTemplate: {
                        spec: { storageClassName: ENCRYPTED_GP3_STORAGE_CLASS, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${args.storageGi}Gi` } } },
                    },
                },
            },
        },
        alertmanager: {
            alertmanagerSpec: {
                replicas: args.alertmanagerReplicas,
                useExistingSecret: true,
                configSecret: ALERTMANAGER_CONFIG_SECRET,
                resources: { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                securityContext: { ...RESTRICTED_POD_SECURITY, runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000 },
            },
        },
        grafana: {
            admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: GRAFANA_ADMIN_USER_KEY, passwordKey: GRAFANA_ADMIN_PASSWORD_KEY },
            "grafana.ini": {
                "auth.anonymous": { enabled: false },
                auth: { disable_login_form: false },
                analytics: { check_for_updates: false, reporting_enabled: false },
                users: { allow_sign_up: false },
            },
            service: { type: "ClusterIP" },
            ingress: { enabled: false },
            serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": args.grafanaRoleArn } },
            sidecar: { dashboards: { enabled: true, label: Object.keys(GRAFANA_DASHBOARD_LABEL)[0], labelValue: Object.values(GRAFANA_DASHBOARD_LABEL)[0], searchNamespace: [MONITORING_NAMESPACE] } },
            additionalDataSources: [
                // RDS, ElastiCache and SQS publish to CloudWatch only: the data store dashboard reads them there.
                { name: "CloudWatch", type: "cloudwatch", uid: "cloudwatch", access: "proxy", jsonData: { authType: "default", defaultRegion: args.region } },
                { name: "Tempo", type: "tempo", uid: "tempo", access: "proxy", url: `http://tempo.${MONITORING_NAMESPACE}.svc:3200` },
            ],
        },
        "prometheus-node-exporter": { namespaceOverride: NODE_AGENTS_NAMESPACE },
    };
}

/** metrics-server: two replicas with a PDB when the cluster can spare them (HPA and KEDA cpu triggers stop without it). */
export function metricsServerValues(args: { replicas: number }): Record<string, unknown> {
    return {
        replicas: args.replicas,
        podDisruptionBudget: { enabled: args.replicas > 1, minAvailable: 1 },
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
    };
}

/**
 * Tempo (single binary): traces in our S3 bucket through IRSA, OTLP over HTTP (4318) and gRPC (4317) only,
 * block retention from config, no usage reporting, restricted security context.
 */
export function tempoValues(args: { bucketName: string; region: string; roleArn: string; retentionDays: number }): Record<string, unknown> {
    return {
        tempo: {
            reportingEnabled: false,
            retention: `${args.retentionDays * 24}h`,
            storage: {
                trace: {
                    backend: "s3",
                    s3: { bucket: args.bucketName, endpoint: `s3.${args.region}.amazonaws.com`, region: args.region },
                    wal: { path: "/var/tempo/wal" },
                },
            },
            receivers: { otlp: { protocols: { grpc: { endpoint: "0.0.0.0:4317" }, http: { endpoint: `0.0.0.0:${OTLP_HTTP_PORT}` } } } },
            resources: { requests: { cpu: "100m", memory: "512Mi" }, limits: { memory: "2Gi" } },
            securityContext: { ...RESTRICTED_CONTAINER_SECURITY, readOnlyRootFilesystem: true },
        },
        securityContext: { ...RESTRICTED_POD_SECURITY, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 },
        serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": args.roleArn } },
        serviceMonitor: { enabled: true, additionalLabels: { release: "kube-prometheus-stack" } },
    };
}

export type LogDestination =
    | { kind: "elasticsearch"; host: string; port: number; index: string }
    | { kind: "cloudwatch"; region: string; logGroupName: string };

/** The `[OUTPUT]` section for the destination: Elasticsearch over verified TLS, or CloudWatch Logs. */
export function fluentBitOutput(destination: LogDestination): string {
    const lines =
        destination.kind === "elasticsearch"
            ? [
                  "Name es",
                  "Match kube.*",
                  `Host ${destination.host}`,
                  `Port ${destination.port}`,
                  "tls On",
                  "tls.verify On",
                  // Off by default: without it any certificate the CA signed for another host is accepted.
                  "tls.verify_hostname On",
                  "HTTP_User ${ELASTICSEARCH_USERNAME}",
                  "HTTP_Passwd ${ELASTICSEARCH_PASSWORD}",
                  "Logstash_Format On",
                  `Logstash_Prefix ${destination.index}`,
                  "Suppress_Type_Name On",
                  "Retry_Limit 10",
              ]
            : [
                  "Name cloudwatch_logs",
                  "Match kube.*",
                  `region ${destination.region}`,
                  `log_group_name ${destination.logGroupName}`,
                  "log_stream_prefix node-",
                  // The group is Pulumi's (KMS key, retention): the agent may not create one without them.
                  "auto_create_group false",
                  "Retry_Limit 10",
              ];
    return `[OUTPUT]\n${lines.map((l) => `    ${l}`).join("\n")}\n`;
}

/**
 * Fluent Bit DaemonSet in the node-agents namespace: container logs tailed (with a position database so a
 * restart neither loses nor repeats lines), enriched with Kubernetes metadata, shipped to one destination.
 * Elasticsearch credentials come from the Secret External Secrets keeps, as environment variables.
 */
export function fluentBitValues(args: { destination: LogDestination; roleArn?: string }): Record<string, unknown> {
    const inputs = [
        "[INPUT]",
        "    Name tail",
        "    Path /var/log/containers/*.log",
        "    multiline.parser docker, cri",
        "    Tag kube.*",
        "    DB /var/log/flb_kube.db",
        "    Mem_Buf_Limit 50MB",
        "    Skip_Long_Lines On",
        "",
    ].join("\n");
    const filters = ["[FILTER]", "    Name kubernetes", "    Match kube.*", "    Merge_Log On", "    Keep_Log Off", "    K8S-Logging.Parser On", "    K8S-Logging.Exclude On", ""].join("\n");
    const values: Record<string, unknown> = {
        kind: "DaemonSet",
        testFramework: { enabled: false },
        config: { inputs, filters, outputs: fluentBitOutput(args.destination) },
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
        tolerations: [{ operator: "Exists" }],
    };
    if (args.destination.kind === "elasticsearch") {
        values.env = [
            { name: "ELASTICSEARCH_USERNAME", valueFrom: { secretKeyRef: { name: ELK_CREDENTIALS_SECRET, key: "username" } } },
            { name: "ELASTICSEARCH_PASSWORD", valueFrom: { secretKeyRef: { name: ELK_CREDENTIALS_SECRET, key: "password" } } },
        ];
    }
    if (args.roleArn) {
        values.serviceAccount = { create: true, annotations: { "eks.amazonaws.com/role-arn": args.roleArn } };
    }
    return values;
}

/**
 * Datadog agent: API key from the Secret External Secrets keeps, cluster name and env tags, APM over the
 * port and socket, container logs collected, DogStatsD answering Kong from other pods on the node-local
 * Service (`internalTrafficPolicy: Local`).
 */
export function datadogValues(args: { clusterName: string; environment: string; site: string }): Record<string, unknown> {
    return {
        datadog: {
            apiKeyExistingSecret: DATADOG_API_KEY_SECRET,
            clusterName: args.clusterName,
            site: args.site,
            tags: [`env:${args.environment}`, `kube_cluster_name:${args.clusterName}`],
            logs: { enabled: true, containerCollectAll: true },
            apm: { portEnabled: true, socketEnabled: true },
            dogstatsd: { port: DOGSTATSD_PORT, nonLocalTraffic: true },
            // The gateway's p99 monitor reads kong.latency.99percentile; the agent computes only p95 by default.
            env: [{ name: "DD_HISTOGRAM_PERCENTILES", value: "0.95 0.99" }],
        },
        clusterAgent: { enabled: true },
    };
}

/** Alertmanager's receiver block for one configured receiver; the credential is a template ESO fills in. */
export function alertmanagerReceiver(receiver: ReceiverConfig, credentialTemplate: string): Record<string, unknown> {
    switch (receiver.type) {
        case "slack":
            return { name: receiver.name, slack_configs: [{ api_url: credentialTemplate, send_resolved: true, ...(receiver.channel ? { channel: receiver.channel } : {}) }] };
        case "pagerduty":
            return { name: receiver.name, pagerduty_configs: [{ routing_key: credentialTemplate, send_resolved: true }] };
        case "opsgenie":
            return { name: receiver.name, opsgenie_configs: [{ api_key: credentialTemplate, send_resolved: true }] };
        case "webhook":
            return { name: receiver.name, webhook_configs: [{ url: credentialTemplate, send_resolved: true }] };
    }
}

/** The ExternalSecret data key holding receiver i's credential. */
export function receiverSecretKey(index: number): string {
    return `receiver_${index}`;
}

/** A JSON-quoted ESO template of one data key: a valid YAML scalar whatever characters the secret holds. */
function credentialTemplate(key: string): string {
    return `{{ .${key} | toJson }}`;
}

/**
 * Alertmanager's configuration, as the ESO template renders it: the root route goes to a receiver that
 * notifies nobody (the always-firing Watchdog ends there), each configured receiver gets the severities it
 * asked for. Credentials are templates, never literal values.
 */
export function alertmanagerConfig(receivers: readonly ReceiverConfig[]): Record<string, unknown> {
    return {
        route: {
            receiver: "null",
            group_by: ["alertname", "namespace", "service", "route"],
            group_wait: "30s",
            group_interval: "5m",
            repeat_interval: "4h",
            routes: receivers.map((r) => ({ receiver: r.name, matchers: [`severity=~"${r.severities.join("|")}"`], continue: true })),
        },
        inhibit_rules: [{ source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ["alertname", "namespace"] }],
        receivers: [{ name: "null" }, ...receivers.map((r, i) => alertmanagerReceiver(r, credentialTemplate(receiverSecretKey(i))))],
    };
}

/**
 * The `alertmanager.yaml` template External Secrets renders (JSON, a subset of YAML): each credential
 * placeholder is left unquoted so the template's `toJson` produces the one quoted string.
 */
export function alertmanagerConfigTemplate(receivers: readonly ReceiverConfig[]): string {
    return JSON.stringify(alertmanagerConfig(receivers), null, 2).replace(/"(\{\{ \.receiver_\d+ \| toJson \}\})"/g, "$1");
}

