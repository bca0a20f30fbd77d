/**
 * Helm values of the observability charts: every key exists in the pinned chart (vendored values), and the
 * settings an operator relies on are there: Prometheus retention and its encrypted volume, Alertmanager from
 * the rendered Secret, Grafana's credentials from a Secret with anonymous access off, logs over verified TLS.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ReceiverConfig } from "../../config/sections/observability";
import {
    ALERTMANAGER_CONFIG_SECRET,
    alertmanagerConfigTemplate,
    DATADOG_API_KEY_SECRET,
    datadogValues,
    ELK_CREDENTIALS_SECRET,
    ENCRYPTED_GP3_STORAGE_CLASS,
    fluentBitValues,
    GRAFANA_ADMIN_SECRET,
    kubePrometheusStackValues,
    metricsServerValues,
    receiverSecretKey,
    tempoValues,
} from "../../components/observability/values";
import { NODE_AGENTS_NAMESPACE, OTLP_HTTP_PORT } from "../../components/observability/names";
import { importEsm } from "../support/importEsm";

interface ChartFixture {
    source: { repo: string; tag: string; commit: string; path: string };
    values: Record<string, unknown>;
    subcharts: Record<string, { source: ChartFixture["source"]; values: Record<string, unknown> }>;
}
const CHARTS: Record<string, ChartFixture> = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "chart-values.json"), "utf8"));

/** Keys read by the charts' templates but absent from values.yaml (evidence in fixtures/README.md). */
const TEMPLATE_ONLY: Record<string, string[]> = {
    "kube-prometheus-stack": ["alertmanager.alertmanagerSpec.configSecret", "grafana.serviceAccount.annotations"],
};
/** Values rendered verbatim into the application's own configuration (not chart keys). */
const FREE_FORM: Record<string, string[]> = {
    "kube-prometheus-stack": ["grafana.grafana.ini"],
    tempo: ["tempo.storage", "tempo.receivers"],
};
/**
 * Values the templates render verbatim (`toYaml`) as Kubernetes fields, whose upstream defaults show only
 * some keys: checked against the Kubernetes schema below instead (tempo `templates/statefulset.yaml`
 * `with .Values.securityContext` / `.Values.tempo.securityContext`; metrics-server `templates/deployment.yaml`
 * `with .Values.resources`).
 */
const KUBERNETES_FIELDS: Record<string, Record<string, "podSecurityContext" | "containerSecurityContext" | "resources">> = {
    tempo: { securityContext: "podSecurityContext", "tempo.securityContext": "containerSecurityContext" },
    "metrics-server": { resources: "resources" },
};

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Key paths set in `ours` that the chart does not have. An upstream empty map, null, list or scalar takes anything. */
export function unknownKeys(ours: Record<string, unknown>, upstream: unknown, prefix = "", allowed: string[] = []): string[] {
    const problems: string[] = [];
    for (const [key, value] of Object.entries(ours)) {
        const keyPath = prefix ? `${prefix}.${key}` : key;
        if (allowed.some((a) => keyPath === a || keyPath.startsWith(`${a}.`))) {
            continue;
        }
        if (!isMap(upstream) || !Object.prototype.hasOwnProperty.call(upstream, key)) {
            problems.push(keyPath);
            continue;
        }
        const node = upstream[key];
        if (isMap(value) && isMap(node) && Object.keys(node).length > 0) {
            problems.push(...unknownKeys(value, node, keyPath, allowed));
        }
    }
    return problems;
}

/** Checks a chart's values, sub-chart keys against the sub-chart's own values as well as the parent's. */
function chartProblems(chart: string, values: Record<string, unknown>): string[] {
    const fixture = CHARTS[chart];
    const allowed = [...(TEMPLATE_ONLY[chart] ?? []), ...(FREE_FORM[chart] ?? []), ...Object.keys(KUBERNETES_FIELDS[chart] ?? {})];
    const merged: Record<string, unknown> = { ...fixture.values };
    for (const [sub, { values: subValues }] of Object.entries(fixture.subcharts)) {
        merged[sub] = { ...(subValues as object), ...((fixture.values[sub] as object) ?? {}) };
    }
    return unknownKeys(values, merged, "", allowed);
}

