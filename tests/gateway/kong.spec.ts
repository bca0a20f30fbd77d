/**
 * Kong and the load balancer controller as pure data, against the pinned upstream sources: chart values keys,
 * plugin config fields, CRD schemas, upstream's IAM policy; and what each route runs.
 */
import * as assert from "assert";
import { loadBalancerControllerHelmValues, loadBalancerControllerPolicy, nlbAttributes, nlbServiceAnnotations } from "../../components/gateway/loadBalancer";
import {
    INTERNAL_HEADERS,
    jwtConsumer,
    kongHelmValues,
    PLUGIN_NAMES,
    rateLimitPlugin,
    rateLimits,
    routeIngress,
    routePluginNames,
    sharedPlugins,
} from "../../components/gateway/kong";
import { kongUpstreamTimeoutAnnotations } from "../../components/gateway/kongNames";
import { gatewayNamespaceQuota, gatewayNetworkPolicy } from "../../components/gateway/namespace";
import { GatewayConfig, gatewaySchema } from "../../config/sections/gateway";
import { fixtureText, kongCrdProblems, unknownHelmKeys, unknownPluginFields } from "./upstream";

const upstream = JSON.parse(fixtureText("aws-load-balancer-controller-iam-policy.json"));

function gateway(overrides: Record<string, unknown> = {}): GatewayConfig {
    return gatewaySchema.parse({
        adminAllowCidrs: ["198.51.100.0/24"],
        jwtIssuers: [{ name: "login", issuer: "https://login.example.com/" }],
        logging: { sink: "elk", endpoint: "https://logs.example.com:8443/kong" },
        tracing: { endpoint: "http://tempo.monitoring.svc:4318/v1/traces" },
        exposedServices: {
            bff: { routes: [{ host: "api.example.com", rateLimitPerMinute: 600 }, { host: "api.example.com", path: "/admin", admin: true }] },
            realtime: { websocket: true, routes: [{ host: "api.example.com", path: "/realtime", authentication: "none" }] },
        },
        ...overrides,
    });
}

