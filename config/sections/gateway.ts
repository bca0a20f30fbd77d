/**
 * `platform:gateway`: the in-cluster edge of every region: the AWS Load Balancer Controller, Kong (DB-less,
 * Kong Ingress Controller) behind an internet-facing NLB, its plugins and the public routes of the services.
 * Pure: the schema and the cross-field checks, unit-tested without Pulumi. Pins are exact versions whose
 * values, CRDs and plugin schemas were checked upstream (tests/gateway/fixtures/README.md).
 */
import { z } from "zod";
import { cidr, distinctList } from "./common";
import { SectionProblem } from "./datastores/windows";

/** kong/kong chart (Kong/charts @kong-3.4.1): Kong 3.9, Kong Ingress Controller 3.5. */
export const KONG_CHART_VERSION = "3.4.1";
/** Exact images instead of the chart's floating `3.9` / `3.5` tags. */
export const KONG_IMAGE_TAG = "3.9.1";
export const KONG_INGRESS_CONTROLLER_IMAGE_TAG = "3.5.13";
/** aws-load-balancer-controller chart (aws/eks-charts @v0.0.242), app v3.5.0. */
export const AWS_LOAD_BALANCER_CONTROLLER_CHART_VERSION = "3.5.0";

const exactVersion = z.string().regex(/^\d+\.\d+\.\d+$/, "expected an exact version like 3.4.1 (no ranges: upgrades are reviewed)");
const hostname = z
    .string()
    .max(253)
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "expected a lower-case DNS name like api.example.com");
const httpsUrl = z.string().regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, "expected an http(s) URL like https://logs.example.com/kong");

export const AUTHENTICATION_MODES = ["jwt", "openid-connect", "none"] as const;
export const LOG_SINKS = ["elk", "datadog"] as const;

export const gatewayRouteSchema = z
    .object({
        host: hostname.describe("Host the route answers (matched against the Host header Cloudflare forwards)."),
        path: z
            .string()
            .regex(/^\/[A-Za-z0-9._~\-/]*$/, "expected an absolute path like /api")
            .default("/")
            .describe("Path prefix of the route (Ingress pathType Prefix); default `/`."),
        admin: z
            .boolean()
            .default(false)
            .describe("An administrative route: only callers in `gateway.adminAllowCidrs` reach it (ip-restriction); default false."),
        authentication: z
            .enum(AUTHENTICATION_MODES)
            .default("jwt")
            .describe("jwt (the IdP's public keys as Kong consumers), openid-connect (Kong Enterprise only) or none; default jwt."),
        rateLimitPerMinute: z
            .int()
            .min(1)
            .max(1_000_000)
            .optional()
            .describe("Requests per minute per client IP, counted in the region's Redis (TLS, verified); omit for no limit."),
    })
    .strict();

export const gatewayExposedServiceSchema = z
    .object({
        routes: z.array(gatewayRouteSchema).min(1).max(20, "expected at most 20 routes per service").describe("Public routes of the service (1-20)."),
        websocket: z
            .boolean()
            .default(false)
            .describe("Long-lived connections (websockets): read/write timeouts of `websocketTimeoutSeconds` instead of Kong's 60 s; default false."),
    })
    .strict();

/** Kong's OpenTelemetry export (also what platform.ts derives from self-hosted observability's Tempo). */
export const gatewayTracingSchema = z
    .object({
        endpoint: httpsUrl.describe("OTLP/HTTP traces endpoint, e.g. http://tempo.monitoring.svc:4318/v1/traces."),
        samplingRate: z.number().min(0).max(1).default(0.05).describe("Fraction of requests traced (0-1); default 0.05."),
    })
    .strict();

