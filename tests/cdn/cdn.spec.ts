/**
 * Cloudflare edge (components/cdn/cdn.ts, config/sections/cdn.ts): the pure rules (zone setting values, HSTS,
 * record names, serving regions, WAF and rate limit rules), what the generated rules do to sample requests (evaluated by
 * tests/cdn/wirefilter.ts, not compared as text), the synthesized zone per environment (every stack manages
 * an existing zone; variants create one; prod has two regions and one zone), the policy pack's Cloudflare
 * rules run against those resources, and bad config rejected with the key named.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { cacheRules, hstsSecurityHeader, loadBalancedLabels, MIN_TLS_VERSION, recordResourceSuffix, servingRegion, zoneSettingValues } from "../../components/cdn/cdn";
import { CLOUDFLARE_REGION_CENTRES, distanceKm, failoverOrder, geoRegionOrder, isActiveActive, loadBalancerArgs, poolName } from "../../components/cdn/loadBalancing";
import { originCertificateHostnames, originKeySpec } from "../../components/cdn/originCertificate";
import { MANAGED_RULESETS, OWASP_ANOMALY_SCORE_RULE, rateLimitRules, wafManagedRules } from "../../components/cdn/security";
import { ConfigError, validateConfig } from "../../config";
import { AWS_REGION_LOCATIONS, cdnDomain, cdnProblems, cdnSchema, DEFAULT_ASSET_EXTENSIONS, isWithinDomain, ORIGIN_CA_VALIDITY_DAYS, recordName, steeringProblems } from "../../config/sections/cdn";
import { AWS_REGIONS } from "../../config/sections/common";
import { maskSecrets, revealSecrets, SECRET_MASK } from "../../offline/secrets";
import { PROJECT_ROOT } from "../../offline/synthesize";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { evaluatePolicies } from "../../policy/evaluate";
import { cloudflareRules } from "../../policy/rules/cloudflare";
import { cloudflareOriginCertificateValidity } from "../../policy/rules/cloudflare/cloudflareOriginCertificateValidity";
import { resourceArgs, violationsOf } from "../../policy/tests/helpers";
import { stackCloudflareWafManaged } from "../../policy/rules/stack/stackCloudflareWafManaged";
import { stackCloudflareZoneSettings } from "../../policy/rules/stack/stackCloudflareZoneSettings";
import { assertConfigProblem, stackConfig, withSection } from "../datastores/support";
import { ofType, single, STACKS, synthesizeStack } from "../support/synthesis";
import { cacheOutcome, EdgeRequest, matches } from "./wirefilter";

const PROVIDER = "pulumi:providers:cloudflare";
const COMPONENT = "platform:cdn:Cdn";
const ZONE = "cloudflare:index/zone:Zone";
const ZONE_SETTING = "cloudflare:index/zoneSetting:ZoneSetting";
const ZONE_DNSSEC = "cloudflare:index/zoneDnssec:ZoneDnssec";
const DNS_RECORD = "cloudflare:index/dnsRecord:DnsRecord";
const RULESET = "cloudflare:index/ruleset:Ruleset";
const ORIGIN_CERTIFICATE = "platform:cdn:OriginCertificate";
const ORIGIN_CA_CERTIFICATE = "cloudflare:index/originCaCertificate:OriginCaCertificate";
const LOAD_BALANCER = "cloudflare:index/loadBalancer:LoadBalancer";
const LB_POOL = "cloudflare:index/loadBalancerPool:LoadBalancerPool";
const LB_MONITOR = "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor";

/**
 * The hostname of `region`'s gateway NLB as the stack wires it: the region output `gatewayHostname`, read from the
 * gateway Service's status.
 */
function gatewayOf(result: SynthesisResult, region: string): string {
    const outputs = (result.outputs.regions as Array<{ region: string; gatewayHostname?: string }>).find((r) => r.region === region);
    assert.ok(outputs, `no region ${region} in the stack outputs`);
    assert.ok(outputs.gatewayHostname, `region ${region} exports no gatewayHostname`);
    return outputs.gatewayHostname;
}

const HALF_YEAR = 15552000;
const ONE_YEAR = 31536000;
/** The account a created zone goes into, in the variants that create one. */
const ACCOUNT_ID = "5c1f0a9e7d3b4a6e8f2c1d0b9a8e7f6d";
const HSTS_OFF = { maxAgeSeconds: ONE_YEAR, includeSubdomains: false, preload: false, acknowledgeExistingZone: false };

/** What each committed stack must produce: domain, zone, plan, HSTS max age, asset TTLs, load-balanced hostnames. */
const EXPECTED = {
    dev: {
        domain: "dev.example.com",
        existingZoneId: "0d5e7f9a1b3c4d6e8f0a2b4c6d8e0f1a",
        plan: "free",
        loadBalanced: [] as string[],
        hstsMaxAge: HALF_YEAR,
        edgeTtl: 3600,
        browserTtl: 300,
    },
    staging: {
        domain: "staging.example.com",
        existingZoneId: "8b3e2f1a0c9d4e7f6a5b4c3d2e1f0a9b",
        plan: "pro",
        loadBalanced: [] as string[],
        hstsMaxAge: HALF_YEAR,
        edgeTtl: 86400,
        browserTtl: 3600,
    },
    prod: {
        domain: "example.com",
        existingZoneId: "2d7c9e1b4a6f8d0c3e5b7a9f1c2d4e6a",
        plan: "business",
        loadBalanced: ["api", "app", "assets"] as string[],
        hstsMaxAge: ONE_YEAR,
        edgeTtl: 604800,
        browserTtl: 14400,
    },
} as const;

const ONE_REGION = [{ name: "us-east-1", role: "primary" as const }];
const TWO_REGIONS = [
    { name: "us-east-1", role: "primary" as const },
    { name: "us-west-2", role: "secondary" as const },
];

/** A valid cdn section on an existing zone; tests patch one field at a time. */
const baseCdn = (patch: Record<string, unknown> = {}) =>
    cdnSchema.parse({
        zoneId: "8b3e2f1a0c9d4e7f6a5b4c3d2e1f0a9b",
        domain: "example.com",
        ...patch,
    });

/** `stack`'s cdn section turned into creating its zone `<stack>.example.com` (the stack files all use existing zones). */
function creatingZone(stack: string, patch: Record<string, unknown> = {}): Record<string, unknown> {
    const { zoneId: _zoneId, domain: _domain, ...rest } = stackConfig(stack).cdn;
    return { ...rest, accountId: ACCOUNT_ID, zoneName: `${stack}.example.com`, ...patch };
}

/** The cache settings a request ends up with: undefined cache means no rule matched (Cloudflare's defaults apply). */
function decision(rules: any[], request: EdgeRequest): { cache?: boolean; edgeTtl?: number; browserTtl?: number } {
    const { cache, edgeTtl, browserTtl } = cacheOutcome(rules, request);
    return cache === false ? { cache } : { cache, edgeTtl, browserTtl };
}

/** The decoded policy config the offline gate uses for `stack`. */
function policyConfig(stack: string): Record<string, any> {
    return JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "policy", `config.${stack}.json`), "utf8"));
}

async function cloudflareViolations(stack: string, resources: SynthesizedResource[]) {
    return evaluatePolicies(resources, { stack, config: policyConfig(stack), policies: [...cloudflareRules, stackCloudflareZoneSettings, stackCloudflareWafManaged] });
}

function settingsById(result: SynthesisResult): Record<string, unknown> {
    return Object.fromEntries(ofType(result, ZONE_SETTING).map((s) => [s.inputs.settingId, s.inputs.value]));
}

