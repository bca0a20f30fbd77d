/**
 * `platform:cdn`: the Cloudflare zone in front of the platform (zone settings, DNS, cache rules). Pure:
 * the schema and the cross-field checks, unit-tested without Pulumi.
 *
 * The Cloudflare API token is never configuration: the provider reads CLOUDFLARE_API_TOKEN from the
 * environment. The minimum TLS version is deliberately absent: it is always 1.2 (components/cdn/cdn.ts), so
 * a stack file that tries to set it is rejected as an unknown key.
 *
 * Zone settings are zone-wide: on an existing zone that also serves other names they change those names
 * too, so what reaches beyond the platform's own hostnames (HSTS includeSubDomains, preload) is opt-in and,
 * on an existing zone, needs an explicit acknowledgement (README: "Adopting an existing Cloudflare zone").
 */
import { z } from "zod";
import { distinctList } from "./common";
import { SectionProblem } from "./datastores/windows";

/** Cloudflare's limit on a rule expression's length (rulesets). */
export const CLOUDFLARE_EXPRESSION_MAX_LENGTH = 4096;
/** An upper bound on the cache rules' text around their host and extension sets (components/cdn). */
export const CACHE_RULE_FIXED_TEXT = 256;

/** Length of a Cloudflare set literal `{"a" "b"}` of these values. */
export function setLiteralLength(values: readonly string[]): number {
    return 2 + values.reduce((sum, v) => sum + v.length + 2, 0) + Math.max(0, values.length - 1);
}

/** 180 days: the floor the policy pack's cloudflare-hsts rule enforces. */
export const HSTS_MIN_MAX_AGE_SECONDS = 15552000;
/** One year: the longest max-age Cloudflare's dashboard offers, and the minimum hstspreload.org accepts. */
export const HSTS_MAX_MAX_AGE_SECONDS = 31536000;
export const HSTS_PRELOAD_MIN_MAX_AGE_SECONDS = 31536000;

/** Extensions cached as static assets by default: front-end bundles, fonts, images, media. */
export const DEFAULT_ASSET_EXTENSIONS = [
    "css",
    "js",
    "mjs",
    "map",
    "woff",
    "woff2",
    "ttf",
    "otf",
    "eot",
    "svg",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "webp",
    "avif",
    "ico",
    "mp4",
    "webm",
];

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const cloudflareId = z.string().regex(/^[0-9a-f]{32}$/, "expected a 32-character lower-case hexadecimal Cloudflare id");
/** A fully qualified, lower-case DNS name with at least two labels (`dev.example.com`). */
export const dnsName = z
    .string()
    .max(253, "expected at most 253 characters")
    .regex(new RegExp(`^(?:${LABEL}\\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$`), "expected a lower-case DNS name like dev.example.com");
/** A record label relative to `domain` (`api`, `eu.api`), or `@` for the domain itself. */
const hostnameLabel = z.string().regex(new RegExp(`^(?:@|${LABEL}(?:\\.${LABEL})*)$`), 'expected a lower-case record label like api, or "@" for the domain itself');
const fileExtension = z.string().regex(/^[a-z0-9]{1,10}$/, "expected a lower-case file extension without the dot, like css");
const awsRegionName = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "expected an AWS region name like us-east-1");

const hstsSchema = z
    .object({
        maxAgeSeconds: z
            .int()
            .min(HSTS_MIN_MAX_AGE_SECONDS, `expected at least ${HSTS_MIN_MAX_AGE_SECONDS} seconds (180 days)`)
            .max(HSTS_MAX_MAX_AGE_SECONDS, `expected at most ${HSTS_MAX_MAX_AGE_SECONDS} seconds (one year)`)
            .default(HSTS_MAX_MAX_AGE_SECONDS)
            .describe(`How long browsers remember to use HTTPS only (default ${HSTS_MAX_MAX_AGE_SECONDS}, one year; at least ${HSTS_MIN_MAX_AGE_SECONDS}, 180 days).`),
        includeSubdomains: z
            .boolean()
            .default(false)
            .describe(
                "Send includeSubDomains (default false). Cloudflare sends the HSTS header on every proxied hostname of the zone, not only the platform's; " +
                    "with includeSubDomains browsers then refuse plain HTTP for every name under those hostnames (under a proxied apex: every name of the domain, " +
                    "proxied or DNS-only, in this zone or delegated). Turn on only when all of them serve HTTPS; on an existing zone (zoneId) also set acknowledgeExistingZone.",
            ),
        preload: z
            .boolean()
            .default(false)
            .describe(
                `Send the preload directive (default false). Needs includeSubdomains and maxAgeSeconds ${HSTS_PRELOAD_MIN_MAX_AGE_SECONDS}; browsers ship the list, so leaving it takes months. ` +
                    "On an existing zone (zoneId) also needs acknowledgeExistingZone.",
            ),
        acknowledgeExistingZone: z
            .boolean()
            .default(false)
            .describe(
                "Confirm (default false) that every name in the existing zone zoneId and under it, including names this stack does not manage, serves HTTPS with a valid certificate " +
                    "and may be pinned to HTTPS for maxAgeSeconds. Required with zoneId before includeSubdomains or preload; not allowed with zoneName (the stack's own zone).",
            ),
    })
    .strict();
