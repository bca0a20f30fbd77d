/**
 * cloudflare-load-balancer-pool-monitored: a Cloudflare load balancing pool without a health monitor is never
 * marked unhealthy, so its load balancer keeps sending traffic to a dead region and never fails over. It also
 * needs at least one enabled origin.
 */
import * as cloudflare from "@pulumi/cloudflare";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { isSet, listOf, mustBe } from "../../lib/validate";

export const cloudflareLoadBalancerPoolMonitored: PlatformResourcePolicy = {
    name: "cloudflare-load-balancer-pool-monitored",
    description: "A cloudflare.LoadBalancerPool must name a health monitor (monitor or monitorGroup) and have at least one enabled origin.",
    enforcementLevel: "mandatory",
    // Failover (RTO) rather than data: advisory in dev like the other availability rules.
    severity: "high",
    theme: "data-loss",
    anchors: [],
    remediationSteps: "Set `monitor: monitor.id` (a cloudflare.LoadBalancerMonitor of type https) on the pool, and give it an origin with `enabled` not false.",
    validateResource: validateResourceOfType(cloudflare.LoadBalancerPool, (pool, _args, reportViolation) => {
        if (!isSet(pool, "monitor") && !isSet(pool, "monitorGroup")) {
            reportViolation(mustBe("monitor or monitorGroup", "set", pool.monitor));
        }
        const origins = listOf(pool.origins);
        if (!origins.some((o) => o.enabled !== false)) {
            reportViolation(mustBe("origins", "at least one origin with enabled not false", pool.origins));
        }
    }),
};
