import { stackCloudflareWafManaged } from "../../../rules/stack/stackCloudflareWafManaged";
import * as assert from "assert";
import { assertNoStackViolation, assertStackViolation, stackArgs, StackFixtureResource, stackViolationsOf } from "../../helpers";

const ZONE = "cloudflare:index/zone:Zone";
const RULESET = "cloudflare:index/ruleset:Ruleset";
const ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353";
const MANAGED = "efb7b8c949ac4650a09736fc376e9aee";
const FREE_MANAGED = "77454fe2d30c4220b5701f6fdfb893ba";
const OWASP = "4814384a9e5d4991b9815dcfc25d2f1f";

const execute = (id: string, extra: Record<string, any> = {}) => ({ action: "execute", expression: "true", actionParameters: { id }, enabled: true, ...extra });
const waf = (rules: any[], patch: Record<string, any> = {}, name = "waf"): StackFixtureResource => ({
    type: RULESET,
    name,
    props: { zoneId: ZONE_ID, kind: "zone", phase: "http_request_firewall_managed", name: "waf", rules, ...patch },
});
const record: StackFixtureResource = { type: "cloudflare:index/dnsRecord:DnsRecord", name: "api", props: { zoneId: ZONE_ID, name: "api.example.com", proxied: true } };
const zone = (name = "zone"): StackFixtureResource => ({ type: ZONE, name, props: { name: "example.com", account: { id: "acc" } } });
const zoneWaf = (rules: any[], zoneName = "zone"): StackFixtureResource => ({
    type: RULESET,
    name: `${zoneName}-waf`,
    props: { zoneId: "unknown", kind: "zone", phase: "http_request_firewall_managed", rules },
    propertyDependencies: { zoneId: [zoneName] },
});
const NONE = /^existing zone "023e105f4ecef8ad9ca31a8372d0c353" \(used by \d+ resources\) must have an enabled "execute" rule of a managed WAF ruleset .* \(found none\)$/;

describe("stack-cloudflare-waf-managed", () => {
    it("passes an existing zone executing the Cloudflare Managed Ruleset, or the Free Managed Ruleset", async () => {
        await assertNoStackViolation(stackCloudflareWafManaged, stackArgs([record, waf([execute(MANAGED), execute(OWASP)])]));
        await assertNoStackViolation(stackCloudflareWafManaged, stackArgs([record, waf([execute(FREE_MANAGED)])]));
        await assertNoStackViolation(stackCloudflareWafManaged, stackArgs([record, waf([execute(MANAGED, { enabled: undefined })], { kind: undefined })]));
    });

    it("fails an existing zone without a managed-phase ruleset", async () => {
        await assertStackViolation(stackCloudflareWafManaged, stackArgs([record]), NONE);
    });

    it("fails a managed-phase ruleset that is not the zone's, executes only OWASP, is disabled, or is not an execute rule", async () => {
        await assertStackViolation(stackCloudflareWafManaged, stackArgs([record, waf([execute(MANAGED)], { phase: "http_request_firewall_custom" })]), NONE);
        await assertStackViolation(stackCloudflareWafManaged, stackArgs([record, waf([execute(MANAGED)], { kind: "custom" })]), NONE);
        await assertStackViolation(stackCloudflareWafManaged, stackArgs([record, waf([execute(OWASP)])]), NONE);
        await assertStackViolation(stackCloudflareWafManaged, stackArgs([record, waf([execute(MANAGED, { enabled: false })])]), NONE);
        await assertStackViolation(stackCloudflareWafManaged, stackArgs([record, waf([execute(MANAGED, { action: "skip" })])]), NONE);
        await assertStackViolation(stackCloudflareWafManaged, stackArgs([record, waf([])]), NONE);
        await assertStackViolation(stackCloudflareWafManaged, stackArgs([record, waf(undefined as any)]), NONE);
        await assertStackViolation(stackCloudflareWafManaged, stackArgs([record, waf([{ action: "execute", expression: "true" }])]), NONE);
    });

    it("does not let another existing zone's ruleset count", async () => {
        await assertStackViolation(stackCloudflareWafManaged, stackArgs([record, waf([execute(MANAGED)], { zoneId: "f".repeat(32) })]), NONE);
    });

    it("created zones: passes with the ruleset joined to the zone, fails without, and counts only its own", async () => {
        await assertNoStackViolation(stackCloudflareWafManaged, stackArgs([zone(), zoneWaf([execute(MANAGED)])]));
        await assertStackViolation(stackCloudflareWafManaged, stackArgs([zone()]), /^cloudflare:index\/zone:Zone "zone" \("example\.com"\) must have .* whose zoneId is this zone \(found none\)$/);
        await assertStackViolation(stackCloudflareWafManaged, stackArgs([zone("a"), zone("b"), zoneWaf([execute(MANAGED)], "b")]), /^cloudflare:index\/zone:Zone "a" /);
    });

    it("reports a created zone once, not again as an existing zone of the resources that use it", async () => {
        const zoneRecord: StackFixtureResource = { ...record, props: { ...record.props, zoneId: "unknown" }, propertyDependencies: { zoneId: ["zone"] } };
        const violations = await stackViolationsOf(stackCloudflareWafManaged, stackArgs([zone(), zoneRecord, zoneWaf([execute(OWASP)])]));
        assert.deepStrictEqual(
            violations.map((v) => v.message.split(" (")[0]),
            ['cloudflare:index/zone:Zone "zone"'],
        );
    });

    it("joins a ruleset to a created zone by the zone's id when no dependency is recorded", async () => {
        const created: StackFixtureResource = { ...zone(), props: { ...zone().props, id: ZONE_ID } };
        await assertNoStackViolation(stackCloudflareWafManaged, stackArgs([created, waf([execute(MANAGED)])]));
    });

    it("skips empty rule entries", async () => {
        await assertNoStackViolation(stackCloudflareWafManaged, stackArgs([record, waf([null, execute(MANAGED)])]));
    });

    it("takes only Cloudflare resources' zoneId as a Cloudflare zone (not a Route 53 record's)", async () => {
        const route53: StackFixtureResource = { type: "aws:route53/record:Record", name: "api", props: { zoneId: "Z0123456789ABC", name: "api.example.com" } };
        await assertNoStackViolation(stackCloudflareWafManaged, stackArgs([route53]));
    });
});