export type HstsConfig = z.infer<typeof hstsSchema>;

const assetCacheSchema = z
    .object({
        extensions: distinctList(fileExtension, 200, "a bound; the rule expression limit usually comes first")
            .min(1)
            .default(DEFAULT_ASSET_EXTENSIONS)
            .describe("File extensions cached as static assets on the platform's hostnames, besides everything under /assets/ (default: bundles, fonts, images, media)."),
        edgeTtlSeconds: z
            .int()
            .min(60)
            .max(31536000)
            .default(604800)
            .describe("How long Cloudflare's edge keeps a static asset, whatever the origin's Cache-Control says (default 604800, 7 days; at least the zone plan's minimum edge TTL)."),
        browserTtlSeconds: z
            .int()
            .min(60)
            .max(31536000)
            .default(14400)
            .describe("How long browsers keep a static asset (default 14400, 4 hours); at most edgeTtlSeconds, since a purge cannot reach browsers."),
    })
    .strict();
export type AssetCacheConfig = z.infer<typeof assetCacheSchema>;

/**
 * Cloudflare zone plans, cheapest first. Features beyond the Free plan are refused by cdnProblems unless the
 * stack says the zone is on a plan that includes them (developers.cloudflare.com/waf/managed-rules, "Availability";
 * /waf/rate-limiting-rules, "Availability").
 */
export const CLOUDFLARE_PLANS = ["free", "pro", "business", "enterprise"] as const;
export type CloudflarePlan = (typeof CLOUDFLARE_PLANS)[number];
/** Whether `plan` is `minimum` or above. */
export function planIncludes(plan: CloudflarePlan, minimum: CloudflarePlan): boolean {
    return CLOUDFLARE_PLANS.indexOf(plan) >= CLOUDFLARE_PLANS.indexOf(minimum);
}

/** The rate limiting periods (counting and mitigation) the API accepts, in seconds (waf/rate-limiting-rules, footnote 3). */
export const RATE_LIMIT_PERIODS = [10, 15, 20, 30, 40, 45, 60, 90, 120, 180, 240, 300, 480, 600, 900, 1200, 1800, 2400, 3600, 65535, 86400] as const;
/** Per plan, the longest counting period and mitigation timeout of a rate limiting rule; Free has 10 s only and cannot match on the host. */
export const RATE_LIMIT_PLAN_LIMITS: Record<Exclude<CloudflarePlan, "free">, { maxPeriodSeconds: number; maxMitigationTimeoutSeconds: number }> = {
    pro: { maxPeriodSeconds: 60, maxMitigationTimeoutSeconds: 3600 },
    business: { maxPeriodSeconds: 600, maxMitigationTimeoutSeconds: 86400 },
    enterprise: { maxPeriodSeconds: 65535, maxMitigationTimeoutSeconds: 86400 },
};
const rateLimitPeriod = z
    .int()
    .refine((v) => (RATE_LIMIT_PERIODS as readonly number[]).includes(v), `expected one of Cloudflare's periods ${RATE_LIMIT_PERIODS.join(", ")}`);

/**
 * Validity periods accepted for the origin certificate, in days: those Cloudflare's Origin CA issues
 * (@pulumi/cloudflare OriginCaCertificate.requestedValidity: 7, 30, 90, 365, 730, 1095, 5475) that the policy pack's
 * cloudflare-origin-certificate-validity accepts (above its 30-day renewal window, at most 1095 days).
 */
export const ORIGIN_CA_VALIDITY_DAYS = [90, 365, 730, 1095] as const;

const wafSchema = z
    .object({
        owaspCoreRuleset: z
            .boolean()
            .default(false)
            .describe(
                "Also execute the Cloudflare OWASP Core Ruleset in the managed WAF phase (default false; needs plan pro or higher). The Cloudflare Managed Ruleset " +
                    "(plan pro or higher) or, on the Free plan, the Cloudflare Free Managed Ruleset is always deployed.",
            ),
        owaspAction: z
            .enum(["log", "managed_challenge", "block"])
            .default("log")
            .describe('What the OWASP ruleset does once a request\'s anomaly score reaches the threshold (default "log": watch for false positives before "block").'),
    })
    .strict();