describe("cdn: pure rules", () => {
    it("zone settings: strict TLS to the origin, TLS 1.2 minimum, 1.3 on, HTTPS only, HSTS, browser check", () => {
        assert.deepStrictEqual(zoneSettingValues({ ...HSTS_OFF, includeSubdomains: true, preload: true }), {
            ssl: "strict",
            min_tls_version: "1.2",
            tls_1_3: "on",
            always_use_https: "on",
            automatic_https_rewrites: "on",
            opportunistic_encryption: "on",
            browser_check: "on",
            security_header: { strict_transport_security: { enabled: true, max_age: ONE_YEAR, include_subdomains: true, preload: true, nosniff: true } },
        });
        assert.strictEqual(MIN_TLS_VERSION, "1.2");
    });

    it("the HSTS value uses the API's snake_case keys only (camelCase diffs forever); subdomains only when asked for", () => {
        const value = hstsSecurityHeader({ ...HSTS_OFF, maxAgeSeconds: HALF_YEAR });
        assert.deepStrictEqual(Object.keys(value), ["strict_transport_security"]);
        assert.deepStrictEqual(Object.keys(value.strict_transport_security).sort(), ["enabled", "include_subdomains", "max_age", "nosniff", "preload"]);
        assert.strictEqual(value.strict_transport_security.max_age, HALF_YEAR);
        assert.strictEqual(value.strict_transport_security.include_subdomains, false);
        assert.strictEqual(value.strict_transport_security.preload, false);
        assert.strictEqual(hstsSecurityHeader({ ...HSTS_OFF, includeSubdomains: true }).strict_transport_security.include_subdomains, true);
    });

    it("record names are fully qualified (Cloudflare v5+ records diff otherwise); @ is the domain itself", () => {
        assert.strictEqual(recordName("api", "dev.example.com"), "api.dev.example.com");
        assert.strictEqual(recordName("eu.api", "example.com"), "eu.api.example.com");
        assert.strictEqual(recordName("@", "example.com"), "example.com");
        assert.strictEqual(recordResourceSuffix("api"), "api");
        assert.strictEqual(recordResourceSuffix("eu.api"), "eu-api");
        assert.strictEqual(recordResourceSuffix("@"), "apex");
    });

    it("the domain is the configured one, else the created zone's; names inside a domain are recognised by whole labels", () => {
        assert.strictEqual(cdnDomain(baseCdn()), "example.com");
        assert.strictEqual(cdnDomain(cdnSchema.parse({ accountId: "5c1f0a9e7d3b4a6e8f2c1d0b9a8e7f6d", zoneName: "dev.example.com" })), "dev.example.com");
        assert.throws(() => cdnDomain(cdnSchema.parse({})), /needs domain/);
        assert.ok(isWithinDomain("dev.example.com", "example.com"));
        assert.ok(isWithinDomain("example.com", "example.com"));
        assert.ok(!isWithinDomain("badexample.com", "example.com"));
    });

    describe("cache rules, evaluated against sample requests", () => {
        const hosts = ["api.example.com", "app.example.com", "assets.example.com"];
        const rules = cacheRules(hosts, ["api.example.com"], { extensions: ["css", "js", "png"], edgeTtlSeconds: 7200, browserTtlSeconds: 600 }) as any[];
        const CACHED = { cache: true, edgeTtl: 7200, browserTtl: 600 };
        const BYPASSED = { cache: false };
        const UNTOUCHED = { cache: undefined, edgeTtl: undefined, browserTtl: undefined };

        it("static assets are cached with the configured TTLs: anything under /assets/, or a listed extension anywhere", () => {
            assert.deepStrictEqual(decision(rules, { host: "app.example.com", path: "/assets/app.js" }), CACHED);
            assert.deepStrictEqual(decision(rules, { host: "assets.example.com", path: "/assets/fonts/inter" }), CACHED);
            assert.deepStrictEqual(decision(rules, { host: "app.example.com", path: "/static/site.css" }), CACHED);
            assert.deepStrictEqual(decision(rules, { host: "app.example.com", path: "/img/Logo.PNG" }), CACHED);
        });

        it("/api/ is never cached on any hostname, even with an asset extension or an asset rule matching too", () => {
            assert.deepStrictEqual(decision(rules, { host: "app.example.com", path: "/api/x" }), BYPASSED);
            assert.deepStrictEqual(decision(rules, { host: "app.example.com", path: "/api/x.js" }), BYPASSED);
            assert.deepStrictEqual(decision(rules, { host: "assets.example.com", path: "/api/assets/app.css" }), BYPASSED);
        });

        it("an API-only hostname is never cached, whatever the path", () => {
            assert.deepStrictEqual(decision(rules, { host: "api.example.com", path: "/v1/users" }), BYPASSED);
            assert.deepStrictEqual(decision(rules, { host: "api.example.com", path: "/assets/app.js" }), BYPASSED);
            assert.deepStrictEqual(decision(rules, { host: "API.example.com", path: "/openapi.json" }), BYPASSED);
        });

        it("a request with an Authorization header is never cached, whatever the header name's case", () => {
            for (const name of ["Authorization", "authorization", "AUTHORIZATION"]) {
                assert.deepStrictEqual(decision(rules, { host: "app.example.com", path: "/assets/app.js", headers: { [name]: "Bearer t" } }), BYPASSED, name);
            }
            assert.deepStrictEqual(decision(rules, { host: "app.example.com", path: "/assets/app.js", headers: { Accept: "*/*" } }), CACHED);
        });

        it("pages, unlisted extensions, look-alike paths and the zone's other hostnames are left to Cloudflare's defaults", () => {
            assert.deepStrictEqual(decision(rules, { host: "app.example.com", path: "/" }), UNTOUCHED);
            assert.deepStrictEqual(decision(rules, { host: "app.example.com", path: "/index.html" }), UNTOUCHED);
            assert.deepStrictEqual(decision(rules, { host: "app.example.com", path: "/apiary" }), UNTOUCHED, "/api without the slash is not the API");
            assert.deepStrictEqual(decision(rules, { host: "app.example.com", path: "/static/assets/app.txt" }), UNTOUCHED, "only a leading /assets/ counts");
            // On a shared zone, names the platform does not serve keep their own caching.
            assert.deepStrictEqual(decision(rules, { host: "www.example.com", path: "/assets/app.js" }), UNTOUCHED);
            assert.deepStrictEqual(decision(rules, { host: "www.example.com", path: "/api/x" }), UNTOUCHED);
        });

        it("without API-only hostnames the path and credential checks still apply", () => {
            const noApiHosts = cacheRules(hosts, [], { extensions: ["js"], edgeTtlSeconds: 7200, browserTtlSeconds: 600 }) as any[];
            assert.deepStrictEqual(decision(noApiHosts, { host: "api.example.com", path: "/v1/users" }), UNTOUCHED);
            assert.deepStrictEqual(decision(noApiHosts, { host: "api.example.com", path: "/api/v1/users" }), BYPASSED);
            assert.deepStrictEqual(decision(noApiHosts, { host: "app.example.com", path: "/app.js", headers: { authorization: "x" } }), BYPASSED);
        });

        it("assets keep errors out of the edge cache, and the bypass rule sets nothing but the bypass", () => {
            assert.deepStrictEqual(
                rules.map((r) => [r.ref, r.action, r.enabled]),
                [
                    ["platform_cache_static_assets", "set_cache_settings", true],
                    ["platform_bypass_api_and_authenticated", "set_cache_settings", true],
                ],
            );
            assert.deepStrictEqual(rules[0].actionParameters.edgeTtl, {
                mode: "override_origin",
                default: 7200,
                statusCodeTtls: [{ statusCodeRange: { from: 400, to: 599 }, value: -1 }],
            });
            assert.deepStrictEqual(rules[0].actionParameters.browserTtl, { mode: "override_origin", default: 600 });
            assert.deepStrictEqual(rules[1].actionParameters, { cache: false });
        });
    });

    it("a hostname is served by its configured region, else by the primary, whatever the order of regions", () => {
        assert.strictEqual(servingRegion("api", {}, TWO_REGIONS), "us-east-1");
        assert.strictEqual(servingRegion("api", { api: "us-west-2" }, TWO_REGIONS), "us-west-2");
        assert.strictEqual(servingRegion("app", { api: "us-west-2" }, TWO_REGIONS), "us-east-1");
        assert.strictEqual(
            servingRegion("api", {}, [
                { name: "us-west-2", role: "primary" },
                { name: "us-east-1", role: "secondary" },
            ]),
            "us-west-2",
        );
        assert.throws(() => servingRegion("api", {}, [{ name: "us-west-2", role: "secondary" }]), /no region serves api/);
    });

    it("load balancing: pools fail over primary first; the last pool is the fallback; hostnames default to all", () => {
        assert.deepStrictEqual(
            failoverOrder([
                { name: "us-west-2", role: "secondary" },
                { name: "eu-west-1", role: "secondary" },
                { name: "us-east-1", role: "primary" },
            ]),
            ["us-east-1", "us-west-2", "eu-west-1"],
        );
        const pools = [
            { region: "us-east-1", id: "p1" },
            { region: "us-west-2", id: "p2" },
        ];
        const lb = loadBalancerArgs({ zoneId: "z", hostname: "api.example.com", pools, environment: "prod" });
        assert.deepStrictEqual([lb.defaultPools, lb.fallbackPool, lb.steeringPolicy, lb.proxied, lb.sessionAffinity, lb.regionPools], [["p1", "p2"], "p2", "off", true, "none", undefined]);
        assert.throws(() => loadBalancerArgs({ zoneId: "z", hostname: "api.example.com", pools: [], environment: "prod" }), /at least one pool/);
        assert.strictEqual(poolName("prod", "us-east-1"), "platform-prod-us-east-1");
        const accountId = "4a8c2e6f0b1d3f5a7c9e1b3d5f7a9c2e";
        assert.deepStrictEqual(loadBalancedLabels(baseCdn({ loadBalancing: { accountId } })), ["api", "app", "assets"]);
        assert.deepStrictEqual(loadBalancedLabels(baseCdn({ loadBalancing: { accountId, hostnames: ["api"] } })), ["api"]);
        assert.deepStrictEqual(loadBalancedLabels(baseCdn()), []);
    });

    describe("steering", () => {
        const pools = [
            { region: "us-east-1", id: "p-use1" },
            { region: "us-west-2", id: "p-usw2" },
        ];

        it("measures great-circle distances (London to New York about 5,570 km; a point to itself 0)", () => {
            assert.ok(Math.abs(distanceKm([51.5, -0.1], [40.7, -74.0]) - 5570) < 30);
            assert.strictEqual(distanceKm([10, 10], [10, 10]), 0);
            assert.ok(Math.abs(distanceKm([0, 179], [0, -179]) - 222) < 2, "across the antimeridian");
        });

        it("geo: every Cloudflare region gets every AWS region, the nearest first", () => {
            const order = geoRegionOrder(["us-east-1", "us-west-2"]);
            assert.deepStrictEqual(Object.keys(order).sort(), ["EEU", "ENAM", "ME", "NAF", "NEAS", "NSAM", "OC", "SAF", "SAS", "SEAS", "SSAM", "WEU", "WNAM"]);
            const first = Object.fromEntries(Object.entries(order).map(([code, regions]) => [code, regions[0]]));
            assert.deepStrictEqual(first, {
                WNAM: "us-west-2",
                ENAM: "us-east-1",
                WEU: "us-east-1",
                EEU: "us-east-1",
                NSAM: "us-east-1",
                SSAM: "us-east-1",
                OC: "us-west-2",
                ME: "us-east-1",
                NAF: "us-east-1",
                SAF: "us-east-1",
                // Over the pole, Mumbai is a little nearer Oregon than Virginia.
                SAS: "us-west-2",
                SEAS: "us-west-2",
                NEAS: "us-west-2",
            });
            assert.ok(Object.values(order).every((regions) => regions.length === 2));
        });

        it("geo: a European and an Asian region take their continents; a tie keeps the configured (primary-first) order", () => {
            const order = geoRegionOrder(["us-east-1", "eu-central-1", "ap-northeast-1"]);
            assert.deepStrictEqual([order.WEU[0], order.EEU[0], order.NEAS[0], order.ENAM[0], order.WNAM[0]], ["eu-central-1", "eu-central-1", "ap-northeast-1", "us-east-1", "us-east-1"]);
            assert.deepStrictEqual(geoRegionOrder(["us-west-2", "us-gov-west-1"]).WNAM, ["us-west-2", "us-gov-west-1"]);
            assert.deepStrictEqual(geoRegionOrder(["us-gov-west-1", "us-west-2"]).WNAM, ["us-gov-west-1", "us-west-2"]);
            assert.throws(() => geoRegionOrder(["us-east-1", "us-iso-east-1"]), /no location known for us-iso-east-1/);
        });

        it("knows a location for every commercial, China, GovCloud and EU sovereign region, and Cloudflare's 13 regions", () => {
            const missing = AWS_REGIONS.filter((r) => !/-iso/.test(r) && AWS_REGION_LOCATIONS[r] === undefined);
            assert.deepStrictEqual(missing, []);
            assert.strictEqual(Object.keys(CLOUDFLARE_REGION_CENTRES).length, 13);
        });

        it("geo load balancer: region pools by nearest region, failover order as default, the configured affinity", () => {
            const lb = loadBalancerArgs({ zoneId: "z", hostname: "app.example.com", pools, environment: "prod", steering: "geo", sessionAffinity: "cookie" });
            assert.strictEqual(lb.steeringPolicy, "geo");
            const regionPools = lb.regionPools as Record<string, string[]>;
            assert.deepStrictEqual([regionPools.WNAM, regionPools.ENAM, regionPools.WEU], [["p-usw2", "p-use1"], ["p-use1", "p-usw2"], ["p-use1", "p-usw2"]]);
            assert.deepStrictEqual([lb.defaultPools, lb.fallbackPool, lb.sessionAffinity], [["p-use1", "p-usw2"], "p-usw2", "cookie"]);
            assert.match(lb.description as string, /geo steering .*active-active/);
        });

        it("dynamic latency: all pools as defaults, no region pools; active-passive never takes affinity", () => {
            const dynamic = loadBalancerArgs({ zoneId: "z", hostname: "app.example.com", pools, environment: "prod", steering: "dynamic_latency", sessionAffinity: "cookie" });
            assert.deepStrictEqual([dynamic.steeringPolicy, dynamic.regionPools, dynamic.defaultPools, dynamic.sessionAffinity], ["dynamic_latency", undefined, ["p-use1", "p-usw2"], "cookie"]);
            const off = loadBalancerArgs({ zoneId: "z", hostname: "api.example.com", pools, environment: "prod", steering: "off", sessionAffinity: "cookie" });
            assert.deepStrictEqual([off.steeringPolicy, off.sessionAffinity], ["off", "none"]);
            assert.match(off.description as string, /active-passive/);
            assert.deepStrictEqual([isActiveActive("off"), isActiveActive("geo"), isActiveActive("dynamic_latency")], [false, true, true]);
        });

        it("config: refuses steering an unbalanced hostname, active-active for an active-passive-only one or with one region, and affinity without active-active", () => {
            const lb = (overrides: Record<string, unknown>) => cdnSchema.parse({ zoneId: "2d7c9e1b4a6f8d0c3e5b7a9f1c2d4e6a", domain: "example.com", hostnames: ["api", "app"], loadBalancing: { accountId: "a".repeat(32), ...overrides } }).loadBalancing!;
            const two = ["us-east-1", "us-west-2"];
            const keys = (config: ReturnType<typeof lb>, regions = two, balanced = ["api", "app"]) => steeringProblems(config, balanced, regions).map((p) => `${p.path.join(".")}: ${p.message}`);
            assert.deepStrictEqual(keys(lb({ steering: { app: "geo", api: "off" }, activePassiveOnly: ["api"], sessionAffinity: "cookie" })), []);
            assert.deepStrictEqual(keys(lb({ steering: { api: "off" }, activePassiveOnly: ["api"] })), []);
            assert.match(keys(lb({ steering: { app: "geo" } }), two, ["api"])[0], /^cdn\.loadBalancing\.steering\.app: "app" is not a load-balanced hostname/);
            assert.match(keys(lb({ steering: { api: "dynamic_latency" }, activePassiveOnly: ["api"] }))[0], /steering\.api: dynamic_latency is active-active, but "api" is in activePassiveOnly; expected "off"/);
            assert.match(keys(lb({ steering: { app: "geo" } }), ["us-east-1"])[0], /steering\.app: geo spreads traffic over regions, but only 1 region serves \(us-east-1\)/);
            assert.match(keys(lb({ steering: { app: "geo" } }), ["us-east-1", "us-iso-east-1"])[0], /us-iso-east-1 has none in AWS_REGION_LOCATIONS/);
            assert.deepStrictEqual(keys(lb({ steering: { app: "dynamic_latency" } }), ["us-east-1", "us-iso-east-1"]), []);
            assert.match(keys(lb({ activePassiveOnly: ["www"] }))[0], /^cdn\.loadBalancing\.activePassiveOnly\.0: "www" is not a load-balanced hostname/);
            assert.match(keys(lb({ sessionAffinity: "cookie", steering: { app: "off" } }))[0], /^cdn\.loadBalancing\.sessionAffinity: cookie applies to active-active hostnames/);
        });

        it("prod: app and assets active-active by geo with cookie affinity, api active-passive and protected from steering", () => {
            const lb = stackConfig("prod").cdn.loadBalancing;
            assert.deepStrictEqual([lb.steering, lb.activePassiveOnly, lb.sessionAffinity], [{ app: "geo", assets: "geo" }, ["api"], "cookie"]);
            const prod = stackConfig("prod");
            assertConfigProblem(withSection(prod, "cdn", { loadBalancing: { ...lb, steering: { ...lb.steering, api: "geo" } } }), "platform:cdn.loadBalancing.steering.api", /geo is active-active, but "api" is in activePassiveOnly/);
            assertConfigProblem(withSection(stackConfig("prod"), "cdn", { loadBalancing: { ...lb, steering: { app: "random" } } }), "platform:cdn.loadBalancing.steering.app", /"off"\|"geo"\|"dynamic_latency"/);
        });
    });

    it("every origin certificate validity the config accepts passes the policy pack's cloudflare-origin-certificate-validity", async () => {
        for (const days of ORIGIN_CA_VALIDITY_DAYS) {
            const args = resourceArgs(ORIGIN_CA_CERTIFICATE, { csr: "x", hostnames: ["api.example.com"], requestType: "origin-ecc", requestedValidity: days });
            assert.deepStrictEqual(await violationsOf(cloudflareOriginCertificateValidity, args), [], `${days} days`);
        }
    });

    it("the origin certificate covers exactly the served names, with an Origin CA request type matching its key", () => {
        assert.deepStrictEqual(originCertificateHostnames(["@", "api", "eu.api"], "example.com"), ["example.com", "api.example.com", "eu.api.example.com"]);
        assert.deepStrictEqual(originKeySpec("ecdsa"), { requestType: "origin-ecc", key: { algorithm: "ECDSA", ecdsaCurve: "P256" } });
        assert.deepStrictEqual(originKeySpec("rsa"), { requestType: "origin-rsa", key: { algorithm: "RSA", rsaBits: 2048 } });
    });

    describe("WAF and rate limit rules, evaluated against sample requests", () => {
        const hosts = ["api.example.com", "app.example.com", "assets.example.com"];
        const executed = (rules: any[], request: EdgeRequest) => rules.filter((r) => r.enabled && matches(r.expression, request)).map((r) => r.actionParameters.id);

        it("the managed WAF runs on every platform hostname and on no other name of the zone", () => {
            const rules = wafManagedRules("pro", { owaspCoreRuleset: false, owaspAction: "log" }, hosts) as any[];
            for (const host of hosts) {
                assert.deepStrictEqual(executed(rules, { host, path: "/anything" }), [MANAGED_RULESETS.cloudflareManaged], host);
            }
            assert.deepStrictEqual(executed(rules, { host: "API.example.com", path: "/" }), [MANAGED_RULESETS.cloudflareManaged], "hosts match case-insensitively");
            assert.deepStrictEqual(executed(rules, { host: "www.example.com", path: "/" }), []);
        });

        it("the plan picks the ruleset: Free Managed on free, Cloudflare Managed from pro; OWASP only when asked for, and never on free", () => {
            assert.deepStrictEqual(executed(wafManagedRules("free", { owaspCoreRuleset: false, owaspAction: "log" }, hosts) as any[], { host: hosts[0], path: "/" }), [MANAGED_RULESETS.cloudflareFreeManaged]);
            const owasp = wafManagedRules("business", { owaspCoreRuleset: true, owaspAction: "block" }, hosts) as any[];
            assert.deepStrictEqual(executed(owasp, { host: hosts[1], path: "/" }), [MANAGED_RULESETS.cloudflareManaged, MANAGED_RULESETS.owaspCore]);
            assert.deepStrictEqual(owasp[1].actionParameters.overrides, { rules: [{ id: OWASP_ANOMALY_SCORE_RULE, action: "block" }] });
            assert.ok(owasp.every((r) => r.action === "execute"));
            assert.throws(() => wafManagedRules("free", { owaspCoreRuleset: true, owaspAction: "log" }, hosts), /needs Cloudflare plan pro or higher \(found free\)/);
        });

        it("the rate limit counts per data center and client IP, on the API host only", () => {
            const [rule] = rateLimitRules(["api.example.com"], { requestsPerPeriod: 100, periodSeconds: 60, mitigationTimeoutSeconds: 600, action: "block" }) as any[];
            assert.ok(matches(rule.expression, { host: "api.example.com", path: "/v1/users" }));
            assert.ok(!matches(rule.expression, { host: "assets.example.com", path: "/assets/app.js" }), "static assets are not limited");
            assert.ok(!matches(rule.expression, { host: "app.example.com", path: "/" }));
            assert.deepStrictEqual(rule.ratelimit, { characteristics: ["cf.colo.id", "ip.src"], period: 60, requestsPerPeriod: 100, mitigationTimeout: 600 });
            assert.deepStrictEqual([rule.action, rule.enabled], ["block", true]);
        });
    });

    it("schema defaults: api/app/assets, api never cached, one-year HSTS without subdomains or preload, DNSSEC on", () => {
        const cdn = baseCdn();
        assert.deepStrictEqual(cdn.hostnames, ["api", "app", "assets"]);
        assert.deepStrictEqual(cdn.apiHostnames, ["api"]);
        assert.deepStrictEqual(cdn.hsts, HSTS_OFF);
        assert.deepStrictEqual(cdn.assetCache, { extensions: DEFAULT_ASSET_EXTENSIONS, edgeTtlSeconds: 604800, browserTtlSeconds: 14400 });
        assert.strictEqual(cdn.dnssec, true);
        assert.deepStrictEqual(cdnProblems({ cdn, regions: ONE_REGION }), []);
        assert.deepStrictEqual(cdnProblems({ regions: ONE_REGION }), [], "no cdn section, nothing to check");
    });
});

