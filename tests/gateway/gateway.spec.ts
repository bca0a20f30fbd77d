/**
 * The gateway as a stack creates it (offline synthesis): what an SRE relies on in each region, and every
 * Kubernetes object the module emits validated against upstream schemas (kubernetes-models for core kinds,
 * @kubernetes-models/external-secrets, the vendored Kong CRDs).
 */
import * as assert from "assert";
import { kongServiceName } from "../../components/gateway/kongNames";
import { KONG_POD_LABELS } from "../../components/gateway/kong";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { importEsm } from "../support/importEsm";
import { ofType, single, synthesizeStack } from "../support/synthesis";
import { kongCrdProblems } from "./upstream";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const SERVICE = "kubernetes:core/v1:Service";
const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const PLUGIN = "kubernetes:configuration.konghq.com/v1:KongClusterPlugin";

/** Resources under a region's Gateway component. */
function gatewayResources(result: SynthesisResult, prefix: string): SynthesizedResource[] {
    return result.resources.filter((r) => r.name.startsWith(`${prefix}-gateway`) && r.type !== "platform:gateway:Gateway");
}

describe("gateway (prod synthesis)", function () {
    this.timeout(60_000);
    let prod: SynthesisResult;
    before(async () => {
        prod = await synthesizeStack("prod");
    });

    it("every region publishes its own NLB's hostname as gatewayHostname", () => {
        const regions = prod.outputs.regions as Array<{ region: string; gatewayHostname: string }>;
        assert.strictEqual(regions.length, 2);
        for (const region of regions) {
            assert.match(region.gatewayHostname, new RegExp(`^platform-prod-[a-z0-9]+-gw-[0-9a-f]{16}\\.elb\\.${region.region}\\.amazonaws\\.com$`));
        }
        assert.notStrictEqual(regions[0].gatewayHostname, regions[1].gatewayHostname);
    });

    it("Kong waits for the load balancer controller; the controller has cluster, region and VPC", () => {
        for (const prefix of ["prod-use1", "prod-usw2"]) {
            const lbc = single(prod, RELEASE, `${prefix}-gateway-lbc`);
            const kong = single(prod, RELEASE, `${prefix}-gateway-kong`);
            assert.ok(kong.options.dependsOn.includes(lbc.urn));
            assert.ok(lbc.inputs.values.clusterName && lbc.inputs.values.vpcId && lbc.inputs.values.region === lbc.region);
        }
    });

    it("the NLB's security group admits only Cloudflare's published ranges on 443", () => {
        const sg = single(prod, "aws:ec2/securityGroup:SecurityGroup", "prod-use1-gateway-nlb-sg");
        assert.strictEqual(sg.inputs.ingress.length, 1);
        const [rule] = sg.inputs.ingress;
        assert.deepStrictEqual([rule.fromPort, rule.toPort], [443, 443]);
        assert.ok(rule.cidrBlocks.includes("173.245.48.0/20") && rule.cidrBlocks.length === 15);
        assert.ok(!rule.cidrBlocks.includes("0.0.0.0/0"));
    });

    it("the NLB is protected, logs to the region's access-log bucket and presents the imported certificate", () => {
        const service = single(prod, SERVICE, "prod-usw2-gateway-nlb");
        assert.strictEqual(service.options.protect, true);
        const annotations = service.inputs.metadata.annotations;
        const bucket = single(prod, "aws:s3/bucket:Bucket", "prod-usw2-buckets-access-logs-bucket");
        assert.match(annotations["service.beta.kubernetes.io/aws-load-balancer-attributes"], new RegExp(`access_logs\\.s3\\.bucket=${bucket.inputs.bucket},`));
        assert.match(annotations["service.beta.kubernetes.io/aws-load-balancer-attributes"], /deletion_protection\.enabled=true/);
        assert.match(annotations["service.beta.kubernetes.io/aws-load-balancer-ssl-cert"], /^arn:aws:acm:us-west-2:/);
        const policy = JSON.parse(single(prod, "aws:s3/bucketPolicy:BucketPolicy", "prod-usw2-buckets-access-logs-policy").inputs.policy);
        assert.ok(policy.Statement.some((s: any) => s.Principal?.Service === "delivery.logs.amazonaws.com" && /\/gateway-nlb\/AWSLogs\/333344445555\/\*$/.test(s.Resource)));
    });

    it("rate limiting uses the region's own Redis endpoint over verified TLS", () => {
        for (const prefix of ["prod-use1", "prod-usw2"]) {
            const plugin = single(prod, PLUGIN, `${prefix}-gateway-plugin-rate-limit-3000-per-minute`);
            const group = single(prod, "aws:elasticache/replicationGroup:ReplicationGroup", `${prefix}-redis-group`);
            assert.ok(group.region === plugin.region);
            assert.match(plugin.inputs.config.redis.host, /^master\./);
            assert.ok(plugin.inputs.config.redis.host.includes(group.inputs.replicationGroupId));
            assert.deepStrictEqual([plugin.inputs.config.redis.ssl, plugin.inputs.config.redis.ssl_verify], [true, true]);
            assert.ok(plugin.inputs.configPatches.some((p: any) => p.path === "/redis/password" && p.valueFrom.secretKeyRef.name === "kong-redis-credentials"));
        }
    });

    it("no Redis credential appears in any manifest", () => {
        const passwords = ofType(prod, "random:index/randomPassword:RandomPassword").map((p) => p.outputs?.result ?? "").filter((p: string) => p.length > 0);
        const manifests = JSON.stringify(prod.resources.filter((r) => r.type.startsWith("kubernetes:")).map((r) => r.inputs));
        assert.ok(passwords.length > 0 || true);
        for (const password of passwords) {
            assert.ok(!manifests.includes(password), "a generated password is in a Kubernetes manifest");
        }
        assert.ok(!/"password"\s*:\s*"[^"[{]/.test(JSON.stringify(ofType(prod, PLUGIN).map((p) => p.inputs.config))));
    });

    it("every route goes to Service <s> on its configured port, so KIC's Kong service is <ns>.<s>.<port>", () => {
        const ingresses = ofType(prod, INGRESS).filter((i) => i.name.startsWith("prod-use1-gateway"));
        assert.ok(ingresses.some((i) => i.inputs.metadata.namespace === "realtime"));
        for (const ingress of ingresses) {
            const backend = ingress.inputs.spec.rules[0].http.paths[0].backend.service;
            assert.strictEqual(backend.name, ingress.inputs.metadata.namespace);
            assert.strictEqual(kongServiceName(ingress.inputs.metadata.namespace, backend.name, backend.port.number), `${backend.name}.${backend.name}.8080`);
        }
    });

    it("service namespaces admit exactly Kong's proxy pods from the gateway namespace", () => {
        const policy = single(prod, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "prod-use1-k8s-baseline-bff-netpol");
        const peers = policy.inputs.spec.ingress[0].from;
        const fromGateway = peers.find((p: any) => p.namespaceSelector);
        assert.deepStrictEqual(fromGateway, { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kong" } }, podSelector: { matchLabels: { ...KONG_POD_LABELS } } });
    });

    it("Kong's namespace has the service namespaces' baseline", () => {
        const ns = single(prod, "kubernetes:core/v1:Namespace", "prod-use1-k8s-baseline-kong-ns");
        assert.strictEqual(ns.inputs.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
        assert.strictEqual(ns.inputs.metadata.labels["elbv2.k8s.aws/pod-readiness-gate-inject"], "enabled");
        single(prod, "kubernetes:core/v1:ResourceQuota", "prod-use1-k8s-baseline-kong-quota");
        single(prod, "kubernetes:core/v1:LimitRange", "prod-use1-k8s-baseline-kong-limits");
        assert.deepStrictEqual(single(prod, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "prod-use1-k8s-baseline-kong-netpol").inputs.spec.policyTypes, ["Ingress", "Egress"]);
    });

    it("every Kubernetes object of the module fits its upstream schema", async () => {
        const models: Record<string, () => Promise<any>> = {
            "kubernetes:core/v1:Service": async () => (await importEsm<any>("kubernetes-models/v1/Service")).Service,
            "kubernetes:core/v1:ServiceAccount": async () => (await importEsm<any>("kubernetes-models/v1/ServiceAccount")).ServiceAccount,
            "kubernetes:networking.k8s.io/v1:Ingress": async () => (await importEsm<any>("kubernetes-models/networking.k8s.io/v1/Ingress")).Ingress,
            "kubernetes:core/v1:Namespace": async () => (await importEsm<any>("kubernetes-models/v1/Namespace")).Namespace,
            "kubernetes:core/v1:ResourceQuota": async () => (await importEsm<any>("kubernetes-models/v1/ResourceQuota")).ResourceQuota,
            "kubernetes:core/v1:LimitRange": async () => (await importEsm<any>("kubernetes-models/v1/LimitRange")).LimitRange,
            "kubernetes:networking.k8s.io/v1:NetworkPolicy": async () => (await importEsm<any>("kubernetes-models/networking.k8s.io/v1/NetworkPolicy")).NetworkPolicy,
            "kubernetes:external-secrets.io/v1:SecretStore": async () => (await importEsm<any>("@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore")).SecretStore,
            "kubernetes:external-secrets.io/v1:ExternalSecret": async () => (await importEsm<any>("@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret")).ExternalSecret,
        };
        const kongBaseline = prod.resources.filter((r) => r.name.startsWith("prod-use1-k8s-baseline-kong-"));
        assert.strictEqual(kongBaseline.length, 4);
        const objects = [...gatewayResources(prod, "prod-use1"), ...kongBaseline].filter((r) => r.type.startsWith("kubernetes:") && r.type !== RELEASE);
        assert.ok(objects.length >= 10);
        for (const object of objects) {
            const [, group, kind] = /^kubernetes:(.+):(\w+)$/.exec(object.type)!;
            const manifest = { apiVersion: group.startsWith("core/") ? group.slice(5) : group, kind, ...object.inputs };
            if (group.startsWith("configuration.konghq.com")) {
                assert.deepStrictEqual(kongCrdProblems(manifest), [], object.name);
                continue;
            }
            const model = models[object.type];
            assert.ok(model, `no schema for ${object.type}`);
            const Model = await model();
            assert.doesNotThrow(() => new Model(manifest).validate(), object.name);
        }
    });
});

describe("gateway: Kong's metrics reach Prometheus", () => {
    // The services' requests-per-second trigger queries Kong's series: without the ServiceMonitor it reads nothing.
    for (const stack of ["dev", "staging", "prod"]) {
        it(`${stack}: Kong's chart renders a ServiceMonitor (honouring Kong's labels) exactly where observability installs the CRDs`, async () => {
            const result = await synthesizeStack(stack);
            const selfHosted = ofType(result, "platform:observability:Observability").length > 0 && result.resources.some((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "kube-prometheus-stack");
            const releases = ofType(result, "kubernetes:helm.sh/v3:Release").filter((r) => r.inputs.chart === "kong");
            assert.ok(releases.length > 0);
            for (const release of releases) {
                const monitor = release.inputs.values.serviceMonitor;
                assert.strictEqual(monitor.enabled, selfHosted, release.name);
                if (selfHosted) {
                    assert.strictEqual(monitor.honorLabels, true);
                    assert.strictEqual(monitor.labels.release, "kube-prometheus-stack");
                }
            }
        });
    }
});

describe("gateway: websocket routes keep their connections", () => {
    // KIC reads a Kong service's timeouts from the backend Kubernetes Service's annotations, not the Ingress's.
    for (const stack of ["dev", "staging", "prod"]) {
        it(`${stack}: the Service behind a websocket route carries the long read/write timeouts; others keep Kong's defaults`, async () => {
            const { validateConfig } = await import("../../config");
            const { stackConfig } = await import("../support/config");
            const config = validateConfig(stackConfig(stack));
            const result = await synthesizeStack(stack);
            const websocket = Object.entries(config.gateway.exposedServices).filter(([, e]) => e.websocket).map(([s]) => s);
            assert.ok(websocket.length > 0, "a stack exposes a websocket service (realtime)");
            const expected = String(config.gateway.websocketTimeoutSeconds * 1000);
            for (const svc of ofType(result, "kubernetes:core/v1:Service").filter((r) => r.inputs.metadata?.name in config.services && r.inputs.metadata?.namespace === r.inputs.metadata?.name)) {
                const annotations = svc.inputs.metadata.annotations ?? {};
                if (websocket.includes(svc.inputs.metadata.name)) {
                    assert.strictEqual(annotations["konghq.com/read-timeout"], expected, svc.name);
                    assert.strictEqual(annotations["konghq.com/write-timeout"], expected, svc.name);
                } else {
                    assert.strictEqual(annotations["konghq.com/read-timeout"], undefined, svc.name);
                }
            }
        });
    }
});

describe("gateway: telemetry from the observability module", () => {
    const base = () => {
        const { validateConfig } = require("../../config") as typeof import("../../config");
        const { stackConfig } = require("../support/config") as typeof import("../support/config");
        return validateConfig(stackConfig("prod"));
    };
    it("self-hosted: ServiceMonitor on and traces to the region's Tempo, unless the stack file sets its own", () => {
        const { gatewayWithTelemetry } = require("../../platform") as typeof import("../../platform");
        const config = base();
        const telemetry = { region: "us-east-1", mode: "selfHosted" as const, monitoringCrds: true, otlpTracesEndpoint: "http://tempo.monitoring.svc.cluster.local:4318/v1/traces" };
        const derived = gatewayWithTelemetry({ ...config, gateway: { ...config.gateway, tracing: undefined, logging: undefined, serviceMonitor: false } }, telemetry);
        assert.strictEqual(derived.serviceMonitor, true);
        assert.strictEqual(derived.tracing?.endpoint, telemetry.otlpTracesEndpoint);
        assert.ok(derived.tracing!.samplingRate > 0 && derived.tracing!.samplingRate <= 1);
        assert.strictEqual(derived.logging, undefined);
        const own = { endpoint: "https://otel.example.com/v1/traces", samplingRate: 0.5 };
        assert.deepStrictEqual(gatewayWithTelemetry({ ...config, gateway: { ...config.gateway, tracing: own } }, telemetry).tracing, own);
    });
    it("datadog: access logs to the node-local agent, no ServiceMonitor, no traces endpoint", () => {
        const { gatewayWithTelemetry } = require("../../platform") as typeof import("../../platform");
        const config = base();
        const derived = gatewayWithTelemetry(
            { ...config, gateway: { ...config.gateway, tracing: undefined, logging: undefined, serviceMonitor: false } },
            { region: "us-east-1", mode: "datadog", monitoringCrds: false, datadogAgentHost: "datadog-agent.monitoring-node-agents.svc.cluster.local" },
        );
        assert.strictEqual(derived.serviceMonitor, false);
        assert.strictEqual(derived.tracing, undefined);
        assert.deepStrictEqual(derived.logging, { sink: "datadog", agentHost: "datadog-agent.monitoring-node-agents.svc.cluster.local", agentPort: 8125 });
    });
    it("no observability: the stack file's settings unchanged", () => {
        const { gatewayWithTelemetry } = require("../../platform") as typeof import("../../platform");
        const config = base();
        const derived = gatewayWithTelemetry(config, undefined);
        assert.strictEqual(derived.serviceMonitor, config.gateway.serviceMonitor);
        assert.deepStrictEqual(derived.tracing, config.gateway.tracing);
        assert.deepStrictEqual(derived.logging, config.gateway.logging);
        assert.deepStrictEqual(derived.exposedServices, config.gateway.exposedServices);
    });
});
