/**
 * stack-cloudflare-waf-managed: every Cloudflare zone the stack uses must run one of Cloudflare's managed WAF
 * rulesets (the Cloudflare Managed Ruleset, or on the Free plan the Free Managed Ruleset) from its
 * http_request_firewall_managed entry point, declared in the stack so it cannot silently go missing. Zones are
 * created ones (joined through zoneId's dependency) and existing ones known by the literal zoneId other
 * Cloudflare resources use, as in stack-cloudflare-zone-settings.
 */
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { companionsOf } from "../../lib/joins";
import { PlatformStackPolicy } from "../../lib/rule";
import { listOf } from "../../lib/validate";
import { cloudflareZonesOf } from "./lib/cloudflareZones";
import { describeResource } from "./lib/describe";

const RULESET = "cloudflare:index/ruleset:Ruleset";
const MANAGED_PHASE = "http_request_firewall_managed";
/** Cloudflare Managed Ruleset and Cloudflare Free Managed Ruleset (developers.cloudflare.com/waf/managed-rules). */
export const MANAGED_WAF_RULESET_IDS = ["efb7b8c949ac4650a09736fc376e9aee", "77454fe2d30c4220b5701f6fdfb893ba"];

/** Whether `rulesets` include a managed-phase zone entry point with an enabled rule executing a managed WAF ruleset. */
export function executesManagedWaf(rulesets: PolicyResource[]): boolean {
    return rulesets.some(
        (r) =>
            r.props.phase === MANAGED_PHASE &&
            (r.props.kind ?? "zone") === "zone" &&
            listOf(r.props.rules).some((rule: any) => rule?.enabled !== false && rule?.action === "execute" && MANAGED_WAF_RULESET_IDS.includes(rule?.actionParameters?.id)),
    );
}

const validateStack: StackValidationPolicy["validateStack"] = (args, reportViolation) => {
    const { created: zones, existing: byExistingZoneId } = cloudflareZonesOf(args.resources);
    const requirement = `an enabled "execute" rule of a managed WAF ruleset (${MANAGED_WAF_RULESET_IDS.join(" or ")}) in a zone ${RULESET} with phase ${MANAGED_PHASE}`;
    for (const [zoneId, users] of byExistingZoneId) {
        if (!executesManagedWaf(users.filter((r) => r.type === RULESET))) {
            reportViolation(`existing zone ${JSON.stringify(zoneId)} (used by ${users.length} resources) must have ${requirement} (found none)`, users[0].urn);
        }
    }
    for (const zone of zones) {
        if (!executesManagedWaf(companionsOf(zone, args.resources, [RULESET], "zoneId", "id"))) {
            reportViolation(`${describeResource(zone)} (${JSON.stringify(zone.props.name)}) must have ${requirement} whose zoneId is this zone (found none)`, zone.urn);
        }
    }
};

export const stackCloudflareWafManaged: PlatformStackPolicy = {
    name: "stack-cloudflare-waf-managed",
    description: "Every Cloudflare zone must execute the Cloudflare Managed Ruleset (or the Free Managed Ruleset) from a zone Ruleset in the http_request_firewall_managed phase.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "exposure",
    anchors: [],
    remediationSteps:
        'Declare a cloudflare.Ruleset with `kind: "zone"`, `phase: "http_request_firewall_managed"` and a rule `{ action: "execute", actionParameters: { id: "efb7b8c949ac4650a09736fc376e9aee" } }` ' +
        "(Free plan: 77454fe2d30c4220b5701f6fdfb893ba) for each zone (components/cdn does, from platform:cdn.plan).",
    validateStack,
};