const KPS = kubePrometheusStackValues({ retention: "30d", storageGi: 200, prometheusReplicas: 2, alertmanagerReplicas: 2, grafanaRoleArn: "arn:aws:iam::333344445555:role/grafana", region: "us-east-1" });
const ELK = { kind: "elasticsearch" as const, host: "logs.example.com", port: 9243, index: "platform" };
const CLOUDWATCH = { kind: "cloudwatch" as const, region: "us-east-1", logGroupName: "/platform/prod/containers" };

describe("observability: chart values exist in the pinned charts", () => {
    it("names the pinned versions and upstream commits in the fixture", () => {
        assert.deepStrictEqual(
            Object.fromEntries(Object.entries(CHARTS).map(([chart, f]) => [chart, f.source.tag])),
            {
                "kube-prometheus-stack": "kube-prometheus-stack-88.5.3",
                tempo: "tempo-2.2.4",
                "fluent-bit": "fluent-bit-0.58.1",
                "metrics-server": "metrics-server-helm-chart-3.13.1",
                datadog: "datadog-3.240.0",
            },
        );
        for (const f of Object.values(CHARTS)) {
            assert.match(f.source.commit, /^[0-9a-f]{40}$/);
        }
    });

    const cases: Array<[string, Record<string, unknown>]> = [
        ["kube-prometheus-stack", KPS],
        ["tempo", tempoValues({ bucketName: "platform-prod-use1-traces-333344445555", region: "us-east-1", roleArn: "arn:aws:iam::333344445555:role/tempo", retentionDays: 14 })],
        ["fluent-bit", fluentBitValues({ destination: ELK })],
        ["fluent-bit", fluentBitValues({ destination: CLOUDWATCH, roleArn: "arn:aws:iam::333344445555:role/fluent-bit" })],
        ["metrics-server", metricsServerValues({ replicas: 2 })],
        ["datadog", datadogValues({ clusterName: "platform-prod-use1", environment: "prod", site: "datadoghq.com" })],
    ];
    for (const [chart, values] of cases) {
        it(`${chart}: every key the module sets exists upstream`, () => {
            assert.deepStrictEqual(chartProblems(chart, values), []);
        });
    }

    it("values rendered as Kubernetes fields are valid Kubernetes fields", async () => {
        const { Pod } = await importEsm<typeof import("kubernetes-models/v1/Pod")>("kubernetes-models/v1/Pod");
        for (const [chart, values] of cases) {
            for (const [keyPath, kind] of Object.entries(KUBERNETES_FIELDS[chart] ?? {})) {
                const value = keyPath.split(".").reduce<any>((v, k) => v?.[k], values);
                if (value === undefined) continue;
                const container: Record<string, unknown> = { name: "c", image: "i" };
                const spec: Record<string, unknown> = { containers: [container] };
                if (kind === "podSecurityContext") spec.securityContext = value;
                if (kind === "containerSecurityContext") container.securityContext = value;
                if (kind === "resources") container.resources = value;
                new Pod({ metadata: { name: "p" }, spec: spec as any }).validate();
            }
        }
    });

    it("the check itself catches a misspelt key, a key under a sub-chart and a key below a leaf", () => {
        assert.deepStrictEqual(chartProblems("kube-prometheus-stack", { prometheus: { prometheusSpec: { retentionDays: 3 } } }), ["prometheus.prometheusSpec.retentionDays"]);
        assert.deepStrictEqual(chartProblems("kube-prometheus-stack", { grafana: { adminSecret: "x" } }), ["grafana.adminSecret"]);
        assert.deepStrictEqual(chartProblems("metrics-server", { replicas: { count: 2 } }), []);
        assert.deepStrictEqual(chartProblems("datadog", { datadog: { apm: { enabledd: true } } }), ["datadog.apm.enabledd"]);
    });
});

