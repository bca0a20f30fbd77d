import { PlatformResourcePolicy } from "../../lib/rule";
import { found, validateResourceOfTokens } from "../../lib/validate";
import { isControllerNlb, K8S_SERVICE, LBC_ANNOTATION } from "../../lib/gateway";

/**
 * Every listener of an internet-facing NLB terminates TLS with a certificate (ssl-cert on every port,
 * ssl-ports) and re-encrypts to its targets (backend-protocol ssl): nothing crosses the network in clear text.
 */
export const k8sNlbServiceTls: PlatformResourcePolicy = {
    name: "k8s-nlb-service-tls",
    description: "An NLB built from a LoadBalancer Service must have TLS on every listener port (ssl-cert, ssl-ports covering each port) and TLS to its targets (backend-protocol ssl).",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "tls",
    anchors: ["CKV_AWS_2", "FSBP ELB.1"],
    remediationSteps:
        "Annotate the Service with `service.beta.kubernetes.io/aws-load-balancer-ssl-cert: <ACM ARN>`, `...-ssl-ports: \"443\"` (every port of the Service) and `...-backend-protocol: ssl`, and point the port at the workload's TLS listener.",
    validateResource: validateResourceOfTokens([K8S_SERVICE], (service, _args, reportViolation) => {
        if (!isControllerNlb(service)) {
            return;
        }
        const annotations = service.metadata?.annotations ?? {};
        const certificate = annotations[`${LBC_ANNOTATION}ssl-cert`];
        if (typeof certificate !== "string" || certificate === "") {
            reportViolation(`annotation ${LBC_ANNOTATION}ssl-cert must name a certificate (found: ${found(certificate)})`);
        }
        const sslPorts: unknown = annotations[`${LBC_ANNOTATION}ssl-ports`];
        const listed = typeof sslPorts === "string" ? sslPorts.split(",").map((p) => p.trim()) : [];
        for (const port of (service.spec?.ports ?? []) as Array<{ port?: number; name?: string }>) {
            if (!listed.includes("*") && !listed.includes(String(port.port)) && !(port.name && listed.includes(port.name))) {
                reportViolation(`port ${port.port} is not a TLS listener: ${LBC_ANNOTATION}ssl-ports must list it (found: ${found(sslPorts)})`);
            }
        }
        const backend = annotations[`${LBC_ANNOTATION}backend-protocol`];
        if (backend !== "ssl") {
            reportViolation(`annotation ${LBC_ANNOTATION}backend-protocol must be "ssl" (TLS to the targets) (found: ${found(backend)})`);
        }
    }),
};
