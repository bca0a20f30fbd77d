/**
 * Cloudflare edge (components/cdn.ts, config/sections/cdn.ts): the pure rules (zone setting values, HSTS,
 * record names, cache rule expressions, the primary origin), the synthesized zone per environment (dev
 * creates its zone; staging and prod manage an existing one; prod has two regions and one zone), the
 * policy pack's Cloudflare rules run against those resources, and bad config rejected with the key named.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    API_PATH,
    ASSETS_PATH,
    cacheBypassExpression,
    cacheRules,
    hstsSecurityHeader,
    MIN_TLS_VERSION,
    primaryOriginHostname,
    recordResourceSuffix,
    staticAssetsExpression,
    zoneSettingValues,
} from "../../components/cdn/cdn";
import { cdnDomain, cdnProblems, cdnSchema, DEFAULT_ASSET_EXTENSIONS, isWithinDomain, recordName } from "../../config/sections/cdn";
import { PROJECT_ROOT } from "../../offline/synthesize";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { evaluatePolicies } from "../../policy/evaluate";
import { cloudflareRules } from "../../policy/rules/cloudflare";
import { stackCloudflareZoneSettings } from "../../policy/rules/stack/stackCloudflareZoneSettings";
import { assertConfigProblem, stackConfig, withSection } from "../datastores/support";
import { ofType, single, STACKS, synthesizeStack } from "../support/synthesis";

const PROVIDER = "pulumi:providers:cloudflare";
const COMPONENT = "platform:cdn:Cdn";
const ZONE = "cloudflare:index/zone:Zone";
const ZONE_SETTING = "cloudflare:index/zoneSetting:ZoneSetting";
const ZONE_DNSSEC = "cloudflare:index/zoneDnssec:ZoneDnssec";
const DNS_RECORD = "cloudflare:index/dnsRecord:DnsRecord";
const RULESET = "cloudflare:index/ruleset:Ruleset";

const HALF_YEAR = 15552000;
const ONE_YEAR = 31536000;

/** What each committed stack must produce: domain, zone, primary origin, HSTS max age, asset TTLs. */
const EXPECTED = {
    dev: {
        domain: "dev.example.com",
        existingZoneId: undefined,
        origin: "platform-dev-gateway-5e1f3a7c9b2d4e6f.elb.us-east-1.amazonaws.com",
        hstsMaxAge: HALF_YEAR,
        edgeTtl: 3600,
        browserTtl: 300,
    },
    staging: {
        domain: "staging.example.com",
        existingZoneId: "8b3e2f1a0c9d4e7f6a5b4c3d2e1f0a9b",
        origin: "platform-staging-gateway-7a2c4e6f8b1d3f5a.elb.us-east-1.amazonaws.com",
        hstsMaxAge: HALF_YEAR,
        edgeTtl: 86400,
        browserTtl: 3600,
    },
    prod: {
        domain: "example.com",
        existingZoneId: "2d7c9e1b4a6f8d0c3e5b7a9f1c2d4e6a",
        origin: "platform-prod-gateway-3c5e7a9b1d2f4a6c.elb.us-east-1.amazonaws.com",
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
        originHostnames: { "us-east-1": "gw.us-east-1.example.net" },
        ...patch,
    });

/** The decoded policy config the offline gate uses for `stack`. */
function policyConfig(stack: string): Record<string, any> {
    return JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "policy", `config.${stack}.json`), "utf8"));
}

async function cloudflareViolations(stack: string, resources: SynthesizedResource[]) {
    return evaluatePolicies(resources, { stack, config: policyConfig(stack), policies: [...cloudflareRules, stackCloudflareZoneSettings] });
}

function settingsById(result: SynthesisResult): Record<string, unknown> {
    return Object.fromEntries(ofType(result, ZONE_SETTING).map((s) => [s.inputs.settingId, s.inputs.value]));
}