describe("observability: what the values promise", () => {
    it("kube-prometheus-stack: retention from config, a PVC on the encrypted gp3 class, Prometheus selecting only labelled objects", async () => {
        const spec = (KPS.prometheus as any).prometheusSpec;
        assert.strictEqual(spec.retention, "30d");
        assert.strictEqual(spec.storageSpec.volumeClaimTemplate.spec.storageClassName, ENCRYPTED_GP3_STORAGE_CLASS);
        assert.strictEqual(spec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage, "200Gi");
        assert.ok(spec.serviceMonitorSelectorNilUsesHelmValues && spec.podMonitorSelectorNilUsesHelmValues && spec.ruleSelectorNilUsesHelmValues);
        // The Prometheus and Alertmanager CRD fields these values become, validated against the operator's schema.
        const { Prometheus } = await importEsm<typeof import("@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Prometheus")>(
            "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Prometheus",
        );
        // The generated model types the embedded claim as a resource of its own (apiVersion monitoring.coreos.com/v1,
        // kind EmbeddedPersistentVolumeClaim, both required), which the CRD does not ask for: supplied here only.
        const storage = { volumeClaimTemplate: { apiVersion: "monitoring.coreos.com/v1", kind: "EmbeddedPersistentVolumeClaim", ...spec.storageSpec.volumeClaimTemplate } };
        new Prometheus({ metadata: { name: "p" }, spec: { retention: spec.retention, replicas: spec.replicas, storage, securityContext: spec.securityContext } } as any).validate();
        const { PersistentVolumeClaim } = await importEsm<typeof import("kubernetes-models/v1/PersistentVolumeClaim")>("kubernetes-models/v1/PersistentVolumeClaim");
        new PersistentVolumeClaim({ metadata: { name: "c" }, spec: spec.storageSpec.volumeClaimTemplate.spec }).validate();
        const { Alertmanager } = await importEsm<typeof import("@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Alertmanager")>(
            "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Alertmanager",
        );
        const am = (KPS.alertmanager as any).alertmanagerSpec;
        new Alertmanager({ metadata: { name: "a" }, spec: { replicas: am.replicas, configSecret: am.configSecret, securityContext: am.securityContext } }).validate();
        assert.strictEqual(am.useExistingSecret, true);
        assert.strictEqual(am.configSecret, ALERTMANAGER_CONFIG_SECRET);
    });

    it("Grafana: admin from the existing Secret, no password value, anonymous off, not exposed", () => {
        const grafana = KPS.grafana as any;
        assert.strictEqual(grafana.admin.existingSecret, GRAFANA_ADMIN_SECRET);
        assert.ok(!("adminPassword" in grafana));
        assert.strictEqual(grafana["grafana.ini"]["auth.anonymous"].enabled, false);
        assert.strictEqual(grafana.service.type, "ClusterIP");
        assert.strictEqual(grafana.ingress.enabled, false);
        assert.strictEqual(grafana.sidecar.dashboards.label, "grafana_dashboard");
    });

    it("node exporter runs in the node agents' namespace; EKS's hidden control plane is not scraped", () => {
        assert.strictEqual((KPS["prometheus-node-exporter"] as any).namespaceOverride, NODE_AGENTS_NAMESPACE);
        for (const component of ["kubeEtcd", "kubeScheduler", "kubeControllerManager", "kubeProxy"]) {
            assert.strictEqual((KPS[component] as any).enabled, false, component);
        }
    });

    it("Tempo: S3 backend in the region, OTLP/HTTP on 4318, retention in hours", () => {
        const values = tempoValues({ bucketName: "b", region: "us-west-2", roleArn: "arn:aws:iam::1:role/t", retentionDays: 14 }) as any;
        assert.deepStrictEqual(values.tempo.storage.trace.s3, { bucket: "b", endpoint: "s3.us-west-2.amazonaws.com", region: "us-west-2" });
        assert.strictEqual(values.tempo.storage.trace.backend, "s3");
        assert.strictEqual(values.tempo.receivers.otlp.protocols.http.endpoint, `0.0.0.0:${OTLP_HTTP_PORT}`);
        assert.strictEqual(values.tempo.retention, "336h");
        assert.strictEqual(values.serviceAccount.annotations["eks.amazonaws.com/role-arn"], "arn:aws:iam::1:role/t");
    });

    it("Fluent Bit to Elasticsearch: TLS with certificate and host name verified, credentials from the Secret", () => {
        const values = fluentBitValues({ destination: ELK }) as any;
        const output: string = values.config.outputs;
        for (const line of ["Name es", "Host logs.example.com", "Port 9243", "tls On", "tls.verify On", "tls.verify_hostname On", "HTTP_User ${ELASTICSEARCH_USERNAME}", "HTTP_Passwd ${ELASTICSEARCH_PASSWORD}"]) {
            assert.ok(output.split("\n").some((l) => l.trim() === line), `${line} missing from\n${output}`);
        }
        assert.deepStrictEqual(
            values.env.map((e: any) => [e.name, e.valueFrom.secretKeyRef.name]),
            [
                ["ELASTICSEARCH_USERNAME", ELK_CREDENTIALS_SECRET],
                ["ELASTICSEARCH_PASSWORD", ELK_CREDENTIALS_SECRET],
            ],
        );
        assert.ok(!("serviceAccount" in values), "no AWS role without CloudWatch");
    });

    it("Fluent Bit to CloudWatch: the Pulumi log group, never created by the agent, through IRSA", () => {
        const values = fluentBitValues({ destination: CLOUDWATCH, roleArn: "arn:aws:iam::1:role/fb" }) as any;
        const lines = (values.config.outputs as string).split("\n").map((l) => l.trim());
        for (const line of ["Name cloudwatch_logs", "region us-east-1", "log_group_name /platform/prod/containers", "auto_create_group false"]) {
            assert.ok(lines.includes(line), line);
        }
        assert.strictEqual(values.serviceAccount.annotations["eks.amazonaws.com/role-arn"], "arn:aws:iam::1:role/fb");
        assert.ok(!("env" in values));
    });

    it("Datadog: API key from the existing Secret, logs and APM on, cluster name and env tags", () => {
        const values = datadogValues({ clusterName: "platform-prod-use1", environment: "prod", site: "datadoghq.eu" }) as any;
        assert.strictEqual(values.datadog.apiKeyExistingSecret, DATADOG_API_KEY_SECRET);
        assert.ok(!("apiKey" in values.datadog));
        assert.deepStrictEqual([values.datadog.logs.enabled, values.datadog.logs.containerCollectAll, values.datadog.apm.portEnabled], [true, true, true]);
        assert.ok(values.datadog.tags.includes("env:prod"));
        assert.strictEqual(values.datadog.clusterName, "platform-prod-use1");
        assert.strictEqual(values.datadog.site, "datadoghq.eu");
    });
});