export type WafConfig = z.infer<typeof wafSchema>;

const rateLimitSchema = z
    .object({
        requestsPerPeriod: z.int().min(1).max(1000000).describe("Requests one client IP may send to the API hostnames per period and Cloudflare data center before the action applies. No default."),
        periodSeconds: rateLimitPeriod
            .default(60)
            .describe("Counting period in seconds (default 60); one of Cloudflare's periods, at most 60 on pro, 600 on business, 65535 on enterprise."),
        mitigationTimeoutSeconds: rateLimitPeriod
            .default(60)
            .describe("How long the action applies once the rate is exceeded, in seconds (default 60); one of Cloudflare's periods, at most 3600 on pro, 86400 on business and enterprise."),
        action: z.enum(["block", "managed_challenge"]).default("block").describe('What Cloudflare does to a client over the rate (default "block": API clients cannot solve challenges).'),
    })
    .strict();
export type RateLimitConfig = z.infer<typeof rateLimitSchema>;

const originCertificateSchema = z
    .object({
        validityDays: z
            .literal(ORIGIN_CA_VALIDITY_DAYS, { error: `expected one of ${ORIGIN_CA_VALIDITY_DAYS.join(", ")} days` })
            .default(365)
            .describe(
                `Validity of the Cloudflare Origin CA certificate the gateway serves, in days (default 365; one of ${ORIGIN_CA_VALIDITY_DAYS.join(", ")}: Cloudflare also issues 7, 30 and 5475, ` +
                    "which the policy pack refuses as inside the renewal window or never rotated). Replace it at least 30 days before it expires (policy cloudflare-origin-certificate-validity).",
            ),
        keyAlgorithm: z.enum(["ecdsa", "rsa"]).default("ecdsa").describe('Key of the origin certificate (default "ecdsa", P-256: an origin-ecc certificate; "rsa" 2048 bits: origin-rsa).'),
    })
    .strict();
export type OriginCertificateConfig = z.infer<typeof originCertificateSchema>;

/**
 * Global steering of a load-balanced hostname (Cloudflare's `steering_policy`): `off` sends everything to the first
 * healthy pool in failover order (active-passive: the primary region, the next when it fails); `geo` sends each
 * Cloudflare region's visitors to the pool of the nearest AWS region first (active-active, regionPools);
 * `dynamic_latency` sends them to the pool with the lowest health-check round trip from their Cloudflare region
 * (active-active; falls back to failover order while there is no RTT data). `proximity` (needs pool coordinates),
 * `random` and the request-count policies are not offered: they do not keep visitors near a region.
 */
export const STEERING_POLICIES = ["off", "geo", "dynamic_latency"] as const;
export type SteeringPolicy = (typeof STEERING_POLICIES)[number];
export const ACTIVE_ACTIVE_STEERING: readonly SteeringPolicy[] = ["geo", "dynamic_latency"];

const loadBalancingSchema = z
    .object({
        accountId: cloudflareId.describe("Cloudflare account that owns the monitor and pools (they are account-level). No default."),
        hostnames: distinctList(hostnameLabel, 50, "a bound, as hostnames")
            .min(1)
            .optional()
            .describe("Hostnames (from hostnames) served by the load balancer instead of a DNS record (default: every hostname)."),
        steering: z
            .record(hostnameLabel, z.enum(STEERING_POLICIES))
            .default({})
            .describe(
                'Per load-balanced hostname label, its steering (default {}: every hostname "off"). "off": active-passive, the primary region\'s pool first and the others as fallback in region order. ' +
                    '"geo": active-active, each Cloudflare region (WNAM, ENAM, WEU, ...) served by the nearest AWS region\'s pool first (regionPools). "dynamic_latency": active-active by the ' +
                    "monitor's round-trip times. Active-active suits read-heavy hostnames whose standby region can serve them (writes still go to the primary region's stores); geo steering by " +
                    "region is part of the Load Balancing add-on, dynamic steering may need a higher add-on tier (check the account's subscription).",
            ),
        activePassiveOnly: distinctList(hostnameLabel, 50, "a bound, as hostnames")
            .default([])
            .describe(
                "Hostname labels that must stay active-passive (steering off): hostnames whose requests must reach one region at a time, such as the verification providers' callbacks " +
                    "and write APIs. Steering them active-active is refused (default []).",
            ),
        sessionAffinity: z
            .enum(["none", "cookie"])
            .default("none")
            .describe(
                'Session affinity of the active-active hostnames (default "none"): "cookie" keeps a browser on the region that served its first request while that region is healthy ' +
                    "(Cloudflare's __cflb cookie), so reads after its writes see them. Active-passive hostnames have none: all traffic is in one region anyway.",
            ),
        disabledRegions: distinctList(awsRegionName, 10, "a bound")
            .default([])
            .describe("Regions whose pool is disabled (default []): forces traffic to the next pool when the monitor still sees a broken region as healthy (regional failover runbook)."),
        monitor: z
            .object({
                path: z
                    .string()
                    .regex(/^\/[A-Za-z0-9._~/-]*$/, "expected an absolute path like /health")
                    .default("/health")
                    .describe("The gateway's health route, requested over HTTPS with the first load-balanced hostname as Host (default /health). It must answer without authentication."),
                expectedCodes: z.string().regex(/^[1-5](\d\d|xx)$/, 'expected a status code like 200 or a class like 2xx').default("200").describe('Status code (or class like "2xx") of a healthy answer (default "200").'),
                intervalSeconds: z.int().min(10).max(3600).default(60).describe("Seconds between checks from each checking region (default 60; below 60 needs a higher Load Balancing tier)."),
                timeoutSeconds: z.int().min(1).max(10).default(5).describe("Seconds before a check counts as failed (default 5)."),
                consecutiveDown: z.int().min(1).max(10).default(2).describe("Failed checks in a row before an origin is unhealthy (default 2): with intervalSeconds, how fast failover starts."),
                consecutiveUp: z.int().min(1).max(10).default(2).describe("Passed checks in a row before an origin is healthy again (default 2)."),
            })
            .strict()
            .prefault({})
            .describe("HTTPS health monitor of every region's pool (account-level; certificate verified, redirects not followed)."),
    })
    .strict();
