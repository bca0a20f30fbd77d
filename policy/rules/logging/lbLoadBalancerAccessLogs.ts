import { PlatformResourcePolicy } from "../../lib/rule";
import { LB_LOAD_BALANCER_TYPES } from "../../lib/tokens";
import { found, isSet, validateResourceOfTokens } from "../../lib/validate";

/** Access logs are the request-level record of the edge: client, path, status and TLS details. */
export const lbLoadBalancerAccessLogs: PlatformResourcePolicy = {
    name: "lb-load-balancer-access-logs",
    description: "Application and network load balancers must write access logs to S3 (accessLogs.enabled = true with accessLogs.bucket).",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "logging",
    anchors: ["CKV_AWS_91", "FSBP ELB.5", "AwsGuard elb-logging-enabled", "aws-lb-loadbalancer-enable-access-logging"],
    remediationSteps: "Set `accessLogs: { enabled: true, bucket: logBucket.id, prefix }` on the aws.lb.LoadBalancer; the bucket policy must allow the ELB log delivery principal.",
    validateResource: validateResourceOfTokens(LB_LOAD_BALANCER_TYPES, (lb, _args, reportViolation) => {
        if (lb.loadBalancerType === "gateway") {
            return; // Gateway load balancers have no access logs.
        }
        const accessLogs = lb.accessLogs;
        if (accessLogs?.enabled !== true) {
            reportViolation(`accessLogs.enabled must be true (found: ${found(accessLogs?.enabled)})`);
        }
        if (!isSet(accessLogs, "bucket")) {
            reportViolation(`accessLogs.bucket must name the access-log bucket (found: ${found(accessLogs?.bucket)})`);
        }
    }),
};