describe("observability: Alertmanager configuration template", () => {
    const receivers: ReceiverConfig[] = [
        { name: "pagerduty-oncall", type: "pagerduty", key: "alertmanager/pagerduty", property: "value", severities: ["critical"] },
        { name: "platform-slack", type: "slack", key: "alertmanager/slack", property: "url", severities: ["critical", "warning"], channel: "#platform" },
    ];
    /** What External Secrets' template engine produces: each `{{ .key | toJson }}` replaced by the JSON of the secret value. */
    const render = (template: string, data: Record<string, string>) =>
        template.replace(/\{\{ \.(\w+) \| toJson \}\}/g, (_m, key: string) => {
            assert.ok(key in data, `template reads ${key}, which the ExternalSecret does not provide`);
            return JSON.stringify(data[key]);
        });

    it("renders to a valid configuration with each credential in place, whatever characters it holds", () => {
        const nasty = 'https://hooks.slack.com/services/T0/B0/x"y: {z}\n#';
        const config = parse(render(alertmanagerConfigTemplate(receivers), { [receiverSecretKey(0)]: "pd-key-123", [receiverSecretKey(1)]: nasty }));
        assert.strictEqual(config.receivers.find((r: any) => r.name === "pagerduty-oncall").pagerduty_configs[0].routing_key, "pd-key-123");
        const slack = config.receivers.find((r: any) => r.name === "platform-slack").slack_configs[0];
        assert.strictEqual(slack.api_url, nasty);
        assert.strictEqual(slack.channel, "#platform");
    });

    it("routes each severity to the receivers that asked for it, and everything else to no one", () => {
        const config = parse(render(alertmanagerConfigTemplate(receivers), { receiver_0: "a", receiver_1: "b" }));
        assert.strictEqual(config.route.receiver, "null");
        assert.deepStrictEqual(
            config.route.routes.map((r: any) => [r.receiver, r.matchers[0], r.continue]),
            [
                ["pagerduty-oncall", 'severity=~"critical"', true],
                ["platform-slack", 'severity=~"critical|warning"', true],
            ],
        );
        assert.deepStrictEqual(config.receivers.map((r: any) => r.name), ["null", "pagerduty-oncall", "platform-slack"]);
    });

    it("holds no credential itself, and without receivers is still a valid configuration", () => {
        const template = alertmanagerConfigTemplate(receivers);
        assert.ok(!template.includes("pd-key") && !template.includes("hooks.slack.com"));
        const empty = parse(alertmanagerConfigTemplate([]));
        assert.deepStrictEqual(empty.receivers, [{ name: "null" }]);
        assert.deepStrictEqual(empty.route.routes, []);
    });
});