export type LoadBalancingConfig = z.infer<typeof loadBalancingSchema>;

export const cdnSchema = z
    .object({
        zoneId: cloudflareId
            .optional()
            .describe(
                "Existing Cloudflare zone to manage (the usual case: zones are registered once per account). Exactly one of zoneId and zoneName; no default. " +
                    "The ids in the committed stack files are placeholders: replace each with the real zone's id (dashboard, zone Overview) before pulumi up. " +
                    "The zone settings are zone-wide and so also apply to the zone's other proxied hostnames: ssl strict (their origins need a valid certificate, or they get 526 errors), " +
                    "TLS 1.2 minimum, HTTPS redirects and the HSTS header. A cache-rules entry point already in the zone must be imported first (README). " +
                    "One stack per zone: two stacks on one zone would overwrite each other's settings and cache rules.",
            ),
        accountId: cloudflareId.optional().describe("Cloudflare account to create zoneName in; required with zoneName, not allowed with zoneId. No default."),
        zoneName: dnsName
            .optional()
            .describe(
                "Domain of a zone to create in accountId (protected when protectStatefulResources). Exactly one of zoneId and zoneName; no default. " +
                    "A subdomain of a domain (dev.example.com) can only be created with Cloudflare's subdomain setup, an Enterprise entitlement; otherwise use zoneId.",
            ),
        domain: dnsName
            .optional()
            .describe("DNS name the hostnames live under (api becomes api.dev.example.com for dev.example.com). Required with zoneId; default zoneName, and must be zoneName or inside it."),
        servingRegions: z
            .record(hostnameLabel, awsRegionName)
            .default({})
            .describe(
                "Per hostname label (from hostnames), the configured region whose gateway load balancer serves it: the hostname's proxied CNAME points at that region's " +
                    "gateway NLB hostname (a real output of the region's gateway, never a name typed here). A hostname not listed is served by the primary region (default {}). " +
                    "Failing a hostname over without load balancing means naming the other region here. Hostnames under loadBalancing are steered by the load balancer instead and may not be listed.",
            ),
        hostnames: z
            .array(hostnameLabel)
            .max(50, "expected at most 50 hostnames (a bound; the rule expression limit usually comes first)")
            .min(1)
            .default(["api", "app", "assets"])
            .describe('Record labels the platform serves, each a proxied CNAME to the primary origin (default ["api", "app", "assets"]; "@" is the domain itself).'),
        apiHostnames: distinctList(hostnameLabel, 50, "a bound, as hostnames")
            .default(["api"])
            .describe('Hostnames (from hostnames) that serve only the API: never cached at the edge (default ["api"]). /api/* and requests with an Authorization header bypass the cache on every hostname.'),
        hsts: hstsSchema.prefault({}).describe("HTTP Strict Transport Security sent by the edge on every proxied hostname of the zone, always with nosniff; includeSubDomains and preload are opt-in."),
        assetCache: assetCacheSchema.prefault({}).describe("Edge and browser caching of static assets (/assets/* and by extension)."),
        dnssec: z
            .boolean()
            .default(true)
            .describe("Sign the zone with DNSSEC (default true); publish the exported DS record at the registrar. Protected with protectStatefulResources: removing it while the DS is published breaks resolution."),
        plan: z
            .enum(CLOUDFLARE_PLANS)
            .default("free")
            .describe(
                'The zone\'s Cloudflare plan (default "free"): features it does not include are refused with the plan they need (Cloudflare Managed and OWASP rulesets: pro; ' +
                    "rate limiting on the API hostnames: pro, longer periods business). Changing it here does not change the subscription.",
            ),
        waf: wafSchema.prefault({}).describe("Managed WAF rulesets executed in the zone's http_request_firewall_managed phase, for the platform's hostnames."),
        rateLimit: rateLimitSchema
            .optional()
            .describe("Per-IP rate limit on the API hostnames (http_ratelimit phase, counted per client IP and data center). Needs plan pro or higher; no default (no rule)."),
        tieredCache: z
            .boolean()
            .default(true)
            .describe("Tiered Cache with Cloudflare's Smart Tiered Cache topology (default true): edge misses go through one upper tier near the origin, not each to the origin."),
        originCertificate: originCertificateSchema
            .prefault({})
            .describe("The Cloudflare Origin CA certificate for the served hostnames that each region's gateway NLB serves (Full strict TLS from the edge to the origin)."),
        authenticatedOriginPulls: z
            .boolean()
            .default(false)
            .describe(
                "Zone-level Authenticated Origin Pulls (default false): Cloudflare presents its origin-pull client certificate to every origin of the zone. Only useful when the " +
                    "origin terminates TLS itself and requires that certificate (Kong with ssl_verify_client against Cloudflare's origin-pull CA); an NLB TLS listener cannot verify client certificates.",
            ),
        loadBalancing: loadBalancingSchema
            .optional()
            .describe(
                "Cloudflare Load Balancing (needs the paid Load Balancing add-on on any plan): one pool per region with its gateway as origin, an HTTPS monitor, and per hostname a proxied " +
                    "load balancer failing over in region order (primary first). Needs two or more regions. No default (plain DNS records).",
            ),
    })
    .strict();
