/**
 * Kong as pure data: chart values (kong/kong @3.4.1), the plugins (KongClusterPlugin, `configuration.konghq.com/v1`,
 * config fields of Kong 3.9's plugin schemas), the JWT consumers and their credentials (External Secrets), and an
 * Ingress per public route with the plugins it runs attached by annotation. Names of what KIC generates come
 * from kongNames.ts.
 */
import { GatewayConfig, GatewayRoute } from "../../config/sections/gateway";
import { EXTERNAL_SECRETS_API_VERSION, SECRET_STORE_NAME } from "../secrets/externalSecrets";
import { KONG_POD_LABELS } from "./kongNames";
import { KONG_PROXY_TLS_PORT, KONG_STATUS_PORT } from "./loadBalancer";

export const KONG_CHART_REPOSITORY = "https://charts.konghq.com";
export const KONG_RELEASE_NAME = "kong";
export const KONG_INGRESS_CLASS = "kong";
export const KONG_API_VERSION = "configuration.konghq.com/v1";
export { KONG_POD_LABELS } from "./kongNames";
/** The NLB-fronted Service the platform creates (KIC publishes it in Ingress status). */
export const KONG_NLB_SERVICE_NAME = "kong-proxy-nlb";
/** The Kubernetes Secret (in Kong's namespace) holding the Redis credentials as JSON strings for configPatches. */
export const KONG_REDIS_SECRET_NAME = "kong-redis-credentials";
/** The ServiceAccount Kong's namespace's SecretStore authenticates as (IRSA: read the gateway's secrets only). */
export const KONG_SECRETS_SERVICE_ACCOUNT = "kong-secrets";
/** Headers a client must never be able to set: the services trust them from the gateway. */
export const INTERNAL_HEADERS = ["X-Consumer-ID", "X-Consumer-Username", "X-Consumer-Custom-ID", "X-Credential-Identifier", "X-Anonymous-Consumer", "X-Internal-Request"];
/** Headers that identify the server software to a caller. */
export const SERVER_IDENTIFYING_HEADERS = ["Server", "X-Powered-By", "Via", "X-Kong-Upstream-Latency", "X-Kong-Proxy-Latency", "X-Kong-Admin-Latency", "X-AspNet-Version"];

/**
 * Chart values (kong/kong @3.4.1: every key exists in its values.yaml, tests/gateway). DB-less with KIC in the
 * pod; the Admin API only on the pod's loopback (`admin.enabled: false` makes the chart listen on 127.0.0.1);
 * TLS proxy only, with proxy protocol from the NLB; the client's address from Cloudflare's X-Forwarded-For,
 * trusted only from the VPC (the NLB) and Cloudflare's ranges; the admission webhook off (its certificate
 * would be a new genCA on every render); zone spread, budget, restricted security context, probes on the
 * status listener, metrics there.
 */
export function kongHelmValues(args: {
    gateway: GatewayConfig;
    trustedIps: unknown;
    namespace: string;
}): Record<string, unknown> {
    const { gateway } = args;
    const tracing = gateway.tracing;
    return {
        image: { repository: gateway.edition === "enterprise" ? "kong/kong-gateway" : "kong", tag: gateway.kongImageTag },
        replicaCount: gateway.replicas,
        env: {
            database: "off",
            real_ip_header: "X-Forwarded-For",
            real_ip_recursive: "on",
            trusted_ips: args.trustedIps,
            // To the client only the request id (support correlation): no Server/Via/latency headers from Kong
            // itself (response-transformer removes the upstream's); to the service the same id.
            headers: "X-Kong-Request-Id",
            headers_upstream: "X-Kong-Request-Id",
            tracing_instrumentations: tracing ? "all" : "off",
            tracing_sampling_rate: String(tracing?.samplingRate ?? 0.01),
        },
        admin: { enabled: false },
        status: { enabled: true, http: { enabled: true, containerPort: KONG_STATUS_PORT } },
        proxy: {
            enabled: true,
            type: "ClusterIP",
            http: { enabled: false },
            tls: { enabled: true, containerPort: KONG_PROXY_TLS_PORT, parameters: ["proxy_protocol", "http2"] },
        },
        ingressController: {
            enabled: true,
            image: { tag: gateway.ingressControllerImageTag },
            ingressClass: KONG_INGRESS_CLASS,
            admissionWebhook: { enabled: false },
            env: { publish_service: `${args.namespace}/${KONG_NLB_SERVICE_NAME}` },
            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
        },
        resources: {
            requests: { cpu: gateway.resources.cpuRequest, memory: gateway.resources.memoryRequest },
            limits: { cpu: gateway.resources.cpuLimit, memory: gateway.resources.memoryLimit },
        },
        podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
        topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { ...KONG_POD_LABELS } } },
            { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { ...KONG_POD_LABELS } } },
        ],
        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        containerSecurityContext: {
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            runAsUser: 1000,
            runAsGroup: 1000,
            runAsNonRoot: true,
            seccompProfile: { type: "RuntimeDefault" },
            capabilities: { drop: ["ALL"] },
        },
        readinessProbe: { httpGet: { path: "/status/ready", port: "status", scheme: "HTTP" } },
        livenessProbe: { httpGet: { path: "/status", port: "status", scheme: "HTTP" } },
        serviceMonitor: gateway.serviceMonitor
            ? { enabled: true, trustCRDsExist: true, honorLabels: true, labels: { release: "kube-prometheus-stack" } }
            : { enabled: false },
    };
}

