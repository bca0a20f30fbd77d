/**
 * The Cloudflare edge in front of the platform (the design's modules/cdn): one zone per stack, its TLS and
 * HSTS settings, a proxied CNAME per hostname to the gateway NLB of the region that serves it (or, with the
 * Load Balancing add-on, a load balancer failing over between the regions' gateways), the managed WAF and the
 * API rate limit, tiered caching, and cache rules that cache static assets and never API responses.
 * Zone settings and the cache-rules entry point are zone-wide: on an existing zone they also govern names
 * the stack does not manage (README: "Adopting an existing Cloudflare zone"); the cache rules match only
 * the platform's hostnames.
 *
 * Everything computed (setting values, record names, rule expressions) is a pure exported function.
 * Cloudflare resources carry no tags; each record's comment names the stack instead.
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "../../config";
import { AssetCacheConfig, CdnConfig, cdnDomain, HstsConfig, recordName } from "../../config/sections/cdn";
import { failoverOrder, loadBalancerArgs, monitorArgs, poolArgs } from "./loadBalancing";
import type { EdgeFoundation } from "./originCertificate";
import { rateLimitRules, setLiteral, wafManagedRules } from "./security";

export { createCloudflareProvider } from "./provider";

/** Never configurable: TLS 1.0 and 1.1 are refused at the edge in every environment. */
export const MIN_TLS_VERSION = "1.2";
/** TTL 1 is Cloudflare's "automatic", the only TTL a proxied record has. */
export const AUTOMATIC_TTL = 1;
/** Path prefixes: everything under ASSETS_PATH is a static asset; nothing under API_PATH is ever cached. */
export const ASSETS_PATH = "/assets/";
export const API_PATH = "/api/";

/**
 * The `security_header` value. Nested keys are snake_case on purpose: the value is untyped, so the SDK
 * passes it to the API as written, and camelCase keys diff forever (pulumi/pulumi-cloudflare#1579).
 */
export function hstsSecurityHeader(hsts: HstsConfig): { strict_transport_security: Record<string, boolean | number> } {
    return {
        strict_transport_security: {
            enabled: true,
            max_age: hsts.maxAgeSeconds,
            // Opt-in: on a shared zone it would pin names the platform does not own to HTTPS.
            include_subdomains: hsts.includeSubdomains,
            preload: hsts.preload,
            nosniff: true,
        },
    };
}

/**
 * Every zone setting the platform manages, by the API's (snake_case) setting id. Each becomes its own
 * cloudflare.ZoneSetting; a setting left out keeps whatever the dashboard says.
 */
export function zoneSettingValues(hsts: HstsConfig): Record<string, unknown> {
    return {
        ssl: "strict", // Full (strict): Cloudflare verifies the origin's certificate (of every proxied hostname in the zone).
        min_tls_version: MIN_TLS_VERSION,
        tls_1_3: "on",
        always_use_https: "on",
        automatic_https_rewrites: "on",
        opportunistic_encryption: "on",
        browser_check: "on",
        security_header: hstsSecurityHeader(hsts),
    };
}

/** Static assets on the platform's hostnames: anything under /assets/, or a configured extension anywhere. */
export function staticAssetsExpression(hosts: string[], extensions: string[]): string {
    return (
        `(http.host in ${setLiteral(hosts)}) and ` +
        `(starts_with(http.request.uri.path, "${ASSETS_PATH}") or http.request.uri.path.extension in ${setLiteral(extensions)})`
    );
}

/**
 * Requests that must never be served from or stored in cache: API-only hostnames, /api/* on any
 * hostname, and anything carrying an Authorization header (header names are matched case-insensitively).
 */
export function cacheBypassExpression(hosts: string[], apiHosts: string[]): string {
    const reasons = [
        ...(apiHosts.length > 0 ? [`http.host in ${setLiteral(apiHosts)}`] : []),
        `starts_with(http.request.uri.path, "${API_PATH}")`,
        `any(lower(http.request.headers.names[*])[*] eq "authorization")`,
    ];
    return `(http.host in ${setLiteral(hosts)}) and (${reasons.join(" or ")})`;
}

