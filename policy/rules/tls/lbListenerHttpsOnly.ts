import { PlatformResourcePolicy } from "../../lib/rule";
import { LB_LISTENER_TYPES } from "../../lib/tokens";
import { found, listOf, validateResourceOfTokens } from "../../lib/validate";

const ENCRYPTED_PROTOCOLS = ["HTTPS", "TLS"];

function isHttpsRedirect(action: any): boolean {
    return action?.type === "redirect" && action.redirect?.protocol === "HTTPS";
}

/** A plaintext listener is acceptable only as a redirect to HTTPS, so nothing is served in clear text. */
export const lbListenerHttpsOnly: PlatformResourcePolicy = {
    name: "lb-listener-https-only",
    description: "Load balancer listeners must use HTTPS or TLS; an HTTP listener is allowed only when all its default actions redirect to HTTPS.",
    enforcementLevel: "mandatory",
    severity: "critical",
    theme: "tls",
    anchors: ["CKV_AWS_2", "CKV2_AWS_20", "AVD-AWS-0054", "FSBP ELB.1", "aws-lb-listener-disallow-unencrypted-traffic", "AwsGuard alb-http-to-https-redirection"],
    remediationSteps: "Use `protocol: \"HTTPS\"` (ALB) or `\"TLS\"` (NLB) with a certificate; for port 80 use `defaultActions: [{ type: \"redirect\", redirect: { protocol: \"HTTPS\", port: \"443\", statusCode: \"HTTP_301\" } }]`.",
    validateResource: validateResourceOfTokens(LB_LISTENER_TYPES, (listener, _args, reportViolation) => {
        const protocol = listener.protocol;
        if (ENCRYPTED_PROTOCOLS.includes(protocol)) {
            return;
        }
        if (protocol !== "HTTP") {
            reportViolation(`protocol must be HTTPS or TLS, or HTTP redirecting to HTTPS (found: ${found(protocol)})`);
            return;
        }
        const actions = listOf(listener.defaultActions);
        if (actions.length === 0 || !actions.every(isHttpsRedirect)) {
            const summary = actions.map((a: any) => (a?.type === "redirect" ? `redirect to ${a.redirect?.protocol ?? "undefined"}` : a?.type));
            reportViolation(`defaultActions of an HTTP listener must all redirect to HTTPS (found: ${found(summary)})`);
        }
    }),
};