export type CdnConfig = z.infer<typeof cdnSchema>;

/**
 * Features the zone's plan does not include, each named with the plan it needs. Cloudflare would reject them at
 * `pulumi up` (or, for the OWASP ruleset, silently not run them), so validation refuses them first.
 */
export function cdnPlanProblems(cdn: CdnConfig): SectionProblem[] {
    const problems: SectionProblem[] = [];
    const needs = (minimum: CloudflarePlan, path: Array<string | number>, what: string) => {
        if (!planIncludes(cdn.plan, minimum)) {
            problems.push({ path: ["cdn", ...path], message: `${what} needs Cloudflare plan ${minimum} or higher (found plan ${cdn.plan}); set cdn.plan to the zone's plan or turn it off` });
        }
    };
    if (cdn.waf.owaspCoreRuleset) {
        needs("pro", ["waf", "owaspCoreRuleset"], "the Cloudflare OWASP Core Ruleset");
    }
    const rateLimit = cdn.rateLimit;
    if (rateLimit) {
        needs("pro", ["rateLimit"], "a rate limiting rule matching the API hostnames (the Free plan's rule can match only the path)");
        if (cdn.plan !== "free") {
            const limits = RATE_LIMIT_PLAN_LIMITS[cdn.plan];
            if (rateLimit.periodSeconds > limits.maxPeriodSeconds) {
                problems.push({ path: ["cdn", "rateLimit", "periodSeconds"], message: `${rateLimit.periodSeconds} exceeds the ${limits.maxPeriodSeconds} seconds plan ${cdn.plan} allows` });
            }
            if (rateLimit.mitigationTimeoutSeconds > limits.maxMitigationTimeoutSeconds) {
                problems.push({
                    path: ["cdn", "rateLimit", "mitigationTimeoutSeconds"],
                    message: `${rateLimit.mitigationTimeoutSeconds} exceeds the ${limits.maxMitigationTimeoutSeconds} seconds plan ${cdn.plan} allows`,
                });
            }
        }
        if (cdn.apiHostnames.length === 0) {
            problems.push({ path: ["cdn", "rateLimit"], message: "limits the API hostnames, but apiHostnames is empty; name them or remove rateLimit" });
        }
    }
    return problems;
}

interface CdnCrossFieldInput {
    cdn?: CdnConfig;
    regions: Array<{ name: string; role: "primary" | "secondary" }>;
}