describe("cdn: pure rules", () => {
    it("zone settings: strict TLS to the origin, TLS 1.2 minimum, 1.3 on, HTTPS only, HSTS, browser check", () => {
        assert.deepStrictEqual(zoneSettingValues({ maxAgeSeconds: ONE_YEAR, preload: true }), {
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

    it("the HSTS value uses the API's snake_case keys only (camelCase diffs forever) and always covers subdomains", () => {
        const value = hstsSecurityHeader({ maxAgeSeconds: HALF_YEAR, preload: false });
        assert.deepStrictEqual(Object.keys(value), ["strict_transport_security"]);
        assert.deepStrictEqual(Object.keys(value.strict_transport_security).sort(), ["enabled", "include_subdomains", "max_age", "nosniff", "preload"]);
        assert.strictEqual(value.strict_transport_security.max_age, HALF_YEAR);
        assert.strictEqual(value.strict_transport_security.include_subdomains, true);
        assert.strictEqual(value.strict_transport_security.preload, false);
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
        assert.strictEqual(cdnDomain(cdnSchema.parse({ accountId: "5c1f0a9e7d3b4a6e8f2c1d0b9a8e7f6d", zoneName: "dev.example.com", originHostnames: {} })), "dev.example.com");
        assert.throws(() => cdnDomain(cdnSchema.parse({ originHostnames: {} })), /needs domain/);
        assert.ok(isWithinDomain("dev.example.com", "example.com"));
        assert.ok(isWithinDomain("example.com", "example.com"));
        assert.ok(!isWithinDomain("badexample.com", "example.com"));
    });

    it("static assets: /assets/ or a listed extension, and only on the platform's hostnames", () => {
        assert.strictEqual(
            staticAssetsExpression(["app.example.com", "assets.example.com"], ["css", "js"]),
            '(http.host in {"app.example.com" "assets.example.com"}) and (starts_with(http.request.uri.path, "/assets/") or http.request.uri.path.extension in {"css" "js"})',
        );
        assert.strictEqual(ASSETS_PATH, "/assets/");
    });

    it("cache bypass: API-only hostnames, /api/ anywhere, and any request with an Authorization header", () => {
        assert.strictEqual(
            cacheBypassExpression(["api.example.com", "app.example.com"], ["api.example.com"]),
            '(http.host in {"api.example.com" "app.example.com"}) and (http.host in {"api.example.com"} or starts_with(http.request.uri.path, "/api/") or any(lower(http.request.headers.names[*])[*] eq "authorization"))',
        );
        // Without API-only hostnames the path and credential checks still apply.
        const withoutApiHosts = cacheBypassExpression(["app.example.com"], []);
        assert.ok(!withoutApiHosts.includes("http.host in {}"), withoutApiHosts);
        assert.match(withoutApiHosts, /starts_with\(http\.request\.uri\.path, "\/api\/"\) or any\(lower/);
        assert.strictEqual(API_PATH, "/api/");
    });

    it("cache rules: assets cached with the configured TTLs (errors never), then the bypass, which wins by coming last", () => {
        const rules = cacheRules(["app.example.com"], [], { extensions: ["css"], edgeTtlSeconds: 7200, browserTtlSeconds: 600 }) as any[];
        assert.deepStrictEqual(
            rules.map((r) => [r.ref, r.action, r.actionParameters.cache, r.enabled]),
            [
                ["platform_cache_static_assets", "set_cache_settings", true, true],
                ["platform_bypass_api_and_authenticated", "set_cache_settings", false, true],
            ],
        );
        assert.deepStrictEqual(rules[0].actionParameters.edgeTtl, {
            mode: "override_origin",
            default: 7200,
            statusCodeTtls: [{ statusCodeRange: { from: 400, to: 599 }, value: -1 }],
        });
        assert.deepStrictEqual(rules[0].actionParameters.browserTtl, { mode: "override_origin", default: 600 });
        assert.deepStrictEqual(Object.keys(rules[1].actionParameters), ["cache"]);
        for (const rule of rules) {
            const expression: string = rule.expression;
            assert.strictEqual(expression.split("(").length, expression.split(")").length, `unbalanced parentheses: ${expression}`);
            assert.strictEqual(expression.split('"').length % 2, 1, `unbalanced quotes: ${expression}`);
        }
    });

    it("the records point at the primary region's origin, whatever the order of regions", () => {
        const origins = { "us-east-1": "east.example.net", "us-west-2": "west.example.net" };
        assert.strictEqual(primaryOriginHostname(origins, TWO_REGIONS), "east.example.net");
        assert.strictEqual(
            primaryOriginHostname(origins, [
                { name: "us-west-2", role: "primary" },
                { name: "us-east-1", role: "secondary" },
            ]),
            "west.example.net",
        );
        assert.throws(() => primaryOriginHostname({ "us-west-2": "west.example.net" }, TWO_REGIONS), /no origin for the primary region us-east-1/);
    });

    it("schema defaults: api/app/assets, api never cached, one-year HSTS without preload, DNSSEC on", () => {
        const cdn = baseCdn();
        assert.deepStrictEqual(cdn.hostnames, ["api", "app", "assets"]);
        assert.deepStrictEqual(cdn.apiHostnames, ["api"]);
        assert.deepStrictEqual(cdn.hsts, { maxAgeSeconds: ONE_YEAR, preload: false });
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
                    assert.strictEqual(resource.parent, single(result, COMPONENT).urn, `${resource.name} is not a child of the cdn component`);
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
                        strict_transport_security: { enabled: true, max_age: expected.hstsMaxAge, include_subdomains: true, preload: false, nosniff: true },
                    },
                });
            });

            it(expected.existingZoneId ? "manages the configured existing zone and creates none" : "creates its zone and points every setting at it", async () => {
                const result = await synthesizeStack(stack);
                const dependents = [...ofType(result, ZONE_SETTING), ...ofType(result, DNS_RECORD), ...ofType(result, RULESET), ...ofType(result, ZONE_DNSSEC)];
                if (expected.existingZoneId) {
                    assert.strictEqual(ofType(result, ZONE).length, 0);
                    for (const r of dependents) {
                        assert.strictEqual(r.inputs.zoneId, expected.existingZoneId, r.name);
                    }
                    assert.strictEqual(result.outputs.cdn.zoneId, expected.existingZoneId);
                } else {
                    const zone = single(result, ZONE);
                    assert.strictEqual(zone.inputs.name, expected.domain);
                    assert.deepStrictEqual(zone.inputs.account, { id: stackConfig(stack).cdn.accountId });
                    assert.strictEqual(zone.inputs.type, "full");
                    for (const r of dependents) {
                        assert.deepStrictEqual(r.propertyDependencies.zoneId, [zone.urn], `${r.name}.zoneId does not come from the zone`);
                    }
                    assert.deepStrictEqual(result.outputs.cdn.nameServers, ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"]);
                }
            });

            it("creates a proxied CNAME per hostname to the primary origin, after the TLS settings and cache rules", async () => {
                const result = await synthesizeStack(stack);
                const records = ofType(result, DNS_RECORD);
                const prerequisites = [...ofType(result, ZONE_SETTING), single(result, RULESET)].map((r) => r.urn);
                assert.deepStrictEqual(
                    records.map((r) => r.inputs.name),
                    ["api", "app", "assets"].map((label) => `${label}.${expected.domain}`),
                );
                for (const record of records) {
                    assert.strictEqual(record.inputs.type, "CNAME");
                    assert.strictEqual(record.inputs.content, expected.origin);
                    assert.strictEqual(record.inputs.proxied, true);
                    assert.strictEqual(record.inputs.ttl, 1);
                    for (const urn of prerequisites) {
                        assert.ok(record.options.dependsOn.includes(urn), `${record.name} does not wait for ${urn}`);
                    }
                }
                assert.deepStrictEqual(result.outputs.cdn.hostnames, records.map((r) => r.inputs.name));
                assert.strictEqual(result.outputs.cdn.originHostname, expected.origin);
            });

            it("has one zone cache ruleset: assets cached with the stack's TTLs, the API and authenticated requests bypassed", async () => {
                const result = await synthesizeStack(stack);
                const ruleset = single(result, RULESET);
                assert.strictEqual(ruleset.inputs.kind, "zone");
                assert.strictEqual(ruleset.inputs.phase, "http_request_cache_settings");
                const hosts = `{"api.${expected.domain}" "app.${expected.domain}" "assets.${expected.domain}"}`;
                const [assets, bypass] = ruleset.inputs.rules;
                assert.strictEqual(
                    assets.expression,
                    `(http.host in ${hosts}) and (starts_with(http.request.uri.path, "/assets/") or http.request.uri.path.extension in {${DEFAULT_ASSET_EXTENSIONS.map((e) => `"${e}"`).join(" ")}})`,
                );
                assert.strictEqual(assets.actionParameters.cache, true);
                assert.strictEqual(assets.actionParameters.edgeTtl.default, expected.edgeTtl);
                assert.strictEqual(assets.actionParameters.browserTtl.default, expected.browserTtl);
                assert.strictEqual(
                    bypass.expression,
                    `(http.host in ${hosts}) and (http.host in {"api.${expected.domain}"} or starts_with(http.request.uri.path, "/api/") or any(lower(http.request.headers.names[*])[*] eq "authorization"))`,
                );
                assert.deepStrictEqual(bypass.actionParameters, { cache: false });
                assert.strictEqual(ruleset.inputs.rules.length, 2);
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

    it("prod: two regions, one zone and one set of records, all pointing at us-east-1 (the primary)", async () => {
        const result = await synthesizeStack("prod");
        assert.strictEqual(ofType(result, COMPONENT).length, 1);
        assert.strictEqual(ofType(result, RULESET).length, 1);
        assert.strictEqual(ofType(result, DNS_RECORD).length, 3);
        assert.ok(ofType(result, DNS_RECORD).every((r) => r.inputs.content.includes(".us-east-1.") && !r.inputs.content.includes("us-west-2")));
    });

    it("a created zone is protected and retained exactly where protectStatefulResources is on", async () => {
        const dev = await synthesizeStack("dev");
        assert.deepStrictEqual([single(dev, ZONE).options.protect, single(dev, ZONE).options.retainOnDelete], [false, false]);

        // staging (protected) creating its zone instead of using the existing one, with an apex record.
        const { zoneId: _zoneId, domain: _domain, ...existing } = stackConfig("staging").cdn;
        const cdn = { ...existing, accountId: "5c1f0a9e7d3b4a6e8f2c1d0b9a8e7f6d", zoneName: "staging.example.com", hostnames: ["@", "www", "api"] };
        const staging = await synthesizeStack("staging", { cdn });
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
        assert.deepStrictEqual(await cloudflareViolations("staging", staging.resources), []);
    });

    describe("the pack agrees with the module: breaking a synthesized resource makes the rule fire", () => {
        it("an HSTS max age below 180 days fails cloudflare-hsts", async () => {
            const result = await synthesizeStack("prod");
            const resources = result.resources.map((r) =>
                r.type === ZONE_SETTING && r.inputs.settingId === "security_header"
                    ? { ...r, inputs: { ...r.inputs, value: hstsSecurityHeader({ maxAgeSeconds: 86400, preload: false }) } }
                    : r,
            );
            const violations = await cloudflareViolations("prod", resources);
            assert.deepStrictEqual(
                violations.map((v) => v.policy),
                ["cloudflare-hsts"],
            );
        });

        it("a created zone without its security_header setting fails stack-cloudflare-zone-settings", async () => {
            const result = await synthesizeStack("dev");
            const resources = result.resources.filter((r) => !(r.type === ZONE_SETTING && r.inputs.settingId === "security_header"));
            const violations = await cloudflareViolations("dev", resources);
            assert.deepStrictEqual(
                violations.map((v) => v.policy),
                ["stack-cloudflare-zone-settings"],
            );
            assert.match(violations[0].message, /must manage zone settings security_header/);
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

    it("both an existing zoneId and a zone to create", () => {
        assertConfigProblem(withSection(dev(), "cdn", { zoneId: "8b3e2f1a0c9d4e7f6a5b4c3d2e1f0a9b" }), "platform:cdn.zoneName", /either zoneId .* or accountId and zoneName .*, not both/);
    });

    it("neither a zoneId nor a zoneName", () => {
        const { zoneName: _zoneName, accountId: _accountId, ...cdn } = dev().cdn;
        assertConfigProblem({ ...dev(), cdn: { ...cdn, domain: "dev.example.com" } }, "platform:cdn.zoneId", /required: set zoneId .* \(found neither\)/);
    });

    it("a zone to create without its account, and an account next to an existing zone", () => {
        const { accountId: _accountId, ...cdn } = dev().cdn;
        assertConfigProblem({ ...dev(), cdn }, "platform:cdn.accountId", /required to create zone dev\.example\.com/);
        assertConfigProblem(withSection(prod(), "cdn", { accountId: "5c1f0a9e7d3b4a6e8f2c1d0b9a8e7f6d" }), "platform:cdn.accountId", /only applies to a zone created from zoneName/);
    });

    it("an existing zone without the domain its records live under, and a domain outside the created zone", () => {
        const { domain: _domain, ...cdn } = prod().cdn;
        assertConfigProblem({ ...prod(), cdn }, "platform:cdn.domain", /required with zoneId/);
        assertConfigProblem(withSection(dev(), "cdn", { domain: "dev.example.org" }), "platform:cdn.domain", /dev\.example\.org is not inside zone dev\.example\.com/);
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

    it("no origin for the primary region, and an origin for a region the stack does not have", () => {
        assertConfigProblem(withSection(prod(), "cdn", { originHostnames: { "us-west-2": "gw.example.net" } }), "platform:cdn.originHostnames.us-east-1", /required: the primary region's origin/);
        assertConfigProblem(
            withSection(dev(), "cdn", { originHostnames: { "us-east-1": "gw.example.net", "eu-west-1": "gw-eu.example.net" } }),
            "platform:cdn.originHostnames.eu-west-1",
            /eu-west-1 is not a configured region; expected one of us-east-1/,
        );
    });

    it("an origin that is one of the proxied hostnames (a loop)", () => {
        assertConfigProblem(withSection(dev(), "cdn", { originHostnames: { "us-east-1": "app.dev.example.com" } }), "platform:cdn.originHostnames.us-east-1", /one of the proxied hostnames/);
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