/**
 * The rules of the zone's http_request_cache_settings entry point. When several cache rules match, the
 * later one's settings win, so the bypass comes last: an asset URL under /api/ or sent with credentials
 * is still never cached.
 */
export function cacheRules(hosts: string[], apiHosts: string[], cache: AssetCacheConfig): cloudflare.types.input.RulesetRule[] {
    return [
        {
            ref: "platform_cache_static_assets",
            description: `Cache static assets: ${cache.edgeTtlSeconds}s at the edge, ${cache.browserTtlSeconds}s in browsers`,
            expression: staticAssetsExpression(hosts, cache.extensions),
            action: "set_cache_settings",
            actionParameters: {
                cache: true,
                edgeTtl: {
                    mode: "override_origin",
                    default: cache.edgeTtlSeconds,
                    // A missing asset during a deploy must not stay "missing" at the edge for days.
                    statusCodeTtls: [{ statusCodeRange: { from: 400, to: 599 }, value: -1 }],
                },
                browserTtl: { mode: "override_origin", default: cache.browserTtlSeconds },
            },
            enabled: true,
        },
        {
            ref: "platform_bypass_api_and_authenticated",
            description: "Never cache the API or authenticated requests",
            expression: cacheBypassExpression(hosts, apiHosts),
            action: "set_cache_settings",
            actionParameters: { cache: false },
            enabled: true,
        },
    ];
}

/** The region whose gateway serves `label`: the configured one, else the primary. */
export function servingRegion(label: string, servingRegions: Record<string, string>, regions: Array<{ name: string; role: string }>): string {
    const region = servingRegions[label] ?? regions.find((r) => r.role === "primary")?.name;
    if (region === undefined) {
        throw new Error(`platform:cdn: no region serves ${label} (no servingRegions entry and no primary region)`);
    }
    return region;
}

/** The hostname labels a load balancer serves (none without loadBalancing); the rest get DNS records. */
export function loadBalancedLabels(config: CdnConfig): string[] {
    return config.loadBalancing ? (config.loadBalancing.hostnames ?? config.hostnames) : [];
}

/** Resource-name suffix of a hostname label: `api` -> `api`, `eu.api` -> `eu-api`, `@` -> `apex`. */
export function recordResourceSuffix(label: string): string {
    return label === "@" ? "apex" : label.replace(/\./g, "-");
}

export interface CdnArgs {
    environment: string;
    config: CdnConfig;
    /** Every configured region; a hostname is served by its servingRegions entry, else by the primary. */
    regions: Array<{ name: string; role: string }>;
    /** Per region name, the hostname of that region's gateway NLB (a real output of the gateway's Service). */
    gatewayHostnames: Record<string, pulumi.Input<string>>;
    /** Protect a created zone and the DNSSEC setting (pulumi protect + retainOnDelete for the zone). */
    protect: boolean;
}

export class Cdn extends pulumi.ComponentResource {
    readonly zoneId: pulumi.Output<string>;
    /** Name servers to delegate to at the registrar; only for a zone this stack created. */
    readonly nameServers?: pulumi.Output<string[]>;
    /** The DS record to publish at the registrar when DNSSEC is on. */
    readonly dnssecDs?: pulumi.Output<string>;
    /** Fully qualified hostnames the platform serves (proxied records or load balancers). */
    readonly hostnames: string[];
    /** Per served hostname, the region whose gateway its DNS record points at (load-balanced hostnames are absent). */
    readonly servingRegions: Record<string, string>;
    /** Fully qualified hostnames served by a Cloudflare load balancer. */
    readonly loadBalancedHostnames: string[];

