/**
 * cloudflare-tls-1-3: offer TLS 1.3 at the edge (faster handshakes, no legacy ciphers). Advisory grade:
 * TLS 1.2 alone is still acceptable, hence severity low.
 */
import * as cloudflare from "@pulumi/cloudflare";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";
import { canonicalSettingId } from "./lib/zoneSettings";

export const cloudflareTls13: PlatformResourcePolicy = {
    name: "cloudflare-tls-1-3",
    description: 'The Cloudflare "tls_1_3" zone setting must be "on" (or "zrt", TLS 1.3 with 0-RTT).',
    enforcementLevel: "mandatory",
    severity: "low",
    theme: "tls",
    anchors: ["prowler zone_tls_1_3_enabled"],
    remediationSteps: 'Set `value: "on"` on the cloudflare.ZoneSetting with `settingId: "tls_1_3"`.',
    validateResource: validateResourceOfType(cloudflare.ZoneSetting, (setting, _args, reportViolation) => {
        if (canonicalSettingId(setting.settingId) === "tls_1_3" && !["on", "zrt"].includes(setting.value)) {
            reportViolation(mustBe('value of zone setting "tls_1_3"', '"on" or "zrt"', setting.value));
        }
    }),
};