export const gatewaySchema = z
    .object({
        edition: z
            .enum(["oss", "enterprise"])
            .default("oss")
            .describe("Kong edition: oss (open source) or enterprise (needed for openid-connect; the licence is not managed here); default oss."),
        chartVersion: exactVersion.default(KONG_CHART_VERSION).describe(`kong/kong Helm chart version (https://charts.konghq.com); default ${KONG_CHART_VERSION}.`),
        kongImageTag: exactVersion.default(KONG_IMAGE_TAG).describe(`Kong gateway image tag (the chart's own tag floats on the minor); default ${KONG_IMAGE_TAG}.`),
        ingressControllerImageTag: exactVersion
            .default(KONG_INGRESS_CONTROLLER_IMAGE_TAG)
            .describe(`Kong Ingress Controller image tag; default ${KONG_INGRESS_CONTROLLER_IMAGE_TAG}.`),
        loadBalancerControllerChartVersion: exactVersion
            .default(AWS_LOAD_BALANCER_CONTROLLER_CHART_VERSION)
            .describe(`aws-load-balancer-controller Helm chart version (https://aws.github.io/eks-charts); default ${AWS_LOAD_BALANCER_CONTROLLER_CHART_VERSION}.`),
        replicas: z.int().min(2).max(50).default(2).describe("Kong proxy replicas (2-50), spread over zones; default 2."),
        resources: z
            .object({
                cpuRequest: z.string().regex(/^\d+m$/, "expected millicores like 500m").default("500m").describe("CPU request per Kong pod; default 500m."),
                cpuLimit: z.string().regex(/^\d+m$/, "expected millicores like 2000m").default("2000m").describe("CPU limit per Kong pod; default 2000m."),
                memoryRequest: z.string().regex(/^\d+Mi$/, "expected mebibytes like 512Mi").default("512Mi").describe("Memory request per Kong pod; default 512Mi."),
                memoryLimit: z.string().regex(/^\d+Mi$/, "expected mebibytes like 1024Mi").default("1024Mi").describe("Memory limit per Kong pod; default 1024Mi."),
            })
            .strict()
            .prefault({})
            .describe("Kong container requests and limits."),
        websocketTimeoutSeconds: z.int().min(60).max(86_400).default(3600).describe("Read/write timeout of websocket services' routes (60-86400 s); default 3600."),
        adminAllowCidrs: distinctList(cidr, 100, "a bound for review")
            .default([])
            .describe("Client CIDRs allowed on admin routes (ip-restriction); required when a route is admin; never 0.0.0.0/0. Default []."),
        logging: z
            .object({
                sink: z.enum(LOG_SINKS).describe("elk (http-log to `endpoint`) or datadog (the node-local Datadog agent at `agentHost`)."),
                endpoint: httpsUrl.optional().describe("ELK's HTTP intake (Logstash http input) for http-log; required with sink elk."),
                agentHost: hostname.optional().describe("DogStatsD host of the Datadog agent; required with sink datadog."),
                agentPort: z.int().min(1).max(65535).default(8125).describe("DogStatsD port; default 8125."),
            })
            .strict()
            .optional()
            .describe("Access logs of every route; omit to log nothing beyond Kong's own."),
        tracing: gatewayTracingSchema
            .optional()
            .describe("OpenTelemetry traces from Kong; default: self-hosted observability's Tempo in the same region, else none (Kong then only propagates trace headers)."),
        jwtIssuers: z
            .array(
                z
                    .object({
                        name: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, "expected a short lower-case name").describe("Consumer name; the public key is read from Secrets Manager `platform/<env>/gateway/jwt/<name>` (JSON property `publicKey`)."),
                        issuer: z.string().min(1).max(512).describe("The `iss` claim the IdP puts in its tokens (Kong's key_claim_name)."),
                        algorithm: z.enum(["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"]).default("RS256").describe("Signing algorithm; default RS256."),
                    })
                    .strict(),
            )
            .max(10)
            .default([])
            .describe("Identity providers whose tokens jwt routes accept (public keys only, via External Secrets). Default []."),
        openIdConnect: z
            .object({ issuer: httpsUrl.describe("The IdP's issuer URL (discovery).") })
            .strict()
            .optional()
            .describe("openid-connect settings (Kong Enterprise); required when a route uses openid-connect."),
        serviceMonitor: z
            .boolean()
            .default(false)
            .describe("Create a ServiceMonitor for Kong's metrics even without platform:observability (the Prometheus Operator CRDs must then exist). Default false; it is created anyway wherever observability's mode installs the CRDs (selfHosted)."),
        exposedServices: z
            .record(z.string(), gatewayExposedServiceSchema)
            .default({})
            .describe("Per service (a key of `services`), its public routes. Default {} (nothing exposed)."),
    })
    .strict();
