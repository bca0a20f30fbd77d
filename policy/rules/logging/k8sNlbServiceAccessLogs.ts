import { PlatformResourcePolicy } from "../../lib/rule";
import { found, validateResourceOfTokens } from "../../lib/validate";
import { isControllerNlb, K8S_SERVICE, nlbAttributes } from "../../lib/gateway";

/** The NLB in front of the gateway is the edge's request record; the controller only writes logs when told. */
export const k8sNlbServiceAccessLogs: PlatformResourcePolicy = {
    name: "k8s-nlb-service-access-logs",
    description: "A LoadBalancer Service the AWS Load Balancer Controller builds into an NLB must turn access logs on (attributes access_logs.s3.enabled=true with access_logs.s3.bucket).",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "logging",
    anchors: ["CKV_AWS_91", "FSBP ELB.5"],
    remediationSteps:
        "Annotate the Service `service.beta.kubernetes.io/aws-load-balancer-attributes: access_logs.s3.enabled=true,access_logs.s3.bucket=<bucket>,access_logs.s3.prefix=<prefix>` (NLB access logs need a TLS listener) and grant delivery.logs.amazonaws.com on the bucket.",
    validateResource: validateResourceOfTokens([K8S_SERVICE], (service, _args, reportViolation) => {
        if (!isControllerNlb(service)) {
            return;
        }
        const attributes = nlbAttributes(service);
        if (attributes.get("access_logs.s3.enabled") !== "true") {
            reportViolation(`NLB attribute access_logs.s3.enabled must be "true" (found: ${found(attributes.get("access_logs.s3.enabled"))})`);
        }
        if (!attributes.get("access_logs.s3.bucket")) {
            reportViolation(`NLB attribute access_logs.s3.bucket must name the access-log bucket (found: ${found(attributes.get("access_logs.s3.bucket"))})`);
        }
    }),
};