/** The DNS name the hostnames live under: `domain`, or the zone created from `zoneName`. */
export function cdnDomain(cdn: CdnConfig): string {
    const domain = cdn.domain ?? cdn.zoneName;
    if (domain === undefined) {
        throw new Error("platform:cdn needs domain (or zoneName) to name its records");
    }
    return domain;
}

/** The fully qualified name of a hostname label: `api` -> `api.dev.example.com`, `@` -> `dev.example.com`. */
export function recordName(label: string, domain: string): string {
    return label === "@" ? domain : `${label}.${domain}`;
}

/** True when `name` is `ancestor` or inside it (`api.dev.example.com` is inside `example.com`). */
export function isWithinDomain(name: string, ancestor: string): boolean {
    return name === ancestor || name.endsWith(`.${ancestor}`);
}

/**
 * Steering checks: only load-balanced hostnames are steered; a hostname marked active-passive-only is never steered
 * active-active; active-active needs two or more regions to spread over, and geo steering a known location for each
 * region (to find the nearest one).
 */
export function steeringProblems(lb: LoadBalancingConfig, balancedLabels: string[], regionNames: string[]): SectionProblem[] {
    const problems: SectionProblem[] = [];
    for (const [label, policy] of Object.entries(lb.steering)) {
        const path = ["cdn", "loadBalancing", "steering", label];
        if (!balancedLabels.includes(label)) {
            problems.push({ path, message: `"${label}" is not a load-balanced hostname; expected one of ${JSON.stringify(balancedLabels)}` });
            continue;
        }
        if (!ACTIVE_ACTIVE_STEERING.includes(policy)) {
            continue;
        }
        if (lb.activePassiveOnly.includes(label)) {
            problems.push({ path, message: `${policy} is active-active, but "${label}" is in activePassiveOnly; expected "off" (primary pool, others as fallback)` });
        }
        if (regionNames.length < 2) {
            problems.push({ path, message: `${policy} spreads traffic over regions, but only ${regionNames.length} region serves (${regionNames.join(", ")}); expected "off" or a second region` });
        }
        if (policy === "geo") {
            const unknown = regionNames.filter((r) => AWS_REGION_LOCATIONS[r] === undefined);
            if (unknown.length > 0) {
                problems.push({ path, message: `geo steering needs each region's location to find the nearest, and ${unknown.join(", ")} has none in AWS_REGION_LOCATIONS; expected "dynamic_latency" or "off"` });
            }
        }
    }
    lb.activePassiveOnly.forEach((label, i) => {
        if (!balancedLabels.includes(label)) {
            problems.push({ path: ["cdn", "loadBalancing", "activePassiveOnly", i], message: `"${label}" is not a load-balanced hostname; expected one of ${JSON.stringify(balancedLabels)}` });
        }
    });
    if (lb.sessionAffinity !== "none" && !Object.values(lb.steering).some((p) => ACTIVE_ACTIVE_STEERING.includes(p))) {
        problems.push({ path: ["cdn", "loadBalancing", "sessionAffinity"], message: `${lb.sessionAffinity} applies to active-active hostnames, and steering names none; expected "none" or a hostname steered geo or dynamic_latency` });
    }
    return problems;
}

/**
 * Approximate location (latitude, longitude in degrees) of each AWS region's data centres, for geo steering's
 * "nearest region": city-level, from AWS's region names (N. Virginia, Oregon, Frankfurt, ...).
 */
export const AWS_REGION_LOCATIONS: Readonly<Record<string, readonly [number, number]>> = {
    "us-east-1": [38.9, -77.4],
    "us-east-2": [40.0, -83.0],
    "us-west-1": [37.4, -121.9],
    "us-west-2": [45.8, -119.7],
    "ca-central-1": [45.5, -73.6],
    "ca-west-1": [51.0, -114.1],
    "mx-central-1": [20.6, -100.4],
    "sa-east-1": [-23.5, -46.6],
    "eu-west-1": [53.3, -6.3],
    "eu-west-2": [51.5, -0.1],
    "eu-west-3": [48.9, 2.4],
    "eu-central-1": [50.1, 8.7],
    "eu-central-2": [47.4, 8.5],
    "eu-north-1": [59.3, 18.1],
    "eu-south-1": [45.5, 9.2],
    "eu-south-2": [41.6, -0.9],
    "il-central-1": [32.1, 34.8],
    "me-south-1": [26.1, 50.6],
    "me-central-1": [25.2, 55.3],
    "af-south-1": [-33.9, 18.4],
    "ap-south-1": [19.1, 72.9],
    "ap-south-2": [17.4, 78.5],
    "ap-east-1": [22.3, 114.2],
    "ap-east-2": [25.0, 121.5],
    "ap-southeast-1": [1.35, 103.8],
    "ap-southeast-2": [-33.9, 151.2],
    "ap-southeast-3": [-6.2, 106.8],
    "ap-southeast-4": [-37.8, 145.0],
    "ap-southeast-5": [3.1, 101.7],
    "ap-southeast-6": [-36.8, 174.8],
    "ap-southeast-7": [13.8, 100.5],
    "ap-northeast-1": [35.7, 139.7],
    "ap-northeast-2": [37.6, 127.0],
    "ap-northeast-3": [34.7, 135.5],
    "cn-north-1": [39.9, 116.4],
    "cn-northwest-1": [38.5, 106.3],
    "eusc-de-east-1": [52.4, 13.1],
    "us-gov-east-1": [40.0, -83.0],
    "us-gov-west-1": [45.8, -119.7],
};

