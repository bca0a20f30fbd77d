/**
 * stack-cloudflare-zone-settings: a zone setting nobody declares keeps whatever value the dashboard
 * (or Cloudflare's default, e.g. ssl "full") has, and the per-setting rules never see it. Each zone
 * must manage ssl, min_tls_version, always_use_https and security_header as ZoneSettings whose zoneId
 * comes from the zone. Zones the stack does not create (the usual case: a zone registered once per account)
 * are known by the literal zoneId its records, rulesets and settings use; they need the same four settings.
 */
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { companionsOf } from "../../lib/joins";
import { PlatformStackPolicy } from "../../lib/rule";
import { canonicalSettingId, REQUIRED_ZONE_SETTINGS } from "../cloudflare/lib/zoneSettings";
import { cloudflareZonesOf } from "./lib/cloudflareZones";
import { describeResource } from "./lib/describe";

const ZONE_SETTING = "cloudflare:index/zoneSetting:ZoneSetting";

function missingSettings(settings: PolicyResource[]): { managed: string[]; missing: string[] } {
    const managed = settings.map((s) => canonicalSettingId(s.props.settingId)).filter((id): id is string => id !== undefined);
    return { managed, missing: REQUIRED_ZONE_SETTINGS.filter((id) => !managed.includes(id)) };
}

const validateStack: StackValidationPolicy["validateStack"] = (args, reportViolation) => {
    const { created: zones, existing: byExistingZoneId } = cloudflareZonesOf(args.resources);
    for (const [zoneId, users] of byExistingZoneId) {
        const { managed, missing } = missingSettings(users.filter((r) => r.type === ZONE_SETTING));
        if (missing.length > 0) {
            reportViolation(
                `existing zone ${JSON.stringify(zoneId)} (used by ${users.length} resources) must manage zone settings ${missing.join(", ")} as ${ZONE_SETTING}s with this zoneId (found: ${JSON.stringify(managed)})`,
                users[0].urn,
            );
        }
    }
    for (const zone of zones) {
        const { managed, missing } = missingSettings(companionsOf(zone, args.resources, [ZONE_SETTING], "zoneId", "id"));
        if (missing.length > 0) {
            reportViolation(
                `${describeResource(zone)} (${JSON.stringify(zone.props.name)}) must manage zone settings ${missing.join(", ")} as ${ZONE_SETTING}s whose zoneId is this zone (found: ${JSON.stringify(managed)})`,
                zone.urn,
            );
        }
    }
};

export const stackCloudflareZoneSettings: PlatformStackPolicy = {
    name: "stack-cloudflare-zone-settings",
    description: "Every Cloudflare zone must have ZoneSettings for ssl, min_tls_version, always_use_https and security_header.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "tls",
    anchors: ["prowler zone_ssl_strict", "prowler zone_min_tls_version_secure", "prowler zone_https_redirect_enabled", "prowler zone_hsts_enabled"],
    remediationSteps: "Declare a cloudflare.ZoneSetting with `zoneId: zone.id` for each of ssl, min_tls_version, always_use_https and security_header.",
    validateStack,
};
