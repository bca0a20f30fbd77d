/**
 * cloudflare-ssl-strict: Cloudflare must verify the origin's certificate ("Full (strict)"); "full"
 * accepts any certificate and "flexible" talks plain HTTP to the origin.
 */
import * as cloudflare from "@pulumi/cloudflare";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";
import { canonicalSettingId } from "./lib/zoneSettings";

/** "strict" is Full (strict); "origin_pull" is the Enterprise Strict (SSL-only origin pull) mode, stricter still. */
const STRICT_MODES = ["strict", "origin_pull"];

export const cloudflareSslStrict: PlatformResourcePolicy = {
    name: "cloudflare-ssl-strict",
    description: 'The Cloudflare "ssl" zone setting must be "strict" (Full strict) so the origin certificate is verified.',
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "tls",
    anchors: ["prowler zone_ssl_strict"],
    remediationSteps: 'Set `value: "strict"` on the cloudflare.ZoneSetting with `settingId: "ssl"`, and serve a valid (e.g. Cloudflare origin CA) certificate at the origin.',
    validateResource: validateResourceOfType(cloudflare.ZoneSetting, (setting, _args, reportViolation) => {
        if (canonicalSettingId(setting.settingId) === "ssl" && !STRICT_MODES.includes(setting.value)) {
            reportViolation(mustBe('value of zone setting "ssl"', '"strict"', setting.value));
        }
    }),
};
