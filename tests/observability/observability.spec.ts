/**
 * The observability module as a stack registers it: the mode switch emits one set and nothing of the other,
 * every Kubernetes object is valid against the upstream schemas, secrets come from the monitoring path only,
 * each IRSA role reaches only its own data, and Kong gets the endpoints it sends traces or metrics to.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { MONITORING_NAMESPACE, NODE_AGENTS_NAMESPACE, PROMETHEUS_SELECTOR_LABELS, tempoTracesEndpoint, datadogAgentHost, monitoringCrdsExist } from "../../components/observability/names";
import { ALERTMANAGER_CONFIG_KEY, ALERTMANAGER_CONFIG_SECRET, ENCRYPTED_GP3_STORAGE_CLASS, GRAFANA_ADMIN_SECRET } from "../../components/observability/values";
import { GRAFANA_SERVICE_ACCOUNT, TEMPO_SERVICE_ACCOUNT, FLUENT_BIT_SERVICE_ACCOUNT } from "../../components/observability/observability";
import { revealSecrets } from "../../offline/secrets";
import { runPolicyGate } from "../../offline/policyGate";
import { PROJECT_ROOT } from "../../offline/synthesize";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { documentsAllow, rolePermissions, trustedServiceAccounts } from "../support/iamAccess";
import { importEsm } from "../support/importEsm";
import { descendantsOf } from "../datastores/support";
import { SchemaFragment, schemaProblems } from "../support/schemaFragment";
import { egressAllowed, NetworkPolicy } from "../support/networkPolicy";
import { ofType, synthesizeStack } from "../support/synthesis";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const SELF_HOSTED_RELEASES = ["kube-prometheus-stack", "metrics-server", "tempo", "fluent-bit"];
const DATADOG = { observability: { mode: "datadog", datadog: { notify: ["@pagerduty-platform"] } } };
const ELK = {
    observability: { mode: "selfHosted", selfHosted: { retention: "2d", elk: { host: "logs.example.com", loginKey: "elasticsearch" }, receivers: [{ name: "hook", type: "webhook", key: "alertmanager/hook" }] } },
};

const observabilityResources = (result: SynthesisResult) => descendantsOf(result, "platform:observability:Observability");
const releases = (result: SynthesisResult) => ofType(result, RELEASE).map((r) => r.inputs.name as string);
const inObservability = (result: SynthesisResult, type: string) => observabilityResources(result).filter((r) => r.type === type);
const values = (r: SynthesizedResource) => revealSecrets(r.inputs.values) as Record<string, any>;
const release = (result: SynthesisResult, name: string) => ofType(result, RELEASE).filter((r) => r.inputs.name === name);

describe("observability: mode switch", () => {
    it("selfHosted (every stack file) emits the metrics, traces and logs stacks per region and nothing of Datadog", async () => {
        for (const stack of ["dev", "prod"]) {
            const result = await synthesizeStack(stack);
            const regions = stack === "prod" ? 2 : 1;
            for (const name of SELF_HOSTED_RELEASES) {
                assert.strictEqual(release(result, name).length, regions, `${stack}: ${name}`);
            }
            assert.strictEqual(release(result, "datadog").length, 0);
            assert.ok(!result.resources.some((r) => r.type.startsWith("datadog:") || r.type === "pulumi:providers:datadog"), "no Datadog resource or provider");
            assert.strictEqual(inObservability(result, "kubernetes:monitoring.coreos.com/v1:PrometheusRule").length, regions);
            assert.strictEqual(inObservability(result, "kubernetes:monitoring.coreos.com/v1:PodMonitor").length, regions);
        }
    });

    it("datadog emits the agent and its monitors and none of the self-hosted stack", async () => {
        const result = await synthesizeStack("dev", DATADOG);
        assert.deepStrictEqual(inObservability(result, RELEASE).map((r) => r.inputs.name), ["datadog"]);
        for (const name of SELF_HOSTED_RELEASES) {
            assert.ok(!releases(result).includes(name), name);
        }
        const types = new Set(observabilityResources(result).map((r) => r.type));
        for (const absent of ["kubernetes:monitoring.coreos.com/v1:PrometheusRule", "kubernetes:monitoring.coreos.com/v1:PodMonitor", "kubernetes:storage.k8s.io/v1:StorageClass", "aws:s3/bucket:Bucket", "aws:cloudwatch/logGroup:LogGroup", "kubernetes:core/v1:ConfigMap"]) {
            assert.ok(!types.has(absent), absent);
        }
        assert.ok(!observabilityResources(result).some((r) => r.type === "kubernetes:core/v1:Namespace" && r.inputs.metadata.name === MONITORING_NAMESPACE));
        const monitors = ofType(result, "datadog:index/monitor:Monitor");
        assert.strictEqual(monitors.length, 4 + Object.keys((await import("../support/config")).stackConfig("dev").services).length);
        assert.ok(monitors.every((m) => m.provider?.includes("pulumi:providers:datadog")), "monitors use the stack's Datadog provider");
    });

    it("datadog mode passes the policy pack", async () => {
        const gate = await runPolicyGate(await synthesizeStack("dev", DATADOG), PROJECT_ROOT);
        assert.deepStrictEqual(gate.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policy}: ${v.message}`), []);
    });

    it("exports where Kong sends traces (selfHosted) or DogStatsD metrics (datadog), and whether the monitoring CRDs exist", async () => {
        const prod = await synthesizeStack("prod");
        assert.deepStrictEqual(
            prod.outputs.observability.map((o: any) => [o.region, o.mode, o.monitoringCrds, o.otlpTracesEndpoint, o.datadogAgentHost]),
            [
                ["us-east-1", "selfHosted", true, tempoTracesEndpoint(), undefined],
                ["us-west-2", "selfHosted", true, tempoTracesEndpoint(), undefined],
            ],
        );
        assert.strictEqual(tempoTracesEndpoint(), "http://tempo.monitoring.svc.cluster.local:4318/v1/traces");
        const dd = await synthesizeStack("dev", DATADOG);
        assert.deepStrictEqual(dd.outputs.observability.map((o: any) => [o.mode, o.monitoringCrds, o.datadogAgentHost]), [["datadog", false, datadogAgentHost()]]);
        assert.strictEqual(monitoringCrdsExist(undefined), false);
    });

    it("loads the Datadog SDK only inside datadog mode (no import on the selfHosted path)", () => {
        const offenders: string[] = [];
        const walk = (dir: string) => {
            for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
                const file = path.join(dir, entry.name);
                if (entry.isDirectory()) walk(file);
                else if (file.endsWith(".ts") && /^\s*import [^;]*from "@pulumi\/datadog"/m.test(fs.readFileSync(file, "utf8"))) offenders.push(file);
            }
        };
        walk(path.join(PROJECT_ROOT, "components"));
        if (/^\s*import [^;]*from "@pulumi\/datadog"/m.test(fs.readFileSync(path.join(PROJECT_ROOT, "platform.ts"), "utf8"))) offenders.push("platform.ts");
        assert.deepStrictEqual(offenders, []);
    });
});

describe("observability: Kubernetes objects are valid against upstream schemas", () => {
    const MODELS: Record<string, string> = {
        "kubernetes:core/v1:Namespace": "kubernetes-models/v1/Namespace",
        "kubernetes:core/v1:ServiceAccount": "kubernetes-models/v1/ServiceAccount",
        "kubernetes:core/v1:ConfigMap": "kubernetes-models/v1/ConfigMap",
        "kubernetes:storage.k8s.io/v1:StorageClass": "kubernetes-models/storage.k8s.io/v1/StorageClass",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy": "kubernetes-models/networking.k8s.io/v1/NetworkPolicy",
        "kubernetes:monitoring.coreos.com/v1:PrometheusRule": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule",
        "kubernetes:monitoring.coreos.com/v1:PodMonitor": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor",
        "kubernetes:external-secrets.io/v1:SecretStore": "@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore",
        "kubernetes:external-secrets.io/v1:ExternalSecret": "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret",
    };
    const ALLOWED_TYPES = new Set([...Object.keys(MODELS), RELEASE]);
    /** Top-level fields of each kind (Kubernetes API v1 reference); model.validate() would let others through. */
    const TOP_LEVEL: Record<string, string[]> = {
        Namespace: ["spec"],
        ServiceAccount: ["automountServiceAccountToken", "secrets", "imagePullSecrets"],
        ConfigMap: ["data", "binaryData", "immutable"],
        StorageClass: ["provisioner", "parameters", "reclaimPolicy", "volumeBindingMode", "allowVolumeExpansion", "mountOptions", "allowedTopologies"],
    };
    /** Vendored spec schemas of the custom resources (fixtures/crd-fragments.json, sources in extract-crd-fragments.js). */
    const CRDS: Record<string, SchemaFragment> = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "crd-fragments.json"), "utf8"));

    it("the field check itself reports a misspelt custom resource field and a wrong enum", () => {
        assert.deepStrictEqual(schemaProblems({ selector: {}, podMetricsEndpoint: [] }, CRDS.PodMonitor), ["$.podMetricsEndpoint: not a field of the vendored schema"]);
        assert.ok(schemaProblems({ target: { name: "x", template: { engineVersion: "v1" } } }, CRDS.ExternalSecret).some((p) => p.includes("engineVersion")));
    });

    for (const [label, stack, overrides] of [["prod", "prod", undefined], ["dev with ELK", "dev", ELK], ["dev in datadog mode", "dev", DATADOG]] as const) {
        it(`${label}: every object`, async () => {
            const result = await synthesizeStack(stack, overrides as Record<string, unknown> | undefined);
            const objects = observabilityResources(result).filter((r) => r.type.startsWith("kubernetes:"));
            assert.ok(objects.length > 0);
            for (const object of objects) {
                assert.ok(ALLOWED_TYPES.has(object.type), `${object.type} has no schema check`);
                if (object.type === RELEASE) continue;
                const module = await importEsm<Record<string, any>>(MODELS[object.type]);
                const Model = Object.values(module)[0] as any;
                const manifest = { ...(revealSecrets(object.inputs) as Record<string, any>) };
                delete manifest.__defaults;
                new Model(manifest).validate();
                // validate() ignores unknown fields: check them against the kind's fields and the CRD's schema.
                const kind: string = manifest.kind;
                const topLevel = ["apiVersion", "kind", "metadata", ...(TOP_LEVEL[kind] ?? ["spec"])];
                assert.deepStrictEqual(Object.keys(manifest).filter((k) => !topLevel.includes(k)), [], `${kind} ${object.name}`);
                if (CRDS[kind]) {
                    assert.deepStrictEqual(schemaProblems(manifest.spec, CRDS[kind]), [], `${kind} ${object.name}`);
                }
            }
        });
    }

    it("ServiceMonitor-style objects carry the release label Prometheus selects by; the dashboards the sidecar label", async () => {
        const result = await synthesizeStack("prod");
        for (const type of ["kubernetes:monitoring.coreos.com/v1:PrometheusRule", "kubernetes:monitoring.coreos.com/v1:PodMonitor"]) {
            for (const r of inObservability(result, type)) {
                assert.deepStrictEqual(r.inputs.metadata.labels, PROMETHEUS_SELECTOR_LABELS);
            }
        }
        const dashboards = inObservability(result, "kubernetes:core/v1:ConfigMap");
        assert.ok(dashboards.every((d) => d.inputs.metadata.labels.grafana_dashboard === "1" && d.inputs.metadata.namespace === MONITORING_NAMESPACE));
        const data = dashboards[0].inputs.data as Record<string, string>;
        assert.deepStrictEqual(Object.keys(data).sort(), ["platform-datastores.json", "platform-gateway.json", "platform-services.json"]);
        const datastores = JSON.parse(data["platform-datastores.json"]);
        assert.ok(datastores.panels.some((p: any) => p.targets[0].metricName === "ApproximateAgeOfOldestMessage"), "the region's queues are on the data store dashboard");
    });

    it("the services' PodMonitor follows the service contract (namespace and label per service, port http, /metrics)", async () => {
        const result = await synthesizeStack("dev");
        const services = Object.keys((await import("../support/config")).stackConfig("dev").services).sort();
        const spec = inObservability(result, "kubernetes:monitoring.coreos.com/v1:PodMonitor")[0].inputs.spec;
        assert.deepStrictEqual([...spec.namespaceSelector.matchNames].sort(), services);
        assert.deepStrictEqual(spec.selector.matchExpressions, [{ key: "app.kubernetes.io/name", operator: "In", values: spec.namespaceSelector.matchNames }]);
        assert.deepStrictEqual(spec.podMetricsEndpoints.map((e: any) => [e.port, e.path]), [["http", "/metrics"]]);
    });
});