    /** opts.provider must be the Cloudflare provider (see createCloudflareProvider); children inherit it. */
    constructor(name: string, args: CdnArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cdn:Cdn", name, {}, opts);
        const parent = { parent: this };
        const { config } = args;
        const domain = cdnDomain(config);
        const gatewayOf = (region: string): pulumi.Input<string> => {
            const hostname = args.gatewayHostnames[region];
            if (hostname === undefined) {
                throw new Error(`platform:cdn: no gateway hostname for region ${region} (have ${Object.keys(args.gatewayHostnames).join(", ") || "none"})`);
            }
            return hostname;
        };

        let zoneId: pulumi.Output<string>;
        if (config.zoneId !== undefined) {
            zoneId = pulumi.output(config.zoneId);
        } else {
            const zone = new cloudflare.Zone(
                `${name}-zone`,
                { account: { id: config.accountId! }, name: config.zoneName!, type: "full" },
                // Deleting a zone drops every record and certificate in it.
                { ...parent, protect: args.protect, retainOnDelete: args.protect },
            );
            zoneId = zone.id;
            this.nameServers = zone.nameServers;
        }
        this.zoneId = zoneId;

        const settings = Object.entries(zoneSettingValues(config.hsts)).map(
            ([settingId, value]) => new cloudflare.ZoneSetting(`${name}-setting-${settingId.replace(/_/g, "-")}`, { zoneId, settingId, value }, parent),
        );

        if (config.dnssec) {
            // Turning DNSSEC off while the registrar still publishes the DS record makes the whole domain unresolvable.
            const dnssec = new cloudflare.ZoneDnssec(`${name}-dnssec`, { zoneId, status: "active" }, { ...parent, protect: args.protect });
            this.dnssecDs = dnssec.ds;
        }

        this.hostnames = config.hostnames.map((label) => recordName(label, domain));
        const apiHosts = config.apiHostnames.map((label) => recordName(label, domain));
        // Cloudflare allows one entry-point ruleset per zone and phase: creating these fails on a zone that already
        // has one for the phase, which must be imported first (README: "Adopting an existing Cloudflare zone").
        const rules = new cloudflare.Ruleset(
            `${name}-cache-rules`,
            {
                zoneId,
                kind: "zone",
                phase: "http_request_cache_settings",
                name: `platform-${args.environment}-cache-rules`,
                description: "Managed by Pulumi: cache static assets, never the API or authenticated requests",
                rules: cacheRules(this.hostnames, apiHosts, config.assetCache),
            },
            parent,
        );
        const waf = new cloudflare.Ruleset(
            `${name}-waf-managed`,
            {
                zoneId,
                kind: "zone",
                phase: "http_request_firewall_managed",
                name: `platform-${args.environment}-waf-managed`,
                description: `Managed by Pulumi: Cloudflare's managed WAF rulesets on the platform's hostnames (plan ${config.plan})`,
                rules: wafManagedRules(config.plan, config.waf, this.hostnames),
            },
            parent,
        );
        const guards: pulumi.Resource[] = [...settings, rules, waf];
        if (config.rateLimit) {
            guards.push(
                new cloudflare.Ruleset(
                    `${name}-rate-limit`,
                    {
                        zoneId,
                        kind: "zone",
                        phase: "http_ratelimit",
                        name: `platform-${args.environment}-rate-limit`,
                        description: "Managed by Pulumi: per-client rate limit on the API hostnames",
                        rules: rateLimitRules(apiHosts, config.rateLimit),
                    },
                    parent,
                ),
            );
        }
        if (config.tieredCache) {
            // Smart topology picks the upper tier closest to the origin; it only applies with Tiered Cache on.
            const tiered = new cloudflare.ArgoTieredCaching(`${name}-tiered-caching`, { zoneId, value: "on" }, parent);
            new cloudflare.TieredCache(`${name}-smart-tiered-cache`, { zoneId, value: "on" }, { ...parent, dependsOn: [tiered] });
        }
        if (config.authenticatedOriginPulls) {
            guards.push(new cloudflare.AuthenticatedOriginPullsSettings(`${name}-authenticated-origin-pulls`, { zoneId, enabled: true }, parent));
        }

        const balanced = loadBalancedLabels(config);
        this.loadBalancedHostnames = balanced.map((label) => recordName(label, domain));
        if (config.loadBalancing && balanced.length > 0) {
            const lb = config.loadBalancing;
            const monitor = new cloudflare.LoadBalancerMonitor(
                `${name}-lb-monitor`,
                monitorArgs(lb.monitor, lb.accountId, this.loadBalancedHostnames[0], args.environment),
                parent,
            );
            const pools = failoverOrder(args.regions).map((region) => ({
                region,
                pool: new cloudflare.LoadBalancerPool(
                    `${name}-lb-pool-${region}`,
                    poolArgs({
                        environment: args.environment,
                        accountId: lb.accountId,
                        region,
                        gatewayHostname: gatewayOf(region),
                        monitorId: monitor.id,
                        disabled: lb.disabledRegions.includes(region),
                    }),
                    parent,
                ),
            }));
            balanced.forEach((label, i) => {
                new cloudflare.LoadBalancer(
                    `${name}-lb-${recordResourceSuffix(label)}`,
                    loadBalancerArgs({
                        zoneId,
                        hostname: this.loadBalancedHostnames[i],
                        pools: pools.map((p) => ({ region: p.region, id: p.pool.id })),
                        environment: args.environment,
                        steering: lb.steering[label],
                        sessionAffinity: lb.sessionAffinity,
                    }),
                    { ...parent, dependsOn: guards },
                );
            });
        }

        this.servingRegions = {};
        config.hostnames.forEach((label, i) => {
            if (balanced.includes(label)) {
                return;
            }
            const region = servingRegion(label, config.servingRegions, args.regions);
            this.servingRegions[this.hostnames[i]] = region;
            new cloudflare.DnsRecord(
                `${name}-record-${recordResourceSuffix(label)}`,
                {
                    zoneId,
                    name: this.hostnames[i],
                    type: "CNAME",
                    content: gatewayOf(region),
                    proxied: true,
                    ttl: AUTOMATIC_TTL,
                    comment: `Managed by Pulumi (platform ${args.environment}): proxied to the ${region} gateway`,
                },
                // Traffic only arrives once TLS, HSTS, the WAF and the cache bypass are in force.
                { ...parent, dependsOn: guards },
            );
        });

        this.registerOutputs({
            zoneId,
            nameServers: this.nameServers,
            dnssecDs: this.dnssecDs,
            hostnames: this.hostnames,
            servingRegions: this.servingRegions,
            loadBalancedHostnames: this.loadBalancedHostnames,
        });
    }
}