describe("gateway: AWS Load Balancer Controller", () => {
    it("grants exactly upstream's IAM policy at the pinned version", () => {
        assert.strictEqual(upstream.version, "v3.5.0");
        assert.deepStrictEqual(loadBalancerControllerPolicy(), upstream.policy);
        assert.strictEqual(upstream.policy.Statement.length, 16);
    });

    it("only rewrites the partition for other partitions", () => {
        const gov = JSON.stringify(loadBalancerControllerPolicy("aws-us-gov"));
        assert.ok(!gov.includes('"arn:aws:'), "no commercial-partition ARN left");
        assert.strictEqual(gov.replace(/"arn:aws-us-gov:/g, '"arn:aws:'), JSON.stringify(upstream.policy));
    });

    it("sets only keys of chart 3.5.0's values.yaml, with cluster, region and VPC", () => {
        const values = loadBalancerControllerHelmValues({ clusterName: "platform-prod-use1", region: "us-east-1", vpcId: "vpc-1", roleArn: "arn:aws:iam::1:role/x" });
        assert.deepStrictEqual(unknownHelmKeys(values, fixtureText("aws-load-balancer-controller-3.5.0-values.yaml"), ["serviceAccount.annotations", "resources", "podDisruptionBudget"]), []);
        assert.deepStrictEqual([values.clusterName, values.region, values.vpcId], ["platform-prod-use1", "us-east-1", "vpc-1"]);
        assert.strictEqual((values.serviceAccount as any).annotations["eks.amazonaws.com/role-arn"], "arn:aws:iam::1:role/x");
    });

    it("the key check catches a misspelt key", () => {
        assert.deepStrictEqual(unknownHelmKeys({ clusterNmae: "x", serviceAccount: { create: true } }, fixtureText("aws-load-balancer-controller-3.5.0-values.yaml"), []), ["clusterNmae"]);
    });

    it("asks for an internet-facing NLB: IP targets, TLS listener re-encrypting, access logs, cross-zone, deletion protection", () => {
        const a = nlbServiceAnnotations({ name: "platform-prod-use1-gw", certificateArn: "arn:cert", securityGroupId: "sg-1", accessLogBucket: "logs", deletionProtection: true });
        const p = "service.beta.kubernetes.io/aws-load-balancer-";
        assert.strictEqual(a[`${p}scheme`], "internet-facing");
        assert.strictEqual(a[`${p}nlb-target-type`], "ip");
        assert.strictEqual(a[`${p}ssl-cert`], "arn:cert");
        assert.strictEqual(a[`${p}ssl-ports`], "443");
        assert.strictEqual(a[`${p}backend-protocol`], "ssl");
        assert.strictEqual(a[`${p}security-groups`], "sg-1");
        // Proxy protocol reaches health checks too: TCP on the (proxy-protocol) traffic port, not Kong's status listener.
        assert.deepStrictEqual([a[`${p}proxy-protocol`], a[`${p}healthcheck-protocol`], a[`${p}healthcheck-port`]], ["*", "TCP", "traffic-port"]);
        const attributes = new Map(a[`${p}attributes`].split(",").map((kv) => kv.split("=") as [string, string]));
        assert.strictEqual(attributes.get("access_logs.s3.enabled"), "true");
        assert.strictEqual(attributes.get("access_logs.s3.bucket"), "logs");
        assert.strictEqual(attributes.get("load_balancing.cross_zone.enabled"), "true");
        assert.strictEqual(attributes.get("deletion_protection.enabled"), "true");
        assert.match(nlbAttributes({ accessLogBucket: "b", deletionProtection: false }), /deletion_protection\.enabled=false/);
    });
});

describe("gateway: Kong chart values (kong 3.4.1)", () => {
    const values = kongHelmValues({ gateway: gateway({ serviceMonitor: true }), trustedIps: "10.0.0.0/16", namespace: "kong" });
    const valuesYaml = fixtureText("kong-3.4.1-values.yaml");

    it("sets only keys of the chart's values.yaml", () => {
        assert.deepStrictEqual(unknownHelmKeys(values, valuesYaml, ["env", "ingressController.env", "resources", "ingressController.resources", "serviceMonitor.labels", "topologySpreadConstraints"]), []);
    });

    it("runs DB-less with the Admin API on loopback only, TLS proxy with proxy protocol, at least two replicas", () => {
        assert.strictEqual((values.env as any).database, "off");
        assert.deepStrictEqual(values.admin, { enabled: false });
        assert.strictEqual((values.proxy as any).type, "ClusterIP");
        assert.deepStrictEqual((values.proxy as any).tls.parameters, ["proxy_protocol", "http2"]);
        assert.ok((values.replicaCount as number) >= 2);
        assert.deepStrictEqual(values.podDisruptionBudget, { enabled: true, maxUnavailable: 1 });
    });

    it("takes the client from X-Forwarded-For only when the peer is trusted", () => {
        assert.strictEqual((values.env as any).real_ip_header, "X-Forwarded-For");
        assert.strictEqual((values.env as any).trusted_ips, "10.0.0.0/16");
    });

    it("probes the status listener and spreads over zones", () => {
        assert.strictEqual((values.readinessProbe as any).httpGet.path, "/status/ready");
        assert.strictEqual((values.livenessProbe as any).httpGet.path, "/status");
        assert.strictEqual((values.topologySpreadConstraints as any[])[0].topologyKey, "topology.kubernetes.io/zone");
    });

    it("creates the ServiceMonitor (honouring Kong's labels) only when asked", () => {
        assert.deepStrictEqual(values.serviceMonitor, { enabled: true, trustCRDsExist: true, honorLabels: true, labels: { release: "kube-prometheus-stack" } });
        assert.deepStrictEqual(kongHelmValues({ gateway: gateway(), trustedIps: "x", namespace: "kong" }).serviceMonitor, { enabled: false });
    });

    it("turns the admission webhook off (no genCA certificate churn)", () => {
        assert.strictEqual((values.ingressController as any).admissionWebhook.enabled, false);
    });
});

describe("gateway: plugins (Kong 3.9 schemas, KIC 3.5 CRDs)", () => {
    const g = gateway();
    const redis = { host: "master.redis.example.cache.amazonaws.com", port: 6379, withUsername: true };
    const plugins = [...sharedPlugins(g), rateLimitPlugin({ name: "rate-limit-600-per-minute", perMinute: 600, redis, namespace: "kong" })];

    it("every plugin object fits the KongClusterPlugin CRD", () => {
        for (const plugin of plugins) {
            assert.deepStrictEqual(kongCrdProblems(plugin as any), [], plugin.metadata.name);
        }
    });

    it("the CRD check rejects an unknown field", () => {
        assert.match(kongCrdProblems({ ...plugins[0], configFromm: {} } as any).join(), /configFromm: not a field/);
    });

    it("every config field exists in the plugin's schema.lua", () => {
        for (const plugin of plugins) {
            assert.deepStrictEqual(unknownPluginFields(plugin.plugin, plugin.config ?? {}), [], plugin.plugin);
        }
    });

    it("the plugin field check catches a misspelt field", () => {
        assert.deepStrictEqual(unknownPluginFields("rate-limiting", { minute: 1, redis: { hots: "x" } }), ["redis.hots"]);
    });

    it("rate limiting counts in Redis over verified TLS, the credentials only as Secret references", () => {
        const plugin = plugins.at(-1)!;
        const config = plugin.config as any;
        assert.strictEqual(config.policy, "redis");
        assert.deepStrictEqual([config.redis.host, config.redis.ssl, config.redis.ssl_verify, config.redis.server_name], [redis.host, true, true, redis.host]);
        assert.ok(!("password" in config.redis) && !("username" in config.redis));
        assert.deepStrictEqual(plugin.configPatches!.map((p) => [p.path, p.valueFrom.secretKeyRef.namespace]), [
            ["/redis/username", "kong"],
            ["/redis/password", "kong"],
        ]);
    });

    it("prometheus is global with the status-code and latency metrics kongNames.ts relies on", () => {
        const prometheus = plugins.find((p) => p.plugin === "prometheus")!;
        assert.strictEqual(prometheus.metadata.labels?.global, "true");
        assert.strictEqual((prometheus.config as any).status_code_metrics, true);
        assert.strictEqual((prometheus.config as any).latency_metrics, true);
    });

    it("strips internal headers from requests and server-identifying headers from responses", () => {
        assert.deepStrictEqual((plugins.find((p) => p.plugin === "request-transformer")!.config as any).remove.headers, INTERNAL_HEADERS);
        assert.ok((plugins.find((p) => p.plugin === "response-transformer")!.config as any).remove.headers.includes("Server"));
    });

    it("logs to ELK with http-log or to the Datadog agent, by config", () => {
        assert.strictEqual(sharedPlugins(g).find((p) => p.metadata.name === PLUGIN_NAMES.logging)!.plugin, "http-log");
        const datadog = sharedPlugins(gateway({ logging: { sink: "datadog", agentHost: "datadog-agent.datadog.svc.cluster.local" } })).find((p) => p.metadata.name === PLUGIN_NAMES.logging)!;
        assert.strictEqual(datadog.plugin, "datadog");
        assert.strictEqual((datadog.config as any).host, "datadog-agent.datadog.svc.cluster.local");
        assert.strictEqual(sharedPlugins(gateway({ logging: undefined })).find((p) => p.metadata.name === PLUGIN_NAMES.logging), undefined);
    });

    it("uses jwt on open source and openid-connect only on enterprise", () => {
        assert.ok(sharedPlugins(g).some((p) => p.plugin === "jwt"));
        assert.ok(!sharedPlugins(g).some((p) => p.plugin === "openid-connect"));
        const enterprise = gateway({ edition: "enterprise", openIdConnect: { issuer: "https://login.example.com/" } });
        assert.ok(sharedPlugins(enterprise).some((p) => p.plugin === "openid-connect"));
    });

    it("the JWT consumer fits the KongConsumer CRD", () => {
        assert.deepStrictEqual(kongCrdProblems(jwtConsumer({ namespace: "kong", name: "login" })), []);
    });
});

describe("gateway: routes", () => {
    const g = gateway();

    it("routes with the same limit share one rate-limiting plugin", () => {
        const shared = gateway({
            exposedServices: {
                bff: { routes: [{ host: "a.example.com", rateLimitPerMinute: 60 }, { host: "b.example.com", rateLimitPerMinute: 600 }] },
                realtime: { routes: [{ host: "c.example.com", rateLimitPerMinute: 60 }, { host: "d.example.com" }] },
            },
        });
        assert.deepStrictEqual(rateLimits(shared), [60, 600]);
        assert.ok(routePluginNames(shared, "realtime", 0, shared.exposedServices.realtime.routes[0]).includes("rate-limit-60-per-minute"));
        assert.ok(!routePluginNames(shared, "realtime", 1, shared.exposedServices.realtime.routes[1]).some((n) => n.startsWith("rate-limit")));
    });

    it("restricts by IP only the admin routes", () => {
        assert.ok(routePluginNames(g, "bff", 1, g.exposedServices.bff.routes[1]).includes(PLUGIN_NAMES.adminIpRestriction));
        assert.ok(!routePluginNames(g, "bff", 0, g.exposedServices.bff.routes[0]).includes(PLUGIN_NAMES.adminIpRestriction));
        assert.ok(!routePluginNames(g, "realtime", 0, g.exposedServices.realtime.routes[0]).includes(PLUGIN_NAMES.adminIpRestriction));
    });

    it("attaches authentication, rate limit, logging and tracing per route", () => {
        assert.deepStrictEqual(routePluginNames(g, "bff", 0, g.exposedServices.bff.routes[0]), [
            PLUGIN_NAMES.requestTransformer,
            PLUGIN_NAMES.responseTransformer,
            PLUGIN_NAMES.jwt,
            "rate-limit-600-per-minute",
            PLUGIN_NAMES.logging,
            PLUGIN_NAMES.tracing,
        ]);
        assert.ok(!routePluginNames(g, "realtime", 0, g.exposedServices.realtime.routes[0]).includes(PLUGIN_NAMES.jwt));
    });

    it("targets Service <s> on services.<s>.port by number", () => {
        const ingress = routeIngress({ gateway: g, service: "realtime", port: 8081, routeIndex: 0, route: g.exposedServices.realtime.routes[0] });
        assert.deepStrictEqual(ingress.spec.rules[0].http.paths[0].backend, { service: { name: "realtime", port: { number: 8081 } } });
        assert.strictEqual(ingress.metadata.namespace, "realtime");
        assert.strictEqual(ingress.spec.ingressClassName, "kong");
        assert.deepStrictEqual(ingress.spec.rules[0].http.paths[0].path, "/realtime");
    });

    it("gives websocket services Kong service timeouts as Service annotations (where KIC reads them)", () => {
        assert.deepStrictEqual(kongUpstreamTimeoutAnnotations(g.websocketTimeoutSeconds), { "konghq.com/read-timeout": "3600000", "konghq.com/write-timeout": "3600000" });
    });
});

describe("gateway: Kong's namespace", () => {
    const g = gateway();
    const policy = gatewayNetworkPolicy({ gateway: g, vpcCidr: "10.30.0.0/16", servicePorts: { bff: 8080 }, dnsRule: { ports: [{ protocol: "UDP", port: 53 }] }, redisPort: 6379 });

    it("admits only the VPC (the NLB) on the TLS proxy and status ports", () => {
        assert.deepStrictEqual(policy.ingress, [
            {
                from: [{ ipBlock: { cidr: "10.30.0.0/16" } }],
                ports: [
                    { protocol: "TCP", port: 8443 },
                    { protocol: "TCP", port: 8100 },
                ],
            },
        ]);
    });

    it("reaches the service's pods on their port and the log endpoint's port", () => {
        const egress = policy.egress as any[];
        assert.ok(egress.some((r) => r.to?.[0]?.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "bff" && r.ports[0].port === 8080));
        assert.ok(egress.some((r) => r.ports?.[0]?.port === 8443 && r.to[0].ipBlock?.cidr === "0.0.0.0/0"));
    });

    it("allows one load balancer and no node ports", () => {
        const quota = gatewayNamespaceQuota(g);
        assert.deepStrictEqual([quota["services.loadbalancers"], quota["services.nodeports"], quota.pods], ["1", "0", "4"]);
    });
});
