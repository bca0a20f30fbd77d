/**
 * The edge's security rules, as pure functions: the managed WAF rulesets the zone executes (by plan) and the
 * rate limit on the API hostnames. Ruleset ids and plan availability: developers.cloudflare.com/waf/managed-rules
 * ("Available managed rulesets", "Availability"); rate limiting: /waf/rate-limiting-rules ("Availability") and
 * /waf/rate-limiting-rules/parameters (cf.colo.id is a mandatory characteristic).
 */
import type * as cloudflare from "@pulumi/cloudflare";
import { CloudflarePlan, planIncludes, RateLimitConfig, WafConfig } from "../../config/sections/cdn";

/** Managed rulesets Cloudflare publishes (the ids are the same in every account). */
export const MANAGED_RULESETS = {
    /** Cloudflare Managed Ruleset: plan pro and above. */
    cloudflareManaged: "efb7b8c949ac4650a09736fc376e9aee",
    /** Cloudflare Free Managed Ruleset: every plan; not needed next to the Cloudflare Managed Ruleset. */
    cloudflareFreeManaged: "77454fe2d30c4220b5701f6fdfb893ba",
    /** Cloudflare OWASP Core Ruleset: plan pro and above. */
    owaspCore: "4814384a9e5d4991b9815dcfc25d2f1f",
} as const;
/** The OWASP ruleset's "Inbound Anomaly Score Exceeded" rule: the one whose action decides what a high score does. */
export const OWASP_ANOMALY_SCORE_RULE = "6179ae15870a4bb7b2d480d4843b323c";

/** Counters are per data center (cf.colo.id, mandatory) and client IP: the one characteristic every paid plan has. */
export const RATE_LIMIT_CHARACTERISTICS = ["cf.colo.id", "ip.src"];

/** A Rules-language set literal: `{"a" "b"}`. Inputs are validated DNS names, so no quoting is needed. */
export function setLiteral(values: string[]): string {
    return `{${values.map((v) => `"${v}"`).join(" ")}}`;
}

/** Requests to any of `hosts`. */
export function hostExpression(hosts: string[]): string {
    return `(http.host in ${setLiteral(hosts)})`;
}

/**
 * The rules of the zone's http_request_firewall_managed entry point, for the platform's hostnames only (a shared
 * zone's other names keep their own WAF): the Cloudflare Managed Ruleset where the plan has it (else the Free
 * Managed Ruleset), then the OWASP Core Ruleset when asked for, its anomaly-score rule set to the configured action.
 */
export function wafManagedRules(plan: CloudflarePlan, waf: WafConfig, hosts: string[]): cloudflare.types.input.RulesetRule[] {
    const expression = hostExpression(hosts);
    const paid = planIncludes(plan, "pro");
    const rules: cloudflare.types.input.RulesetRule[] = [
        {
            ref: "platform_waf_cloudflare_managed",
            description: paid ? "Execute the Cloudflare Managed Ruleset" : "Execute the Cloudflare Free Managed Ruleset (Free plan)",
            expression,
            action: "execute",
            actionParameters: { id: paid ? MANAGED_RULESETS.cloudflareManaged : MANAGED_RULESETS.cloudflareFreeManaged },
            enabled: true,
        },
    ];
    if (waf.owaspCoreRuleset) {
        if (!paid) {
            // Config validation refuses this first (cdnPlanProblems); the component must not deploy it either way.
            throw new Error(`the OWASP Core Ruleset needs Cloudflare plan pro or higher (found ${plan})`);
        }
        rules.push({
            ref: "platform_waf_owasp_core",
            description: `Execute the Cloudflare OWASP Core Ruleset (anomaly score action: ${waf.owaspAction})`,
            expression,
            action: "execute",
            actionParameters: { id: MANAGED_RULESETS.owaspCore, overrides: { rules: [{ id: OWASP_ANOMALY_SCORE_RULE, action: waf.owaspAction }] } },
            enabled: true,
        });
    }
    return rules;
}

/**
 * The zone's http_ratelimit entry point: one rule counting each client IP's requests to the API hostnames per
 * data center (cached responses count too: excluding them is a Business feature, and the API is never cached).
 */
export function rateLimitRules(apiHosts: string[], rateLimit: RateLimitConfig): cloudflare.types.input.RulesetRule[] {
    return [
        {
            ref: "platform_ratelimit_api",
            description: `Rate limit the API: ${rateLimit.requestsPerPeriod} requests per ${rateLimit.periodSeconds}s per client IP, then ${rateLimit.action} for ${rateLimit.mitigationTimeoutSeconds}s`,
            expression: hostExpression(apiHosts),
            action: rateLimit.action,
            ratelimit: {
                characteristics: RATE_LIMIT_CHARACTERISTICS,
                period: rateLimit.periodSeconds,
                requestsPerPeriod: rateLimit.requestsPerPeriod,
                mitigationTimeout: rateLimit.mitigationTimeoutSeconds,
            },
            enabled: true,
        },
    ];
}