/** A KongClusterPlugin manifest (cluster-scoped; the ingress-class annotation makes KIC read it). */
export interface KongClusterPluginManifest {
    apiVersion: string;
    kind: "KongClusterPlugin";
    metadata: { name: string; annotations: Record<string, string>; labels?: Record<string, string> };
    plugin: string;
    config?: Record<string, unknown>;
    configPatches?: Array<{ path: string; valueFrom: { secretKeyRef: { name: string; namespace: string; key: string } } }>;
}

function clusterPlugin(name: string, plugin: string, config: Record<string, unknown>, extra: Partial<KongClusterPluginManifest> = {}): KongClusterPluginManifest {
    return {
        apiVersion: KONG_API_VERSION,
        kind: "KongClusterPlugin",
        metadata: { name, annotations: { "kubernetes.io/ingress.class": KONG_INGRESS_CLASS }, ...(extra.metadata ?? {}) },
        plugin,
        config,
        ...(extra.configPatches ? { configPatches: extra.configPatches } : {}),
    };
}

export interface RedisTarget {
    host: string;
    port: number;
    /** RBAC user (ElastiCache user group) in the secret as well as the password. */
    withUsername: boolean;
}

/** Name of the rate-limiting plugin for one limit (routes with the same limit share it; counters are per route and client). */
export function rateLimitPluginName(perMinute: number): string {
    return `rate-limit-${perMinute}-per-minute`;
}

/** The distinct per-minute limits of the exposed routes, each one plugin. */
export function rateLimits(gateway: GatewayConfig): number[] {
    const limits = Object.values(gateway.exposedServices).flatMap((s) => s.routes.map((r) => r.rateLimitPerMinute));
    return [...new Set(limits.filter((l): l is number => l !== undefined))].sort((a, b) => a - b);
}

/**
 * Per-client rate limiting counted in the region's Redis: TLS, certificate and name verified, the credentials
 * patched in by KIC from a Secret (configPatches, KIC >= 3.1) so they never appear in the plugin object.
 */
export function rateLimitPlugin(args: { name: string; perMinute: number; redis: RedisTarget; namespace: string }): KongClusterPluginManifest {
    const patch = (field: string) => ({ path: `/redis/${field}`, valueFrom: { secretKeyRef: { name: KONG_REDIS_SECRET_NAME, namespace: args.namespace, key: field } } });
    return clusterPlugin(
        args.name,
        "rate-limiting",
        {
            minute: args.perMinute,
            // Counters are per client IP and per route: KIC makes one plugin instance per route it is attached to, and
            // Kong keys counters by the instance's route (rate-limiting/policies/init.lua @3.9.1), so routes share the object.
            limit_by: "ip",
            policy: "redis",
            fault_tolerant: true,
            hide_client_headers: false,
            redis: { host: args.redis.host, port: args.redis.port, ssl: true, ssl_verify: true, server_name: args.redis.host, timeout: 2000 },
        },
        { configPatches: [...(args.redis.withUsername ? [patch("username")] : []), patch("password")] },
    );
}

/** The plugins every exposed route may attach, by name (the per-route rate limits come separately). */
export const PLUGIN_NAMES = {
    jwt: "platform-jwt",
    openIdConnect: "platform-oidc",
    adminIpRestriction: "platform-admin-ip-restriction",
    requestTransformer: "platform-request-transformer",
    responseTransformer: "platform-response-transformer",
    logging: "platform-access-log",
    tracing: "platform-tracing",
    prometheus: "platform-prometheus",
} as const;

