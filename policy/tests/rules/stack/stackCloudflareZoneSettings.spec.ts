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
});
