/**
 * cloudflare-load-balancer-monitor-https: a health monitor should check what clients get: HTTPS with the
 * origin certificate verified. An http or tcp monitor (type unset means http) reports a region healthy whose
 * TLS listener or certificate is broken, and allowInsecure hides an expired or mismatched certificate, which
 * `ssl: strict` turns into 526 errors for every client.
 */
import * as cloudflare from "@pulumi/cloudflare";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

export const cloudflareLoadBalancerMonitorHttps: PlatformResourcePolicy = {
    name: "cloudflare-load-balancer-monitor-https",
    description: 'A cloudflare.LoadBalancerMonitor must have type "https" and must not set allowInsecure.',
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "tls",
    anchors: [],
    remediationSteps: 'Set `type: "https"` and leave `allowInsecure` unset or false on the monitor; serve a certificate the monitor verifies (the Origin CA certificate for its Host header).',
    validateResource: validateResourceOfType(cloudflare.LoadBalancerMonitor, (monitor, _args, reportViolation) => {
        if (monitor.type !== "https") {
            reportViolation(mustBe("type", '"https"', monitor.type));
        }
        if (monitor.allowInsecure === true) {
            reportViolation(mustBe("allowInsecure", "false or unset", monitor.allowInsecure));
        }
    }),
};