/** The shared plugins the gateway config asks for (everything but per-route rate limits). */
export function sharedPlugins(gateway: GatewayConfig): KongClusterPluginManifest[] {
    const plugins: KongClusterPluginManifest[] = [
        // Global (label), so every route and Kong service has status-code and latency series (kongNames.ts).
        clusterPlugin(PLUGIN_NAMES.prometheus, "prometheus", { status_code_metrics: true, latency_metrics: true, upstream_health_metrics: true, bandwidth_metrics: false, per_consumer: false }, {
            metadata: { name: PLUGIN_NAMES.prometheus, annotations: { "kubernetes.io/ingress.class": KONG_INGRESS_CLASS }, labels: { global: "true" } },
        }),
        clusterPlugin(PLUGIN_NAMES.requestTransformer, "request-transformer", {
            // The request id comes from Kong (headers_upstream X-Kong-Request-Id, overwriting any sent by the
            // client); the transformer strips what a client must not forge.
            remove: { headers: [...INTERNAL_HEADERS] },
        }),
        clusterPlugin(PLUGIN_NAMES.responseTransformer, "response-transformer", { remove: { headers: [...SERVER_IDENTIFYING_HEADERS] } }),
    ];
    if (gateway.jwtIssuers.length > 0) {
        plugins.push(clusterPlugin(PLUGIN_NAMES.jwt, "jwt", { key_claim_name: "iss", claims_to_verify: ["exp", "nbf"], maximum_expiration: 86_400, header_names: ["authorization"], uri_param_names: [], cookie_names: [], run_on_preflight: false }));
    }
    if (gateway.edition === "enterprise" && gateway.openIdConnect) {
        plugins.push(clusterPlugin(PLUGIN_NAMES.openIdConnect, "openid-connect", { issuer: gateway.openIdConnect.issuer, auth_methods: ["bearer"] }));
    }
    if (Object.values(gateway.exposedServices).some((s) => s.routes.some((r) => r.admin))) {
        plugins.push(clusterPlugin(PLUGIN_NAMES.adminIpRestriction, "ip-restriction", { allow: [...gateway.adminAllowCidrs], status: 403, message: "Forbidden" }));
    }
    const logging = gateway.logging;
    if (logging?.sink === "elk") {
        plugins.push(clusterPlugin(PLUGIN_NAMES.logging, "http-log", { http_endpoint: logging.endpoint, method: "POST", content_type: "application/json", timeout: 10_000, keepalive: 60_000 }));
    } else if (logging?.sink === "datadog") {
        plugins.push(clusterPlugin(PLUGIN_NAMES.logging, "datadog", { host: logging.agentHost, port: logging.agentPort, prefix: "kong" }));
    }
    if (gateway.tracing) {
        plugins.push(clusterPlugin(PLUGIN_NAMES.tracing, "opentelemetry", { traces_endpoint: gateway.tracing.endpoint, sampling_rate: gateway.tracing.samplingRate, resource_attributes: { "service.name": "kong" } }));
    }
    return plugins;
}

/** The plugins attached to one route, in the order of the `konghq.com/plugins` annotation. */
export function routePluginNames(gateway: GatewayConfig, service: string, routeIndex: number, route: GatewayRoute): string[] {
    const names: string[] = [PLUGIN_NAMES.requestTransformer, PLUGIN_NAMES.responseTransformer];
    if (route.admin) {
        names.push(PLUGIN_NAMES.adminIpRestriction);
    }
    if (route.authentication === "jwt") {
        names.push(PLUGIN_NAMES.jwt);
    } else if (route.authentication === "openid-connect") {
        names.push(PLUGIN_NAMES.openIdConnect);
    }
    if (route.rateLimitPerMinute !== undefined) {
        names.push(rateLimitPluginName(route.rateLimitPerMinute));
    }
    if (gateway.logging) {
        names.push(PLUGIN_NAMES.logging);
    }
    if (gateway.tracing) {
        names.push(PLUGIN_NAMES.tracing);
    }
    return names;
}

export interface IngressManifest {
    apiVersion: "networking.k8s.io/v1";
    kind: "Ingress";
    metadata: { name: string; namespace: string; annotations: Record<string, string>; labels: Record<string, string> };
    spec: {
        ingressClassName: string;
        rules: Array<{ host: string; http: { paths: Array<{ path: string; pathType: "Prefix"; backend: { service: { name: string; port: { number: number } } } }> } }>;
    };
}

/**
 * One Ingress per public route, in the service's namespace, to Service `<s>` on port `services.<s>.port` by
 * number (so KIC names the Kong service `<ns>.<s>.<port>`, kongNames.ts). HTTPS only (Cloudflare terminates
 * and re-encrypts to the NLB). Timeouts are Kong service settings, read from Service `<s>`'s annotations
 * (kongNames.ts `kongUpstreamTimeoutAnnotations`), not from here.
 */
