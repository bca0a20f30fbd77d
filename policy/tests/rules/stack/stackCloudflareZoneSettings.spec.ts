import { stackCloudflareZoneSettings } from "../../../rules/stack/stackCloudflareZoneSettings";
import { assertNoStackViolation, assertStackViolation, stackArgs, StackFixtureResource } from "../../helpers";

const ZONE = "cloudflare:index/zone:Zone";
const ZONE_SETTING = "cloudflare:index/zoneSetting:ZoneSetting";

const zone = (name = "zone"): StackFixtureResource => ({ type: ZONE, name, props: { name: "example.com", account: { id: "acc" } } });
const setting = (settingId: string, zoneName = "zone"): StackFixtureResource => ({
    type: ZONE_SETTING,
    name: `${zoneName}-${settingId}`,
    props: { zoneId: "unknown", settingId, value: "on" },
    propertyDependencies: { zoneId: [zoneName] },
});

describe("stack-cloudflare-zone-settings", () => {
    it("passes a zone managing all four settings", async () => {
        const args = stackArgs([zone(), setting("ssl"), setting("min_tls_version"), setting("always_use_https"), setting("security_header")]);
        await assertNoStackViolation(stackCloudflareZoneSettings, args);
    });

    it("passes settings given by their camelCase ids", async () => {
        const args = stackArgs([zone(), setting("ssl"), setting("minTlsVersion"), setting("alwaysUseHttps"), setting("securityHeader")]);
        await assertNoStackViolation(stackCloudflareZoneSettings, args);
    });

    it("fails a zone without settings", async () => {
        await assertStackViolation(
            stackCloudflareZoneSettings,
            stackArgs([zone()]),
            /^cloudflare:index\/zone:Zone "zone" \("example\.com"\) must manage zone settings ssl, min_tls_version, always_use_https, security_header as cloudflare:index\/zoneSetting:ZoneSettings whose zoneId is this zone \(found: \[\]\)$/,
        );
    });

    it("fails a zone missing security_header", async () => {
        const args = stackArgs([zone(), setting("ssl"), setting("min_tls_version"), setting("always_use_https")]);
        await assertStackViolation(stackCloudflareZoneSettings, args, /must manage zone settings security_header as .* \(found: \["ssl","min_tls_version","always_use_https"\]\)/);
    });

    it("does not count settings of another zone", async () => {
        const args = stackArgs([zone("a"), zone("b"), setting("ssl", "b"), setting("min_tls_version", "b"), setting("always_use_https", "b"), setting("security_header", "b")]);
        await assertStackViolation(stackCloudflareZoneSettings, args, /^cloudflare:index\/zone:Zone "a" .* \(found: \[\]\)$/);
    });

    describe("existing zones, known by a literal zoneId", () => {
        const ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353";
        const record: StackFixtureResource = { type: "cloudflare:index/dnsRecord:DnsRecord", name: "api", props: { zoneId: ZONE_ID, name: "api.example.com", proxied: true } };
        const existing = (settingId: string): StackFixtureResource => ({ type: ZONE_SETTING, name: `existing-${settingId}`, props: { zoneId: ZONE_ID, settingId, value: "on" } });

        it("passes an existing zone whose four settings are managed", async () => {
            const args = stackArgs([record, existing("ssl"), existing("min_tls_version"), existing("always_use_https"), existing("security_header")]);
            await assertNoStackViolation(stackCloudflareZoneSettings, args);
        });

        it("fails an existing zone used by records but missing settings", async () => {
            const args = stackArgs([record, existing("min_tls_version"), existing("always_use_https")]);
            await assertStackViolation(
                stackCloudflareZoneSettings,
                args,
                /^existing zone "023e105f4ecef8ad9ca31a8372d0c353" \(used by 3 resources\) must manage zone settings ssl, security_header as .* \(found: \["min_tls_version","always_use_https"\]\)$/,
            );
        });

        it("does not treat a created zone's settings as an existing zone", async () => {
            const args = stackArgs([zone(), setting("ssl"), setting("min_tls_version"), setting("always_use_https"), setting("security_header")]);
            await assertNoStackViolation(stackCloudflareZoneSettings, args);
        });
    });
});
