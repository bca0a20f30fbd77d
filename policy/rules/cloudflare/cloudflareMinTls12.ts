/**
 * cloudflare-min-tls-1-2: the edge must refuse TLS 1.0 and 1.1 handshakes.
 */
import * as cloudflare from "@pulumi/cloudflare";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";
import { canonicalSettingId } from "./lib/zoneSettings";

const MODERN_VERSIONS = ["1.2", "1.3"];

export const cloudflareMinTls12: PlatformResourcePolicy = {
    name: "cloudflare-min-tls-1-2",
    description: 'The Cloudflare "min_tls_version" zone setting must be "1.2" or "1.3".',
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "tls",
    anchors: ["prowler zone_min_tls_version_secure"],
    remediationSteps: 'Set `value: "1.2"` (or "1.3") on the cloudflare.ZoneSetting with `settingId: "min_tls_version"`.',
    validateResource: validateResourceOfType(cloudflare.ZoneSetting, (setting, _args, reportViolation) => {
        if (canonicalSettingId(setting.settingId) === "min_tls_version" && !MODERN_VERSIONS.includes(String(setting.value))) {
            reportViolation(mustBe('value of zone setting "min_tls_version"', '"1.2" or "1.3"', setting.value));
        }
    }),
};