export type GatewayConfig = z.infer<typeof gatewaySchema>;
export type GatewayRoute = z.infer<typeof gatewayRouteSchema>;

export interface GatewayCrossFieldInput {
    gateway?: GatewayConfig;
    services: Record<string, unknown>;
    regions: ReadonlyArray<{ role: string }>;
    redis: { inSecondaryRegions: boolean };
}

const WORLD = new Set(["0.0.0.0/0", "::/0"]);

/** Checks across gateway fields and against the services and data stores. */
export function gatewayProblems(config: GatewayCrossFieldInput): SectionProblem[] {
    const gateway = config.gateway;
    if (!gateway) {
        return [];
    }
    const problems: SectionProblem[] = [];
    const known = Object.keys(config.services);
    let anyAdmin = false;
    let anyRateLimit = false;
    for (const [service, exposed] of Object.entries(gateway.exposedServices)) {
        if (!Object.prototype.hasOwnProperty.call(config.services, service)) {
            problems.push({
                path: ["gateway", "exposedServices", service],
                message: `routes to unknown service "${service}"; expected one of the keys of services (${known.join(", ")})`,
            });
        }
        exposed.routes.forEach((route, i) => {
            anyAdmin ||= route.admin;
            anyRateLimit ||= route.rateLimitPerMinute !== undefined;
            if (route.authentication === "openid-connect" && gateway.edition !== "enterprise") {
                problems.push({
                    path: ["gateway", "exposedServices", service, "routes", i, "authentication"],
                    message: `openid-connect with gateway.edition "${gateway.edition}"; the plugin exists only in Kong Enterprise: expected jwt, or edition enterprise`,
                });
            }
            if (route.authentication === "openid-connect" && !gateway.openIdConnect) {
                problems.push({ path: ["gateway", "openIdConnect"], message: `missing while ${service} routes[${i}] uses openid-connect; expected the IdP's issuer` });
            }
            if (route.authentication === "jwt" && gateway.jwtIssuers.length === 0) {
                problems.push({
                    path: ["gateway", "exposedServices", service, "routes", i, "authentication"],
                    message: "jwt with no gateway.jwtIssuers; expected at least one issuer whose tokens are accepted, or authentication none",
                });
            }
        });
    }
    const seen = new Map<string, string>();
    for (const [service, exposed] of Object.entries(gateway.exposedServices)) {
        exposed.routes.forEach((route, i) => {
            const key = `${route.host}${route.path}`;
            const other = seen.get(key);
            if (other) {
                problems.push({ path: ["gateway", "exposedServices", service, "routes", i], message: `${key} is already routed by ${other}; expected each host and path once` });
            }
            seen.set(key, `${service} routes[${i}]`);
        });
    }
    const world = gateway.adminAllowCidrs.filter((c) => WORLD.has(c));
    if (world.length > 0) {
        problems.push({ path: ["gateway", "adminAllowCidrs"], message: `contains ${world.join(", ")}; expected the operators' own ranges, never the whole internet` });
    } else if (anyAdmin && gateway.adminAllowCidrs.length === 0) {
        problems.push({ path: ["gateway", "adminAllowCidrs"], message: "empty while a route is admin; expected the CIDRs allowed to reach admin routes" });
    }
    if (gateway.logging?.sink === "elk" && !gateway.logging.endpoint) {
        problems.push({ path: ["gateway", "logging", "endpoint"], message: "missing with sink elk; expected ELK's HTTP intake URL" });
    }
    if (gateway.logging?.sink === "datadog" && !gateway.logging.agentHost) {
        problems.push({ path: ["gateway", "logging", "agentHost"], message: "missing with sink datadog; expected the Datadog agent's host" });
    }
    if (anyRateLimit && config.regions.length > 1 && !config.redis.inSecondaryRegions) {
        problems.push({
            path: ["redis", "inSecondaryRegions"],
            message: "false while gateway routes are rate limited; every region's Kong counts in its own Redis (policy redis), expected true",
        });
    }
    return problems;
}