describe("cdn: synthesized stacks", () => {
    for (const stack of STACKS) {
        const expected = EXPECTED[stack];

        describe(stack, () => {
            it("uses one explicit Cloudflare provider without credentials in its inputs, for every Cloudflare resource", async () => {
                const result = await synthesizeStack(stack);
                const provider = single(result, PROVIDER);
                assert.deepStrictEqual(Object.keys(provider.inputs).filter((k) => /token|key|email/i.test(k)), []);
                const cloudflareResources = result.resources.filter((r) => r.type.startsWith("cloudflare:"));
                assert.ok(cloudflareResources.length >= 12, `only ${cloudflareResources.length} Cloudflare resources`);
                for (const resource of cloudflareResources) {
                    assert.ok(resource.provider?.startsWith(`${provider.urn}::`), `${resource.name} uses provider ${resource.provider}`);
                    const parents = [single(result, COMPONENT).urn, single(result, ORIGIN_CERTIFICATE).urn];
                    assert.ok(parents.includes(resource.parent!), `${resource.name} is not a child of the cdn or origin certificate component`);
                }
            });

            it(`manages every zone setting with its value (HSTS max age ${expected.hstsMaxAge})`, async () => {
                const result = await synthesizeStack(stack);
                assert.deepStrictEqual(settingsById(result), {
                    ssl: "strict",
                    min_tls_version: "1.2",
                    tls_1_3: "on",
                    always_use_https: "on",
                    automatic_https_rewrites: "on",
                    opportunistic_encryption: "on",
                    browser_check: "on",
                    security_header: {
                        strict_transport_security: { enabled: true, max_age: expected.hstsMaxAge, include_subdomains: false, preload: false, nosniff: true },
                    },
                });
            });

            it("manages the configured existing zone and creates none", async () => {
                const result = await synthesizeStack(stack);
                const dependents = [...ofType(result, ZONE_SETTING), ...ofType(result, DNS_RECORD), ...ofType(result, RULESET), ...ofType(result, ZONE_DNSSEC)];
                assert.strictEqual(ofType(result, ZONE).length, 0);
                assert.ok(dependents.length >= 12);
                for (const r of dependents) {
                    assert.strictEqual(r.inputs.zoneId, expected.existingZoneId, r.name);
                }
                assert.strictEqual(result.outputs.cdn.zoneId, expected.existingZoneId);
                assert.strictEqual(result.outputs.cdn.nameServers, undefined);
            });

            it("serves each hostname from a region's gateway: a proxied CNAME to it, or a load balancer over every region's, after TLS, WAF and cache rules", async () => {
                const result = await synthesizeStack(stack);
                const records = ofType(result, DNS_RECORD);
                const balancers = ofType(result, LOAD_BALANCER);
                const prerequisites = [...ofType(result, ZONE_SETTING), ...ofType(result, RULESET)].map((r) => r.urn);
                const fqdn = (label: string) => `${label}.${expected.domain}`;
                assert.deepStrictEqual(
                    records.map((r) => r.inputs.name),
                    ["api", "app", "assets"].filter((l) => !expected.loadBalanced.includes(l)).map(fqdn),
                );
                assert.deepStrictEqual(
                    balancers.map((r) => r.inputs.name),
                    expected.loadBalanced.map(fqdn),
                );
                const primary = stackConfig(stack).regions.find((r: any) => r.role === "primary").name;
                for (const record of records) {
                    assert.deepStrictEqual([record.inputs.type, record.inputs.proxied, record.inputs.ttl], ["CNAME", true, 1]);
                    assert.strictEqual(record.inputs.content, gatewayOf(result, primary), `${record.name} is not proxied to the primary's gateway`);
                }
                for (const resource of [...records, ...balancers]) {
                    for (const urn of prerequisites) {
                        assert.ok(resource.options.dependsOn.includes(urn), `${resource.name} does not wait for ${urn}`);
                    }
                }
                assert.deepStrictEqual(result.outputs.cdn.hostnames, ["api", "app", "assets"].map(fqdn));
                assert.deepStrictEqual(result.outputs.cdn.loadBalancedHostnames, expected.loadBalanced.map(fqdn));
            });

            it(`executes the managed WAF for plan ${expected.plan} on the served hostnames, and rate-limits the API where the plan allows`, async () => {
                const result = await synthesizeStack(stack);
                const rulesets = ofType(result, RULESET);
                const waf = rulesets.find((r) => r.inputs.phase === "http_request_firewall_managed")!;
                const api = { host: `api.${expected.domain}`, path: "/v1/users" };
                const asset = { host: `assets.${expected.domain}`, path: "/assets/app.js" };
                const executedFor = (request: EdgeRequest) => waf.inputs.rules.filter((r: any) => matches(r.expression, request)).map((r: any) => r.actionParameters.id);
                const managed = expected.plan === "free" ? MANAGED_RULESETS.cloudflareFreeManaged : MANAGED_RULESETS.cloudflareManaged;
                assert.strictEqual(executedFor(api)[0], managed);
                assert.strictEqual(executedFor(asset)[0], managed);
                assert.deepStrictEqual(executedFor({ host: `www.${expected.domain}`, path: "/" }), []);
                const rateLimit = rulesets.find((r) => r.inputs.phase === "http_ratelimit");
                if (expected.plan === "free") {
                    assert.strictEqual(rateLimit, undefined, "the Free plan's rule cannot match the API host");
                } else {
                    assert.ok(rateLimit, "no http_ratelimit ruleset");
                    assert.ok(matches(rateLimit.inputs.rules[0].expression, api));
                    assert.ok(!matches(rateLimit.inputs.rules[0].expression, asset));
                }
            });

            it("issues one Origin CA certificate for exactly the served hostnames, from a CSR of a key kept secret, with tiered caching on", async () => {
                const result = await synthesizeStack(stack);
                const certificate = single(result, ORIGIN_CA_CERTIFICATE);
                assert.deepStrictEqual(certificate.inputs.hostnames, result.outputs.cdn.hostnames);
                assert.deepStrictEqual([certificate.inputs.requestType, certificate.inputs.requestedValidity], ["origin-ecc", 365]);
                assert.match(certificate.inputs.csr, /^-----BEGIN CERTIFICATE REQUEST-----\n/);
                assert.deepStrictEqual(single(result, "tls:index/certRequest:CertRequest").inputs.dnsNames, result.outputs.cdn.hostnames);
                assert.ok(Date.parse(result.outputs.cdn.originCertificateExpiresOn) > Date.now() + 300 * 86400000, result.outputs.cdn.originCertificateExpiresOn);
                assert.deepStrictEqual(
                    ["cloudflare:index/argoTieredCaching:ArgoTieredCaching", "cloudflare:index/tieredCache:TieredCache"].map((t) => single(result, t).inputs.value),
                    ["on", "on"],
                );
            });

            it("has one zone cache ruleset: assets cached with the stack's TTLs, the API and authenticated requests never", async () => {
                const result = await synthesizeStack(stack);
                const ruleset = single(result, RULESET, "-cache-rules");
                assert.strictEqual(ruleset.inputs.kind, "zone");
                assert.strictEqual(ruleset.inputs.phase, "http_request_cache_settings");
                const rules = ruleset.inputs.rules;
                const domain = expected.domain;
                const cached = { cache: true, edgeTtl: expected.edgeTtl, browserTtl: expected.browserTtl };
                assert.deepStrictEqual(decision(rules, { host: `app.${domain}`, path: "/assets/app.js" }), cached);
                assert.deepStrictEqual(decision(rules, { host: `assets.${domain}`, path: "/img/logo.png" }), cached);
                assert.deepStrictEqual(decision(rules, { host: `app.${domain}`, path: "/api/x" }), { cache: false });
                assert.deepStrictEqual(decision(rules, { host: `api.${domain}`, path: "/v1/users" }), { cache: false });
                assert.deepStrictEqual(decision(rules, { host: `assets.${domain}`, path: "/assets/app.js", headers: { Authorization: "Bearer t" } }), { cache: false });
                assert.strictEqual(decision(rules, { host: `www.${domain}`, path: "/assets/app.js" }).cache, undefined, "another name in the zone");
            });

            it("signs the zone with DNSSEC and exports the DS record for the registrar", async () => {
                const result = await synthesizeStack(stack);
                const dnssec = single(result, ZONE_DNSSEC);
                assert.strictEqual(dnssec.inputs.status, "active");
                assert.match(result.outputs.cdn.dnssecDs, /^\d+ 13 2 [0-9A-F]{64}$/);
                assert.strictEqual(dnssec.options.protect, stack !== "dev", "protected exactly where protectStatefulResources is on");
            });

            it("passes the policy pack's Cloudflare rules and the zone-settings stack rule with zero violations", async () => {
                const result = await synthesizeStack(stack);
                const violations = await cloudflareViolations(stack, result.resources);
                assert.deepStrictEqual(
                    violations.map((v) => `${v.policy}: ${v.message}`),
                    [],
                );
            });
        });
    }

    it("each stack file names a zone of its own (one zone's settings and cache entry point cannot serve two stacks)", () => {
        const zoneIds = STACKS.map((stack) => stackConfig(stack).cdn.zoneId);
        assert.strictEqual(new Set(zoneIds).size, STACKS.length, JSON.stringify(zoneIds));
    });

    it("prod: one zone; a pool per region with that region's gateway, primary first, health-checked over HTTPS; one load balancer per hostname", async () => {
        const result = await synthesizeStack("prod");
        assert.strictEqual(ofType(result, COMPONENT).length, 1);
        assert.strictEqual(ofType(result, DNS_RECORD).length, 0, "load balancers replace the records");
        const monitor = single(result, LB_MONITOR);
        assert.deepStrictEqual(
            [monitor.inputs.type, monitor.inputs.path, monitor.inputs.allowInsecure, monitor.inputs.header],
            ["https", "/health", false, { Host: ["api.example.com"] }],
        );
        const pools = ofType(result, LB_POOL);
        assert.deepStrictEqual(
            pools.map((p) => [p.inputs.name, p.inputs.origins.map((o: any) => o.address), p.inputs.enabled]),
            [
                ["platform-prod-us-east-1", [gatewayOf(result, "us-east-1")], true],
                ["platform-prod-us-west-2", [gatewayOf(result, "us-west-2")], true],
            ],
        );
        for (const pool of pools) {
            assert.deepStrictEqual(pool.propertyDependencies.monitor, [monitor.urn], `${pool.name} is not checked by the monitor`);
        }
        for (const lb of ofType(result, LOAD_BALANCER)) {
            assert.deepStrictEqual(lb.propertyDependencies.defaultPools, pools.map((p) => p.urn));
            assert.strictEqual(lb.inputs.defaultPools.length, 2);
            assert.strictEqual(lb.inputs.fallbackPool, lb.inputs.defaultPools[1], "the secondary is the fallback");
            assert.strictEqual(lb.inputs.proxied, true);
        }
        const byHost = (host: string) => ofType(result, LOAD_BALANCER).find((lb) => lb.inputs.name === host)!;
        // Default pools are in failover order (asserted above through their URNs): us-east-1's id, then us-west-2's.
        const [use1Pool, usw2Pool] = byHost("api.example.com").inputs.defaultPools;
        const poolIdOf = (region: string) => (region === "us-east-1" ? use1Pool : usw2Pool);
        // api: active-passive, everything to us-east-1 while it is healthy.
        assert.deepStrictEqual([byHost("api.example.com").inputs.steeringPolicy, byHost("api.example.com").inputs.sessionAffinity, byHost("api.example.com").inputs.regionPools], ["off", "none", undefined]);
        // app and assets: active-active, western North America to us-west-2's gateway, the east and Europe to us-east-1's.
        for (const host of ["app.example.com", "assets.example.com"]) {
            const lb = byHost(host);
            assert.deepStrictEqual([lb.inputs.steeringPolicy, lb.inputs.sessionAffinity], ["geo", "cookie"], host);
            assert.deepStrictEqual(lb.inputs.regionPools.WNAM, [poolIdOf("us-west-2"), poolIdOf("us-east-1")], host);
            assert.deepStrictEqual(lb.inputs.regionPools.ENAM, [poolIdOf("us-east-1"), poolIdOf("us-west-2")], host);
            assert.deepStrictEqual(lb.inputs.regionPools.WEU, [poolIdOf("us-east-1"), poolIdOf("us-west-2")], host);
        }
    });

    it("a hostname served by the secondary region points at the secondary's gateway; a disabled region's pool takes no traffic", async () => {
        const prod = stackConfig("prod");
        const withRecords = await synthesizeStack("prod", {
            cdn: {
                ...prod.cdn,
                servingRegions: { assets: "us-west-2" },
                loadBalancing: { ...prod.cdn.loadBalancing, hostnames: ["api", "app"], steering: { app: "geo" }, disabledRegions: ["us-east-1"] },
                authenticatedOriginPulls: true,
                tieredCache: false,
            },
        });
        assert.deepStrictEqual(
            ofType(withRecords, DNS_RECORD).map((r) => [r.inputs.name, r.inputs.content]),
            [["assets.example.com", gatewayOf(withRecords, "us-west-2")]],
        );
        assert.deepStrictEqual(
            ofType(withRecords, LB_POOL).map((p) => [p.inputs.name, p.inputs.enabled]),
            [
                ["platform-prod-us-east-1", false],
                ["platform-prod-us-west-2", true],
            ],
        );
        assert.deepStrictEqual(withRecords.outputs.cdn.servingRegions, { "assets.example.com": "us-west-2" });
        // Zone-level Authenticated Origin Pulls is in force before traffic arrives; tiered caching can be turned off.
        const pulls = single(withRecords, "cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings");
        assert.deepStrictEqual([pulls.inputs.zoneId, pulls.inputs.enabled], ["2d7c9e1b4a6f8d0c3e5b7a9f1c2d4e6a", true]);
        assert.ok(single(withRecords, DNS_RECORD).options.dependsOn.includes(pulls.urn));
        assert.strictEqual(ofType(withRecords, "cloudflare:index/tieredCache:TieredCache").length, 0);
    });

    it("the offline mocks answer the certificate chain like the providers: PEM key and CSR, a PEM certificate, expiry = validity from today; 32-hex pool ids", async () => {
        const result = await synthesizeStack("prod");
        const key = single(result, "tls:index/privateKey:PrivateKey");
        assert.match(revealSecrets(key.outputs!.privateKeyPem), /^-----BEGIN EC PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END EC PRIVATE KEY-----\n$/);
        assert.match(key.outputs!.publicKeyPem, /^-----BEGIN PUBLIC KEY-----\n/);
        const csr = single(result, "tls:index/certRequest:CertRequest");
        assert.strictEqual(maskSecrets(csr.inputs.privateKeyPem), SECRET_MASK, "the key reaches the CSR as a secret");
        assert.strictEqual(revealSecrets(csr.inputs.privateKeyPem), revealSecrets(key.outputs!.privateKeyPem), "the CSR is signed by the stack's key");
        assert.deepStrictEqual(csr.propertyDependencies.privateKeyPem, [key.urn]);
        const certificate = single(result, ORIGIN_CA_CERTIFICATE);
        assert.deepStrictEqual(certificate.propertyDependencies.csr, [csr.urn]);
        assert.match(certificate.outputs!.certificate, /^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
        const today = new Date();
        const issued = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
        assert.strictEqual(certificate.outputs!.expiresOn, new Date(issued + 365 * 86400000).toISOString().replace(/\.000Z$/, "Z"));
        assert.strictEqual(result.outputs.cdn.originCertificateExpiresOn, certificate.outputs!.expiresOn);
        // Pool ids reach the load balancers as Cloudflare's 32-hex identifiers.
        for (const lb of ofType(result, LOAD_BALANCER)) {
            assert.ok(lb.inputs.defaultPools.every((id: string) => /^[0-9a-f]{32}$/.test(id)), JSON.stringify(lb.inputs.defaultPools));
        }
    });

    it("the README's import command for an existing cache entry point names prod's ruleset, its parent and its provider", async () => {
        const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
        const command = /pulumi import '([^']+)' (\S+) '([^']+)' \\\s+--parent '[^=]+=([^']+)' \\\s+--provider '[^=]+=([^']+)'/.exec(readme);
        assert.ok(command, "no pulumi import command for the ruleset in README.md");
        const [, type, name, id, parentUrn, providerUrn] = command;
        const result = await synthesizeStack("prod");
        const ruleset = single(result, RULESET, "-cache-rules");
        // Pulumi's mock runtime qualifies top-level types with the root stack's type; the engine's URNs leave it out.
        const engineUrn = (urn: string | undefined) => urn?.replace("::pulumi:pulumi:Stack$", "::");
        assert.deepStrictEqual([type, name, parentUrn], [RULESET, ruleset.name, engineUrn(ruleset.parent)]);
        assert.strictEqual(providerUrn, engineUrn(ruleset.provider?.replace(/::[^:]+$/, "")));
        // The import id format the provider documents for rulesets.
        const typings = fs.readFileSync(require.resolve("@pulumi/cloudflare/ruleset.d.ts"), "utf8");
        assert.ok(typings.includes("'<{accounts|zones}/{account_id|zone_id}>/<ruleset_id>'"), "the provider's documented import id changed");
        assert.strictEqual(id, "zones/<zone_id>/<ruleset_id>");
    });

    it("a created zone: every setting, record, ruleset and DNSSEC points at it; name servers exported; unprotected in dev", async () => {
        const result = await synthesizeStack("dev", { cdn: creatingZone("dev") });
        const zone = single(result, ZONE);
        assert.deepStrictEqual([zone.inputs.name, zone.inputs.account, zone.inputs.type], ["dev.example.com", { id: ACCOUNT_ID }, "full"]);
        const dependents = [...ofType(result, ZONE_SETTING), ...ofType(result, DNS_RECORD), ...ofType(result, RULESET), ...ofType(result, ZONE_DNSSEC)];
        assert.ok(dependents.length >= 12);
        for (const r of dependents) {
            assert.deepStrictEqual(r.propertyDependencies.zoneId, [zone.urn], `${r.name}.zoneId does not come from the zone`);
        }
        assert.deepStrictEqual(result.outputs.cdn.nameServers, ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"]);
        assert.deepStrictEqual([zone.options.protect, zone.options.retainOnDelete], [false, false]);
        assert.deepStrictEqual(await cloudflareViolations("dev", result.resources), []);
    });

    it("a created zone is protected and retained where protectStatefulResources is on, and may send includeSubDomains unacknowledged", async () => {
        // staging (protected) creating its zone instead of using the existing one, with an apex record.
        const hsts = { maxAgeSeconds: ONE_YEAR, includeSubdomains: true, preload: true };
        const staging = await synthesizeStack("staging", { cdn: creatingZone("staging", { hostnames: ["@", "www", "api"], hsts }) });
        const zone = single(staging, ZONE);
        assert.deepStrictEqual([zone.options.protect, zone.options.retainOnDelete], [true, true]);
        assert.strictEqual(single(staging, ZONE_DNSSEC).options.protect, true);
        // The apex record is the domain itself, named after it in the resource name.
        assert.deepStrictEqual(
            ofType(staging, DNS_RECORD).map((r) => [r.name, r.inputs.name]),
            [
                ["staging-cdn-record-apex", "staging.example.com"],
                ["staging-cdn-record-www", "www.staging.example.com"],
                ["staging-cdn-record-api", "api.staging.example.com"],
            ],
        );
        assert.deepStrictEqual(settingsById(staging).security_header, {
            strict_transport_security: { enabled: true, max_age: ONE_YEAR, include_subdomains: true, preload: true, nosniff: true },
        });
        assert.deepStrictEqual(await cloudflareViolations("staging", staging.resources), []);
    });

    describe("the pack agrees with the module: breaking a synthesized resource makes the rule fire", () => {
        it("an HSTS max age below 180 days fails cloudflare-hsts", async () => {
            const result = await synthesizeStack("prod");
            const resources = result.resources.map((r) =>
                r.type === ZONE_SETTING && r.inputs.settingId === "security_header"
                    ? { ...r, inputs: { ...r.inputs, value: hstsSecurityHeader({ ...HSTS_OFF, maxAgeSeconds: 86400 }) } }
                    : r,
            );
            const violations = await cloudflareViolations("prod", resources);
            assert.deepStrictEqual(
                violations.map((v) => v.policy),
                ["cloudflare-hsts"],
            );
        });

        it("a created zone without its security_header setting fails stack-cloudflare-zone-settings", async () => {
            const result = await synthesizeStack("dev", { cdn: creatingZone("dev") });
            const resources = result.resources.filter((r) => !(r.type === ZONE_SETTING && r.inputs.settingId === "security_header"));
            const violations = await cloudflareViolations("dev", resources);
            assert.deepStrictEqual(
                violations.map((v) => v.policy),
                ["stack-cloudflare-zone-settings"],
            );
            assert.match(violations[0].message, /must manage zone settings security_header/);
        });

        it("a stack whose policy config requires includeSubdomains fails cloudflare-hsts on the default (off)", async () => {
            const result = await synthesizeStack("prod");
            const config = policyConfig("prod");
            const violations = await evaluatePolicies(result.resources, {
                stack: "prod",
                config: { ...config, "cloudflare-hsts": { ...config["cloudflare-hsts"], requireIncludeSubdomains: true } },
                policies: [...cloudflareRules, stackCloudflareZoneSettings],
            });
            assert.deepStrictEqual(
                violations.map((v) => [v.policy, v.message]),
                [["cloudflare-hsts", "value.strict_transport_security.include_subdomains must be true (found: false)"]],
            );
        });

        it("a zone without its managed WAF ruleset fails stack-cloudflare-waf-managed; a pool without its monitor fails cloudflare-load-balancer-pool-monitored", async () => {
            const result = await synthesizeStack("prod");
            const withoutWaf = result.resources.filter((r) => !(r.type === RULESET && r.inputs.phase === "http_request_firewall_managed"));
            assert.deepStrictEqual(
                (await cloudflareViolations("prod", withoutWaf)).map((v) => v.policy),
                ["stack-cloudflare-waf-managed"],
            );
            const unmonitored = result.resources.map((r) => (r.type === LB_POOL ? { ...r, inputs: { ...r.inputs, monitor: undefined } } : r));
            assert.deepStrictEqual(
                (await cloudflareViolations("prod", unmonitored)).map((v) => v.policy),
                ["cloudflare-load-balancer-pool-monitored", "cloudflare-load-balancer-pool-monitored"],
            );
        });

        it("a DNS-only record fails cloudflare-dns-record-proxied", async () => {
            const result = await synthesizeStack("staging");
            const resources = result.resources.map((r) => (r.type === DNS_RECORD && r.inputs.name.startsWith("app.") ? { ...r, inputs: { ...r.inputs, proxied: false } } : r));
            const violations = await cloudflareViolations("staging", resources);
            assert.deepStrictEqual(
                violations.map((v) => v.policy),
                ["cloudflare-dns-record-proxied"],
            );
        });
    });
});

describe("cdn: bad config is rejected with the key named", () => {
    const dev = () => stackConfig("dev");
    const prod = () => stackConfig("prod");
    /** dev creating its zone dev.example.com in ACCOUNT_ID instead of using its existing one. */
    const devCreating = (patch: Record<string, unknown> = {}) => ({ ...dev(), cdn: creatingZone("dev", patch) });

    it("both an existing zoneId and a zone to create", () => {
        assertConfigProblem(withSection(dev(), "cdn", { accountId: ACCOUNT_ID, zoneName: "dev.example.com" }), "platform:cdn.zoneName", /either zoneId .* or accountId and zoneName .*, not both/);
    });

    it("neither a zoneId nor a zoneName", () => {
        const { zoneId: _zoneId, ...cdn } = dev().cdn;
        assertConfigProblem({ ...dev(), cdn }, "platform:cdn.zoneId", /required: set zoneId .* \(found neither\)/);
    });

    it("a zone to create without its account, and an account next to an existing zone", () => {
        const { accountId: _accountId, ...cdn } = creatingZone("dev");
        assertConfigProblem({ ...dev(), cdn }, "platform:cdn.accountId", /required to create zone dev\.example\.com/);
        assertConfigProblem(withSection(prod(), "cdn", { accountId: ACCOUNT_ID }), "platform:cdn.accountId", /only applies to a zone created from zoneName/);
    });

    it("an existing zone without the domain its records live under, and a domain outside the created zone", () => {
        const { domain: _domain, ...cdn } = prod().cdn;
        assertConfigProblem({ ...prod(), cdn }, "platform:cdn.domain", /required with zoneId/);
        assertConfigProblem(devCreating({ domain: "dev.example.org" }), "platform:cdn.domain", /dev\.example\.org is not inside zone dev\.example\.com/);
    });

    it("includeSubDomains on an existing zone without the acknowledgement that every name under it serves HTTPS", () => {
        const hsts = { ...prod().cdn.hsts, includeSubdomains: true };
        assertConfigProblem(
            withSection(prod(), "cdn", { hsts }),
            "platform:cdn.hsts.includeSubdomains",
            /zone 2d7c9e1b4a6f8d0c3e5b7a9f1c2d4e6a already exists .* pins every name under its proxied hostnames to HTTPS .* Set hsts\.acknowledgeExistingZone/,
        );
        // Preload needs includeSubDomains, so it cannot slip past the acknowledgement on its own.
        assertConfigProblem(withSection(prod(), "cdn", { hsts: { ...hsts, includeSubdomains: false, preload: true } }), "platform:cdn.hsts.preload", /requires includeSubdomains \(found false\)/);
        assertConfigProblem(withSection(prod(), "cdn", { hsts: { ...hsts, preload: true } }), "platform:cdn.hsts.includeSubdomains", /acknowledgeExistingZone/);
    });

    it("includeSubDomains and preload on an existing zone once acknowledged, and on a created zone without", () => {
        const hsts = { maxAgeSeconds: ONE_YEAR, includeSubdomains: true, preload: true };
        assert.deepStrictEqual(validateConfig(withSection(prod(), "cdn", { hsts: { ...hsts, acknowledgeExistingZone: true } })).cdn?.hsts, { ...hsts, acknowledgeExistingZone: true });
        assert.deepStrictEqual(validateConfig(devCreating({ hsts })).cdn?.hsts, { ...hsts, acknowledgeExistingZone: false });
    });

    it("the acknowledgement on a created zone, where it means nothing", () => {
        assertConfigProblem(devCreating({ hsts: { acknowledgeExistingZone: true } }), "platform:cdn.hsts.acknowledgeExistingZone", /only applies to an existing zone \(zoneId\)/);
    });

    it("a malformed zone id", () => {
        assertConfigProblem(withSection(prod(), "cdn", { zoneId: "not-a-zone" }), "platform:cdn.zoneId", /32-character .*hexadecimal Cloudflare id \(found "not-a-zone"\)/);
    });

    it("a minimum TLS version: not configurable at all, so the key itself is refused", () => {
        assertConfigProblem(withSection(prod(), "cdn", { minTlsVersion: "1.0" }), "platform:cdn.minTlsVersion", /unknown key \(found "1\.0"\)/);
    });

    it("an HSTS max age below 180 days, and preload without a year", () => {
        assertConfigProblem(withSection(prod(), "cdn", { hsts: { maxAgeSeconds: 86400 } }), "platform:cdn.hsts.maxAgeSeconds", /at least 15552000 seconds \(180 days\) \(found 86400\)/);
        assertConfigProblem(withSection(dev(), "cdn", { hsts: { maxAgeSeconds: HALF_YEAR, preload: true } }), "platform:cdn.hsts.preload", /at least 31536000 \(found 15552000\)/);
    });

    it("a hostname served by a region the stack does not have, or a hostname it does not serve", () => {
        assertConfigProblem(withSection(dev(), "cdn", { servingRegions: { api: "eu-west-1" } }), "platform:cdn.servingRegions.api", /eu-west-1 is not a configured region; expected one of us-east-1/);
        assertConfigProblem(withSection(dev(), "cdn", { servingRegions: { www: "us-east-1" } }), "platform:cdn.servingRegions.www", /"www" is not one of hostnames/);
        assertConfigProblem(withSection(dev(), "cdn", { servingRegions: { api: "useast1" } }), "platform:cdn.servingRegions.api", /expected an AWS region name/);
    });

    it("the old originHostnames key is refused: origins are the gateways' outputs, not names in config", () => {
        assertConfigProblem(withSection(dev(), "cdn", { originHostnames: { "us-east-1": "gw.example.net" } }), "platform:cdn.originHostnames", /unknown key/);
    });

    it("paid features on the Free plan: refused with the key and the plan named, and nothing registered", async () => {
        const free = (patch: Record<string, unknown>) => ({ cdn: { ...stackConfig("staging").cdn, plan: "free", ...patch } });
        const refused = async (overrides: Record<string, unknown>, key: string, message: RegExp) =>
            assert.rejects(synthesizeStack("staging", overrides), (error: unknown) => {
                assert.ok(error instanceof ConfigError, String(error));
                const problem = error.problems.find((p) => p.key === key);
                assert.ok(problem, `no problem for ${key}: ${JSON.stringify(error.problems)}`);
                assert.match(problem.message, message);
                return true;
            });
        await refused(free({ rateLimit: undefined }), "platform:cdn.waf.owaspCoreRuleset", /OWASP Core Ruleset needs Cloudflare plan pro or higher \(found plan free\)/);
        await refused(free({ waf: { owaspCoreRuleset: false } }), "platform:cdn.rateLimit", /needs Cloudflare plan pro or higher \(found plan free\)/);
        assertConfigProblem(withSection(dev(), "cdn", { plan: "premium" }), "platform:cdn.plan", /free.*pro.*business.*enterprise/);
    });

    it("load balancing on a one-region stack, and an origin certificate validity Cloudflare does not issue", () => {
        assertConfigProblem(withSection(dev(), "cdn", { loadBalancing: { accountId: ACCOUNT_ID } }), "platform:cdn.loadBalancing", /needs two or more regions/);
        assertConfigProblem(withSection(dev(), "cdn", { originCertificate: { validityDays: 400 } }), "platform:cdn.originCertificate.validityDays", /expected one of 90, 365, 730, 1095 days/);
        assertConfigProblem(withSection(dev(), "cdn", { originCertificate: { validityDays: 5475 } }), "platform:cdn.originCertificate.validityDays", /expected one of 90, 365, 730, 1095 days/);
        assertConfigProblem(withSection(prod(), "cdn", { rateLimit: { requestsPerPeriod: 10, periodSeconds: 25 } }), "platform:cdn.rateLimit.periodSeconds", /expected one of Cloudflare's periods/);
    });

    it("hostnames: duplicates, upper case, and API-only hostnames that are not served", () => {
        assertConfigProblem(withSection(dev(), "cdn", { hostnames: ["api", "api"] }), "platform:cdn.hostnames[1]", /"api" is listed twice \(also hostnames\[0\]\)/);
        assertConfigProblem(withSection(dev(), "cdn", { hostnames: ["API"] }), "platform:cdn.hostnames[0]", /lower-case record label/);
        assertConfigProblem(withSection(dev(), "cdn", { apiHostnames: ["gateway"] }), "platform:cdn.apiHostnames[0]", /"gateway" is not one of hostnames/);
    });

    it("browsers keeping assets longer than the edge", () => {
        assertConfigProblem(
            withSection(dev(), "cdn", { assetCache: { edgeTtlSeconds: 3600, browserTtlSeconds: 7200 } }),
            "platform:cdn.assetCache.browserTtlSeconds",
            /7200 exceeds edgeTtlSeconds 3600/,
        );
    });

    it("an extension with its dot", () => {
        assertConfigProblem(withSection(dev(), "cdn", { assetCache: { extensions: [".css"] } }), "platform:cdn.assetCache.extensions[0]", /without the dot/);
    });
});
