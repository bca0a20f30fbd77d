/**
 * cloudflare-always-https: plain-HTTP requests are redirected to HTTPS at the edge.
 */
import * as cloudflare from "@pulumi/cloudflare";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";
import { canonicalSettingId } from "./lib/zoneSettings";

export const cloudflareAlwaysHttps: PlatformResourcePolicy = {
    name: "cloudflare-always-https",
    description: 'The Cloudflare "always_use_https" zone setting must be "on".',
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "tls",
    anchors: ["prowler zone_https_redirect_enabled"],
    remediationSteps: 'Set `value: "on"` on the cloudflare.ZoneSetting with `settingId: "always_use_https"`.',
    validateResource: validateResourceOfType(cloudflare.ZoneSetting, (setting, _args, reportViolation) => {
        if (canonicalSettingId(setting.settingId) === "always_use_https" && setting.value !== "on") {
            reportViolation(mustBe('value of zone setting "always_use_https"', '"on"', setting.value));
        }
    }),
};
