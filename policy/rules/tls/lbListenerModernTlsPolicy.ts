import { PlatformResourcePolicy } from "../../lib/rule";
import { LB_LISTENER_TYPES } from "../../lib/tokens";
import { mustBe, validateResourceOfTokens } from "../../lib/validate";

/**
 * TLS 1.2+ policies: the TLS13-1-2/1-3 families (not the "Ext" variants, which re-add CBC ciphers),
 * the forward-secrecy FS-1-2 family and TLS-1-2-2017-01. Unset means ELBSecurityPolicy-2016-08 (TLS 1.0).
 */
const MODERN_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]-(?!.*Ext)|FS-1-2-|TLS-1-2-2017-01$)/;

export const lbListenerModernTlsPolicy: PlatformResourcePolicy = {
    name: "lb-listener-modern-tls-policy",
    description: "HTTPS and TLS load balancer listeners must use a TLS 1.2+ security policy (ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-*, -FS-1-2-* or -TLS-1-2-2017-01; no Ext variants).",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "tls",
    anchors: ["CKV_AWS_103", "AVD-AWS-0047", "FSBP ELB.17", "aws-lb-listener-configure-secure-tls"],
    remediationSteps: "Set `sslPolicy: \"ELBSecurityPolicy-TLS13-1-2-2021-06\"` (or a TLS13-1-3 policy) on the listener.",
    validateResource: validateResourceOfTokens(LB_LISTENER_TYPES, (listener, _args, reportViolation) => {
        if (listener.protocol !== "HTTPS" && listener.protocol !== "TLS") {
            return; // No TLS to configure; lb-listener-https-only covers plaintext listeners.
        }
        const policy = listener.sslPolicy;
        if (typeof policy !== "string" || !MODERN_POLICY.test(policy)) {
            reportViolation(mustBe("sslPolicy", "a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-2021-06", policy));
        }
    }),
};
