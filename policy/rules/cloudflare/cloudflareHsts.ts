/**
 * cloudflare-hsts: browsers must remember to use HTTPS for the zone and its subdomains for at least
 * six months (the HSTS preload minimum), which closes the first-request downgrade window.
 * Nested keys are read in both spellings (see lib/zoneSettings.ts; pulumi/pulumi-cloudflare#1579).
 */
import * as cloudflare from "@pulumi/cloudflare";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, mustBe } from "../../lib/validate";
import { canonicalSettingId, readKey } from "./lib/zoneSettings";

interface Config {
    minimumMaxAge: number;
}

export const cloudflareHsts: PlatformResourcePolicy = {
    name: "cloudflare-hsts",
    description:
        'The Cloudflare "security_header" zone setting must enable strict_transport_security with include_subdomains and max_age of at least minimumMaxAge (default 15552000 s, 180 days).',
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "tls",
    anchors: ["prowler zone_hsts_enabled"],
    remediationSteps:
        'Set `value: { strict_transport_security: { enabled: true, include_subdomains: true, max_age: 31536000, nosniff: true } }` on the cloudflare.ZoneSetting with `settingId: "security_header"` (snake_case keys avoid perpetual diffs).',
    configSchema: {
        properties: {
            minimumMaxAge: { type: "integer", minimum: 0, default: 15552000, description: "Smallest acceptable HSTS max_age, in seconds." },
        },
    },
    validateResource: validateResourceOfType(cloudflare.ZoneSetting, (setting, args, reportViolation) => {
        if (canonicalSettingId(setting.settingId) !== "security_header") {
            return;
        }
        const hsts = readKey(setting.value, "strict_transport_security");
        const prefix = "value.strict_transport_security";
        if (hsts === undefined || hsts === null) {
            reportViolation(`${prefix} must be set (found: ${found(hsts)})`);
            return;
        }
        const enabled = readKey(hsts, "enabled");
        if (enabled !== true) {
            reportViolation(mustBe(`${prefix}.enabled`, "true", enabled));
        }
        const includeSubdomains = readKey(hsts, "include_subdomains");
        if (includeSubdomains !== true) {
            reportViolation(mustBe(`${prefix}.include_subdomains`, "true", includeSubdomains));
        }
        const { minimumMaxAge } = args.getConfig<Config>();
        const maxAge = readKey(hsts, "max_age");
        if (typeof maxAge !== "number" || maxAge < minimumMaxAge) {
            reportViolation(mustBe(`${prefix}.max_age`, `at least ${minimumMaxAge}`, maxAge));
        }
    }),
};