export function routeIngress(args: { gateway: GatewayConfig; service: string; port: number; routeIndex: number; route: GatewayRoute }): IngressManifest {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: {
            name: `${args.service}-route-${args.routeIndex}`,
            namespace: args.service,
            labels: { "platform/service": args.service },
            annotations: {
                "konghq.com/plugins": routePluginNames(args.gateway, args.service, args.routeIndex, args.route).join(","),
                "konghq.com/protocols": "https",
                "konghq.com/https-redirect-status-code": "308",
                "konghq.com/strip-path": "false",
            },
        },
        spec: {
            ingressClassName: KONG_INGRESS_CLASS,
            rules: [{ host: args.route.host, http: { paths: [{ path: args.route.path, pathType: "Prefix", backend: { service: { name: args.service, port: { number: args.port } } } }] } }],
        },
    };
}

/** Secrets Manager name of an IdP's public key (JSON property `publicKey`). */
export function jwtKeySecretName(environment: string, issuer: string): string {
    return `platform/${environment}/gateway/jwt/${issuer}`;
}

/**
 * The ExternalSecret that turns an IdP's public key into a KIC JWT credential Secret (label
 * `konghq.com/credential: jwt`; keys `key` = the `iss` claim, `algorithm`, `rsa_public_key`).
 */
export function jwtCredentialExternalSecret(args: { environment: string; namespace: string; name: string; issuer: string; algorithm: string; refreshInterval: string; keySecretArn: string }): Record<string, unknown> {
    return {
        apiVersion: EXTERNAL_SECRETS_API_VERSION,
        kind: "ExternalSecret",
        metadata: { name: `jwt-${args.name}`, namespace: args.namespace },
        spec: {
            refreshInterval: args.refreshInterval,
            secretStoreRef: { kind: "SecretStore", name: SECRET_STORE_NAME },
            target: {
                name: `jwt-${args.name}`,
                creationPolicy: "Owner",
                template: {
                    engineVersion: "v2",
                    metadata: { labels: { "konghq.com/credential": "jwt" } },
                    data: { key: args.issuer, algorithm: args.algorithm, rsa_public_key: "{{ .publicKey }}" },
                },
            },
            // The ARN without Secrets Manager's random suffix (the name is ours; nothing ends in -XXXXXX).
            data: [{ secretKey: "publicKey", remoteRef: { key: args.keySecretArn, property: "publicKey" } }],
        },
    };
}

/** The consumer standing for one IdP: its tokens are verified with the credential above. */
export function jwtConsumer(args: { namespace: string; name: string }): Record<string, unknown> {
    return {
        apiVersion: KONG_API_VERSION,
        kind: "KongConsumer",
        metadata: { name: `idp-${args.name}`, namespace: args.namespace, annotations: { "kubernetes.io/ingress.class": KONG_INGRESS_CLASS } },
        username: `idp-${args.name}`,
        credentials: [`jwt-${args.name}`],
    };
}

/**
 * The Redis credentials for the rate-limiting configPatches: KIC splices the value raw into a JSON patch, so
 * each is rendered as a JSON string (`toJson`).
 */
export function redisCredentialsExternalSecret(args: { namespace: string; secretArn: string; withUsername: boolean; refreshInterval: string; passwordProperty: string; usernameProperty: string }): Record<string, unknown> {
    const data: Array<{ secretKey: string; remoteRef: { key: string; property: string } }> = [{ secretKey: "rawPassword", remoteRef: { key: args.secretArn, property: args.passwordProperty } }];
    const template: Record<string, string> = { password: "{{ .rawPassword | toJson }}" };
    if (args.withUsername) {
        data.push({ secretKey: "rawUsername", remoteRef: { key: args.secretArn, property: args.usernameProperty } });
        template.username = "{{ .rawUsername | toJson }}";
    }
    return {
        apiVersion: EXTERNAL_SECRETS_API_VERSION,
        kind: "ExternalSecret",
        metadata: { name: KONG_REDIS_SECRET_NAME, namespace: args.namespace },
        spec: {
            refreshInterval: args.refreshInterval,
            secretStoreRef: { kind: "SecretStore", name: SECRET_STORE_NAME },
            target: { name: KONG_REDIS_SECRET_NAME, creationPolicy: "Owner", template: { engineVersion: "v2", data: template } },
            data,
        },
    };
}