export interface CdnOutputs {
    zoneId: pulumi.Output<string>;
    /** Name servers to delegate to at the registrar (only for a zone the stack created). */
    nameServers?: pulumi.Output<string[]>;
    /** DS record to publish at the registrar (only with DNSSEC on). */
    dnssecDs?: pulumi.Output<string>;
    hostnames: string[];
    /** Per hostname with a DNS record, the region whose gateway serves it. */
    servingRegions: Record<string, string>;
    loadBalancedHostnames: string[];
    /** When the origin certificate expires: replace it before (policy cloudflare-origin-certificate-validity). */
    originCertificateExpiresOn: pulumi.Output<string>;
}

/** One zone for the whole stack (not per region), on the provider of `edge` (createEdgeFoundation, made before the regions). */
export function createCdn(config: PlatformConfig, edge: EdgeFoundation | undefined, gatewayHostnames: Record<string, pulumi.Input<string>>): CdnOutputs | undefined {
    if (!config.cdn || !edge) {
        return undefined;
    }
    const cdn = new Cdn(
        `${config.environment}-cdn`,
        { environment: config.environment, config: config.cdn, regions: config.regions, gatewayHostnames, protect: config.protectStatefulResources },
        { provider: edge.provider },
    );
    return {
        zoneId: cdn.zoneId,
        nameServers: cdn.nameServers,
        dnssecDs: cdn.dnssecDs,
        hostnames: cdn.hostnames,
        servingRegions: cdn.servingRegions,
        loadBalancedHostnames: cdn.loadBalancedHostnames,
        originCertificateExpiresOn: edge.originCertificate.expiresOn,
    };
}
