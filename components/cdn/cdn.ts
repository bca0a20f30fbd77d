/**
 * The Cloudflare edge in front of the platform (the design's modules/cdn): one zone per stack, its TLS and
 * HSTS settings, a proxied CNAME per hostname to the primary region's origin (active-active at the edge,
 * active-passive at the origin), and cache rules that cache static assets and never API responses.
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

/** A Rules-language set literal: `{"a" "b"}`. Inputs are validated DNS names and extensions, so no quoting is needed. */
function setLiteral(values: string[]): string {
    return `{${values.map((v) => `"${v}"`).join(" ")}}`;
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

/** Per region its origin hostname (from config until the gateway module exists); the records point at the primary's. */
export function primaryOriginHostname(originHostnames: Record<string, string>, regions: Array<{ name: string; role: string }>): string {
    const primary = regions.find((r) => r.role === "primary");
    const origin = primary && originHostnames[primary.name];
    if (!origin) {
        throw new Error(`platform:cdn.originHostnames has no origin for the primary region ${primary?.name ?? "(none configured)"}`);
    }
    return origin;
}

/** Resource-name suffix of a hostname label: `api` -> `api`, `eu.api` -> `eu-api`, `@` -> `apex`. */
export function recordResourceSuffix(label: string): string {
    return label === "@" ? "apex" : label.replace(/\./g, "-");
}

/** The Cloudflare provider, configured only by CLOUDFLARE_API_TOKEN in the environment: no credential reaches a stack file. */
export function createCloudflareProvider(name: string, opts?: pulumi.CustomResourceOptions): cloudflare.Provider {
    return new cloudflare.Provider(name, {}, opts);
}

export interface CdnArgs {
    environment: string;
    config: CdnConfig;
    /** Every configured region; the primary's origin receives the traffic. */
    regions: Array<{ name: string; role: string }>;
    /** Protect a created zone and the DNSSEC setting (pulumi protect + retainOnDelete for the zone). */
    protect: boolean;
}

export class Cdn extends pulumi.ComponentResource {
    readonly zoneId: pulumi.Output<string>;
    /** Name servers to delegate to at the registrar; only for a zone this stack created. */
    readonly nameServers?: pulumi.Output<string[]>;
    /** The DS record to publish at the registrar when DNSSEC is on. */
    readonly dnssecDs?: pulumi.Output<string>;
    /** Fully qualified hostnames, each a proxied CNAME to `originHostname`. */
    readonly hostnames: string[];
    readonly originHostname: string;

    /** opts.provider must be the Cloudflare provider (see createCloudflareProvider); children inherit it. */
    constructor(name: string, args: CdnArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cdn:Cdn", name, {}, opts);
        const parent = { parent: this };
        const { config } = args;
        const domain = cdnDomain(config);

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
        // Cloudflare allows one entry-point ruleset per zone and phase: creating this one fails on a zone that already
        // has cache rules, which must be imported first (README: "Adopting an existing Cloudflare zone").
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

        this.originHostname = primaryOriginHostname(config.originHostnames, args.regions);
        config.hostnames.forEach((label, i) => {
            new cloudflare.DnsRecord(
                `${name}-record-${recordResourceSuffix(label)}`,
                {
                    zoneId,
                    name: this.hostnames[i],
                    type: "CNAME",
                    content: this.originHostname,
                    proxied: true,
                    ttl: AUTOMATIC_TTL,
                    comment: `Managed by Pulumi (platform ${args.environment}): proxied to the primary region's origin`,
                },
                // Traffic only arrives once TLS, HSTS and the cache bypass are in force.
                { ...parent, dependsOn: [...settings, rules] },
            );
        });

        this.registerOutputs({ zoneId, nameServers: this.nameServers, dnssecDs: this.dnssecDs, hostnames: this.hostnames, originHostname: this.originHostname });
    }
}

export interface CdnOutputs {
    zoneId: pulumi.Output<string>;
    /** Name servers to delegate to at the registrar (only for a zone the stack created). */
    nameServers?: pulumi.Output<string[]>;
    /** DS record to publish at the registrar (only with DNSSEC on). */
    dnssecDs?: pulumi.Output<string>;
    hostnames: string[];
    originHostname: string;
}

/** One zone for the whole stack (not per region): every record points at the primary region's origin. */
export function createCdn(config: PlatformConfig): CdnOutputs | undefined {
    if (!config.cdn) {
        return undefined;
    }
    const provider = createCloudflareProvider(`${config.environment}-cloudflare`);
    const cdn = new Cdn(
        `${config.environment}-cdn`,
        { environment: config.environment, config: config.cdn, regions: config.regions, protect: config.protectStatefulResources },
        { provider },
    );
    return { zoneId: cdn.zoneId, nameServers: cdn.nameServers, dnssecDs: cdn.dnssecDs, hostnames: cdn.hostnames, originHostname: cdn.originHostname };
}