/** Checks that need more than one field of `platform:cdn`, or the regions next to it. */
export function cdnProblems(config: CdnCrossFieldInput): SectionProblem[] {
    const cdn = config.cdn;
    if (!cdn) {
        return [];
    }
    const problems: SectionProblem[] = [];

    if (cdn.zoneId !== undefined && cdn.zoneName !== undefined) {
        problems.push({
            path: ["cdn", "zoneName"],
            message: `set either zoneId (use an existing zone) or accountId and zoneName (create one), not both (found zoneId ${cdn.zoneId} and zoneName ${cdn.zoneName})`,
        });
    } else if (cdn.zoneId === undefined && cdn.zoneName === undefined) {
        problems.push({ path: ["cdn", "zoneId"], message: "required: set zoneId (an existing zone) or accountId and zoneName (create one) (found neither)" });
    }
    if (cdn.zoneName !== undefined && cdn.accountId === undefined) {
        problems.push({ path: ["cdn", "accountId"], message: `required to create zone ${cdn.zoneName} (found nothing)` });
    }
    if (cdn.zoneId !== undefined && cdn.accountId !== undefined) {
        problems.push({ path: ["cdn", "accountId"], message: "only applies to a zone created from zoneName; remove it or zoneId" });
    }
    if (cdn.zoneId !== undefined && cdn.domain === undefined) {
        problems.push({ path: ["cdn", "domain"], message: "required with zoneId: Cloudflare record names are fully qualified, so the zone's domain must be known (found nothing)" });
    }
    if (cdn.zoneName !== undefined && cdn.domain !== undefined && !isWithinDomain(cdn.domain, cdn.zoneName)) {
        problems.push({ path: ["cdn", "domain"], message: `${cdn.domain} is not inside zone ${cdn.zoneName}; expected ${cdn.zoneName} or a name ending in .${cdn.zoneName}` });
    }

    const regionNames = config.regions.map((r) => r.name);
    const lbHostnames = cdn.loadBalancing ? (cdn.loadBalancing.hostnames ?? cdn.hostnames) : [];
    for (const [label, region] of Object.entries(cdn.servingRegions)) {
        if (!cdn.hostnames.includes(label)) {
            problems.push({ path: ["cdn", "servingRegions", label], message: `"${label}" is not one of hostnames ${JSON.stringify(cdn.hostnames)}` });
        } else if (lbHostnames.includes(label)) {
            problems.push({ path: ["cdn", "servingRegions", label], message: `"${label}" is served by loadBalancing, which steers it between regions; remove it here or from loadBalancing.hostnames` });
        }
        if (!regionNames.includes(region)) {
            problems.push({ path: ["cdn", "servingRegions", label], message: `${region} is not a configured region; expected one of ${regionNames.join(", ")}` });
        }
    }
    problems.push(...cdnPlanProblems(cdn));
    if (cdn.loadBalancing) {
        const lb = cdn.loadBalancing;
        if (config.regions.length < 2) {
            problems.push({
                path: ["cdn", "loadBalancing"],
                message: `needs two or more regions to fail over between (found ${config.regions.length}: ${regionNames.join(", ")}); remove it or add a region`,
            });
        }
        (lb.hostnames ?? []).forEach((label, i) => {
            if (!cdn.hostnames.includes(label)) {
                problems.push({ path: ["cdn", "loadBalancing", "hostnames", i], message: `"${label}" is not one of hostnames ${JSON.stringify(cdn.hostnames)}` });
            }
        });
        lb.disabledRegions.forEach((region, i) => {
            if (!regionNames.includes(region)) {
                problems.push({ path: ["cdn", "loadBalancing", "disabledRegions", i], message: `${region} is not a configured region; expected one of ${regionNames.join(", ")}` });
            }
        });
        if (regionNames.length > 0 && regionNames.every((r) => lb.disabledRegions.includes(r))) {
            problems.push({ path: ["cdn", "loadBalancing", "disabledRegions"], message: `disables every region's pool (${regionNames.join(", ")}); at least one must serve` });
        }
        problems.push(...steeringProblems(lb, lbHostnames, regionNames));
        if (lb.monitor.timeoutSeconds >= lb.monitor.intervalSeconds) {
            problems.push({
                path: ["cdn", "loadBalancing", "monitor", "timeoutSeconds"],
                message: `${lb.monitor.timeoutSeconds} is not below intervalSeconds ${lb.monitor.intervalSeconds}; a check must time out before the next one starts`,
            });
        }
    }

    cdn.hostnames.forEach((label, i) => {
        const first = cdn.hostnames.indexOf(label);
        if (first !== i) {
            problems.push({ path: ["cdn", "hostnames", i], message: `hostname "${label}" is listed twice (also hostnames[${first}])` });
        }
    });
    cdn.apiHostnames.forEach((label, i) => {
        if (!cdn.hostnames.includes(label)) {
            problems.push({ path: ["cdn", "apiHostnames", i], message: `"${label}" is not one of hostnames ${JSON.stringify(cdn.hostnames)}` });
        }
    });
    const domain = cdn.domain ?? cdn.zoneName;
    if (domain !== undefined) {
        const names = cdn.hostnames.map((label) => recordName(label, domain));
        names.forEach((name, i) => {
            if (name.length > 253) {
                problems.push({ path: ["cdn", "hostnames", i], message: `${name} is longer than the 253 characters a DNS name may have` });
            }
        });
        // Each cache rule spells out its host set (and the extension or API-host set): Cloudflare refuses expressions over 4096 characters.
        const hostSet = setLiteralLength(names);
        const assetsLength = hostSet + setLiteralLength(cdn.assetCache.extensions) + CACHE_RULE_FIXED_TEXT;
        const bypassLength = hostSet + setLiteralLength(cdn.apiHostnames.map((label) => recordName(label, domain))) + CACHE_RULE_FIXED_TEXT;
        if (Math.max(assetsLength, bypassLength) > CLOUDFLARE_EXPRESSION_MAX_LENGTH) {
            problems.push({
                path: ["cdn", assetsLength >= bypassLength ? "assetCache" : "hostnames"],
                message: `the cache rule expressions would be up to ${Math.max(assetsLength, bypassLength)} characters, over Cloudflare's ${CLOUDFLARE_EXPRESSION_MAX_LENGTH}; expected fewer or shorter hostnames${assetsLength >= bypassLength ? " or extensions" : ""}`,
            });
        }
    }

    const preloadNeeds = [
        ...(cdn.hsts.includeSubdomains ? [] : ["includeSubdomains (found false)"]),
        ...(cdn.hsts.maxAgeSeconds < HSTS_PRELOAD_MIN_MAX_AGE_SECONDS ? [`maxAgeSeconds of at least ${HSTS_PRELOAD_MIN_MAX_AGE_SECONDS} (found ${cdn.hsts.maxAgeSeconds})`] : []),
    ];
    if (cdn.hsts.preload && preloadNeeds.length > 0) {
        problems.push({ path: ["cdn", "hsts", "preload"], message: `the HSTS preload list requires ${preloadNeeds.join(" and ")}` });
    }
    // Preload needs includeSubdomains, so this also guards preload on an existing zone.
    if (cdn.zoneId !== undefined && cdn.hsts.includeSubdomains && !cdn.hsts.acknowledgeExistingZone) {
        problems.push({
            path: ["cdn", "hsts", "includeSubdomains"],
            message:
                `zone ${cdn.zoneId} already exists and may serve names this stack does not manage; includeSubDomains pins every name under its proxied hostnames ` +
                `to HTTPS for ${cdn.hsts.maxAgeSeconds} seconds. Set hsts.acknowledgeExistingZone once all of them serve HTTPS, or leave includeSubdomains off`,
        });
    }
    if (cdn.zoneName !== undefined && cdn.hsts.acknowledgeExistingZone) {
        problems.push({ path: ["cdn", "hsts", "acknowledgeExistingZone"], message: "only applies to an existing zone (zoneId); a zone created from zoneName holds only this stack's names" });
    }
    if (cdn.assetCache.browserTtlSeconds > cdn.assetCache.edgeTtlSeconds) {
        problems.push({
            path: ["cdn", "assetCache", "browserTtlSeconds"],
            message: `${cdn.assetCache.browserTtlSeconds} exceeds edgeTtlSeconds ${cdn.assetCache.edgeTtlSeconds}; a cache purge cannot reach browsers, so they must not keep assets longer than the edge`,
        });
    }
    return problems;
}
