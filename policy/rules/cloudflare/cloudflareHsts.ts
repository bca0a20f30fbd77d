/**
 * cloudflare-hsts: browsers must remember to use HTTPS for the zone's proxied hostnames for at least
 * six months (the HSTS preload minimum), which closes the first-request downgrade window.
 * include_subdomains is required only where the policy config says so (requireIncludeSubdomains): the
 * setting is zone-wide, and on a zone shared with other teams it would pin names the stack does not own
 * to HTTPS. Preload without include_subdomains is always refused (the preload list rejects it).
 * Nested keys are read in both spellings (see lib/zoneSettings.ts; pulumi/pulumi-cloudflare#1579).
 */
import * as cloudflare from "@pulumi/cloudflare";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, mustBe } from "../../lib/validate";
import { canonicalSettingId, readKey } from "./lib/zoneSettings";

interface Config {
    minimumMaxAge: number;
    requireIncludeSubdomains: boolean;
}

export const cloudflareHsts: PlatformResourcePolicy = {
    name: "cloudflare-hsts",
    description:
        'The Cloudflare "security_header" zone setting must enable strict_transport_security with max_age of at least minimumMaxAge (default 15552000 s, 180 days), ' +
        "include_subdomains when preload is on, and include_subdomains always when requireIncludeSubdomains (default false).",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "tls",
    anchors: ["prowler zone_hsts_enabled"],
    remediationSteps:
        'Set `value: { strict_transport_security: { enabled: true, max_age: 31536000, include_subdomains: false, preload: false, nosniff: true } }` on the cloudflare.ZoneSetting with `settingId: "security_header"` (snake_case keys avoid perpetual diffs); ' +
        "set include_subdomains: true (required with preload) only once every name under the zone's hostnames serves HTTPS.",
    configSchema: {
        properties: {
            minimumMaxAge: { type: "integer", minimum: 0, default: 15552000, description: "Smallest acceptable HSTS max_age, in seconds." },
            requireIncludeSubdomains: {
                type: "boolean",
                default: false,
                description: "Also require include_subdomains (for stacks whose zones hold only names that serve HTTPS).",
            },
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
        const { minimumMaxAge, requireIncludeSubdomains } = args.getConfig<Config>();
        const includeSubdomains = readKey(hsts, "include_subdomains");
        const preload = readKey(hsts, "preload");
        if (includeSubdomains !== true && requireIncludeSubdomains) {
            reportViolation(mustBe(`${prefix}.include_subdomains`, "true", includeSubdomains));
        } else if (includeSubdomains !== true && preload === true) {
            reportViolation(mustBe(`${prefix}.include_subdomains`, "true with preload on (the preload list requires it)", includeSubdomains));
        }
        const maxAge = readKey(hsts, "max_age");
        if (typeof maxAge !== "number" || maxAge < minimumMaxAge) {
            reportViolation(mustBe(`${prefix}.max_age`, `at least ${minimumMaxAge}`, maxAge));
        }
    }),
};