describe("observability: telemetry through the service namespaces' default-deny policies", () => {
    const pod = (namespace: string, labels: Record<string, string> = {}) => ({ namespace, labels });

    it("selfHosted: each service's pods may send OTLP to Tempo (and nothing else there), and Prometheus may scrape port http", async () => {
        const result = await synthesizeStack("prod");
        const policies = ofType(result, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((p) => p.inputs as NetworkPolicy);
        const services = Object.keys((await import("../support/config")).stackConfig("prod").services);
        // Folded into each service namespace's baseline policy: no extra object.
        assert.strictEqual(inObservability(result, "kubernetes:networking.k8s.io/v1:NetworkPolicy").length, 0);
        const telemetry = ofType(result, "kubernetes:networking.k8s.io/v1:NetworkPolicy").filter((p) => services.includes(p.inputs.metadata.namespace));
        assert.strictEqual(telemetry.length, services.length * 2, "the baseline's one policy per service namespace per region");
        const tempo = { ip: "10.30.64.10", pod: pod(MONITORING_NAMESPACE, { "app.kubernetes.io/name": "tempo" }) };
        const grafana = { ip: "10.30.64.11", pod: pod(MONITORING_NAMESPACE, { "app.kubernetes.io/name": "grafana" }) };
        for (const service of services) {
            const from = pod(service, { "app.kubernetes.io/name": service });
            assert.ok(egressAllowed(policies, from, { ...tempo, port: 4318 }), `${service} -> tempo:4318`);
            assert.ok(!egressAllowed(policies, from, { ...tempo, port: 3200 }), `${service} -> tempo:3200`);
            assert.ok(!egressAllowed(policies, from, { ...grafana, port: 4318 }), `${service} -> grafana`);
        }
        for (const policy of telemetry) {
            assert.deepStrictEqual(policy.inputs.spec.ingress.slice(-1), [
                {
                    from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": MONITORING_NAMESPACE } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } } }],
                    ports: [{ protocol: "TCP", port: "http" }],
                },
            ]);
        }
    });

    it("datadog: each service's pods may send DogStatsD and traces to the node agents", async () => {
        const result = await synthesizeStack("dev", DATADOG);
        const policies = ofType(result, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((p) => p.inputs as NetworkPolicy);
        const agent = { ip: "10.20.64.10", pod: pod(NODE_AGENTS_NAMESPACE, { app: "datadog" }) };
        assert.ok(egressAllowed(policies, pod("bff"), { ...agent, port: 8125, protocol: "UDP" }));
        assert.ok(egressAllowed(policies, pod("bff"), { ...agent, port: 8126 }));
        assert.ok(!egressAllowed(policies, pod("bff"), { ...agent, port: 4318 }));
    });
});

describe("observability: namespaces, storage and secrets", () => {
    it("monitoring is restricted; node agents enforce privileged and audit and warn at baseline", async () => {
        const result = await synthesizeStack("prod");
        const namespaces = inObservability(result, "kubernetes:core/v1:Namespace");
        const labelsOf = (name: string) => namespaces.find((n) => n.inputs.metadata.name === name)!.inputs.metadata.labels;
        assert.strictEqual(labelsOf(MONITORING_NAMESPACE)["pod-security.kubernetes.io/enforce"], "restricted");
        const agents = labelsOf(NODE_AGENTS_NAMESPACE);
        assert.deepStrictEqual([agents["pod-security.kubernetes.io/enforce"], agents["pod-security.kubernetes.io/audit"], agents["pod-security.kubernetes.io/warn"]], ["privileged", "baseline", "baseline"]);
        const nodeExporter = values(release(result, "kube-prometheus-stack")[0])["prometheus-node-exporter"].namespaceOverride;
        assert.strictEqual(nodeExporter, NODE_AGENTS_NAMESPACE);
        assert.ok(release(result, "fluent-bit").every((r) => r.inputs.namespace === NODE_AGENTS_NAMESPACE));
    });

    it("Prometheus's storage class encrypts gp3 with the region's EBS key, which the EBS CSI driver may use", async () => {
        const result = await synthesizeStack("prod");
        for (const sc of inObservability(result, "kubernetes:storage.k8s.io/v1:StorageClass")) {
            assert.strictEqual(sc.inputs.metadata.name, ENCRYPTED_GP3_STORAGE_CLASS);
            assert.deepStrictEqual([sc.inputs.provisioner, sc.inputs.parameters.type, sc.inputs.parameters.encrypted], ["ebs.csi.aws.com", "gp3", "true"]);
            const key = result.resources.find((r) => (sc.propertyDependencies.parameters ?? []).includes(r.urn))!;
            assert.strictEqual(key.type, "aws:kms/key:Key");
            assert.match(key.name, /-ebs$/);
            assert.strictEqual(sc.inputs.reclaimPolicy, "Retain", "prod keeps the volume when the claim goes");
        }
        const csiRoles = ofType(result, "aws:iam/role:Role").filter((r) => r.name.endsWith("-ebs-csi-role"));
        for (const role of csiRoles) {
            const permissions = rolePermissions(result, role);
            const region = role.name.includes("usw2") ? "us-west-2" : "us-east-1";
            const ebsKey = ofType(result, "aws:kms/key:Key").find((k) => k.name.endsWith("-ebs") && k.region === region)!;
            assert.ok(documentsAllow(permissions.documents, "kms:GenerateDataKeyWithoutPlaintext", ebsKey.outputs!.arn), role.name);
        }
    });

    it("secrets come through External Secrets from platform/<env>/monitoring/* only", async () => {
        const result = await synthesizeStack("prod");
        const external = inObservability(result, "kubernetes:external-secrets.io/v1:ExternalSecret");
        const keys = external.flatMap((e) => (e.inputs.spec.data as any[]).map((d) => d.remoteRef.key as string));
        assert.ok(keys.length > 0 && keys.every((k) => k.startsWith("platform/prod/monitoring/")), keys.join(", "));
        const grafana = external.find((e) => e.inputs.spec.target.name === GRAFANA_ADMIN_SECRET)!;
        assert.deepStrictEqual(grafana.inputs.spec.data.map((d: any) => d.remoteRef.key), ["platform/prod/monitoring/grafana-admin", "platform/prod/monitoring/grafana-admin"]);
        const alertmanager = external.find((e) => e.inputs.spec.target.name === ALERTMANAGER_CONFIG_SECRET)!;
        assert.ok(ALERTMANAGER_CONFIG_KEY in alertmanager.inputs.spec.target.template.data);
        assert.deepStrictEqual(alertmanager.inputs.spec.data.map((d: any) => d.remoteRef.key), ["platform/prod/monitoring/alertmanager/pagerduty", "platform/prod/monitoring/alertmanager/slack"]);

        const secretsRoles = inObservability(result, "aws:iam/role:Role").filter((r) => r.name.endsWith("-secrets-role"));
        for (const role of secretsRoles) {
            const { documents } = rolePermissions(result, role);
            assert.ok(documentsAllow(documents, "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:333344445555:secret:platform/prod/monitoring/grafana-admin-AbCdEf"));
            assert.ok(!documentsAllow(documents, "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:333344445555:secret:platform/prod/bff/api-AbCdEf"));
            assert.ok(!documentsAllow(documents, "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:333344445555:secret:platform/prod/monitoring-other/x"));
            assert.deepStrictEqual(trustedServiceAccounts(role), [`${MONITORING_NAMESPACE}:monitoring-secrets`]);
        }
    });

    it("with ELK, Fluent Bit's credentials come from the node agents' own store and no log group is created", async () => {
        const result = await synthesizeStack("dev", ELK);
        const external = inObservability(result, "kubernetes:external-secrets.io/v1:ExternalSecret").filter((e) => e.inputs.metadata.namespace === NODE_AGENTS_NAMESPACE);
        assert.deepStrictEqual(external.map((e) => e.inputs.spec.data.map((d: any) => [d.remoteRef.key, d.remoteRef.property])), [[["platform/dev/monitoring/elasticsearch", "username"], ["platform/dev/monitoring/elasticsearch", "password"]]]);
        assert.strictEqual(inObservability(result, "aws:cloudwatch/logGroup:LogGroup").length, 0);
        const role = inObservability(result, "aws:iam/role:Role").find((r) => r.name.endsWith("-secrets-role"))!;
        assert.deepStrictEqual(trustedServiceAccounts(role).sort(), [`${MONITORING_NAMESPACE}:monitoring-secrets`, `${NODE_AGENTS_NAMESPACE}:monitoring-secrets`].sort());
        assert.match(values(release(result, "fluent-bit")[0]).config.outputs, /Host logs\.example\.com/);
    });
});

describe("observability: traces bucket and IRSA roles", () => {
    it("Tempo's bucket is ours, versioned, SSE-KMS, TLS-only, lifecycled and access-logged; its role reaches only that bucket", async () => {
        const result = await synthesizeStack("prod");
        const buckets = inObservability(result, "aws:s3/bucket:Bucket");
        assert.strictEqual(buckets.length, 2);
        for (const bucket of buckets) {
            const companions = (type: string) => result.resources.filter((r) => r.type === type && (r.propertyDependencies.bucket ?? []).includes(bucket.urn));
            for (const type of ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucketLogging:BucketLogging"]) {
                assert.strictEqual(companions(type).length, 1, `${bucket.name}: ${type}`);
            }
            assert.strictEqual(companions("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")[0].inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, "aws:kms");
            // The region's access-log bucket admits this bucket's logs.
            const logBucketPolicy = ofType(result, "aws:s3/bucketPolicy:BucketPolicy").find((p) => p.region === bucket.region && p.name.endsWith("-access-logs-policy"))!;
            assert.ok(String(logBucketPolicy.inputs.policy).includes(`arn:aws:s3:::${bucket.inputs.bucket}`), `${bucket.inputs.bucket} may log`);
        }
        const tempoRoles = inObservability(result, "aws:iam/role:Role").filter((r) => r.name.endsWith("-tempo-role"));
        for (const role of tempoRoles) {
            assert.deepStrictEqual(trustedServiceAccounts(role), [`${MONITORING_NAMESPACE}:${TEMPO_SERVICE_ACCOUNT}`]);
            const { documents } = rolePermissions(result, role);
            const own = buckets.find((b) => b.region === role.region)!.inputs.bucket;
            const other = buckets.find((b) => b.region !== role.region)!.inputs.bucket;
            assert.ok(documentsAllow(documents, "s3:PutObject", `arn:aws:s3:::${own}/single/block`));
            assert.ok(!documentsAllow(documents, "s3:PutObject", `arn:aws:s3:::${other}/single/block`));
            assert.ok(!documentsAllow(documents, "s3:PutObject", "arn:aws:s3:::platform-prod-use1-documents-333344445555/x"));
        }
        const tempo = values(release(result, "tempo")[0]);
        assert.strictEqual(tempo.tempo.storage.trace.s3.bucket, buckets[0].inputs.bucket);
    });

    it("Grafana's and Fluent Bit's roles are trusted only by the charts' ServiceAccounts; Fluent Bit writes only its log group", async () => {
        const result = await synthesizeStack("dev");
        const role = (suffix: string) => inObservability(result, "aws:iam/role:Role").find((r) => r.name.endsWith(suffix))!;
        assert.deepStrictEqual(trustedServiceAccounts(role("-grafana-role")), [`${MONITORING_NAMESPACE}:${GRAFANA_SERVICE_ACCOUNT}`]);
        assert.deepStrictEqual(trustedServiceAccounts(role("-fluent-bit-role")), [`${NODE_AGENTS_NAMESPACE}:${FLUENT_BIT_SERVICE_ACCOUNT}`]);
        const logGroup = inObservability(result, "aws:cloudwatch/logGroup:LogGroup")[0];
        assert.ok(logGroup.inputs.kmsKeyId, "log group under the logs key");
        const { documents } = rolePermissions(result, role("-fluent-bit-role"));
        assert.ok(documentsAllow(documents, "logs:PutLogEvents", `${logGroup.outputs!.arn}:log-stream:node-ip-10-0-0-1`));
        assert.ok(!documentsAllow(documents, "logs:PutLogEvents", "arn:aws:logs:us-east-1:111122223333:log-group:/aws/eks/other:log-stream:x"));
        assert.ok(!documentsAllow(documents, "logs:CreateLogGroup", logGroup.outputs!.arn));
        const grafana = values(release(result, "kube-prometheus-stack")[0]).grafana;
        assert.strictEqual(grafana.serviceAccount.annotations["eks.amazonaws.com/role-arn"], role("-grafana-role").outputs!.arn);
    });
});
