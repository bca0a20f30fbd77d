import * as aws from "@pulumi/aws";
import { lbLoadBalancerAccessLogs as policy } from "../../../rules/logging/lbLoadBalancerAccessLogs";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN } from "../../helpers";

const alb = { loadBalancerType: "application", internal: false, subnets: ["subnet-a", "subnet-b"], accessLogs: { enabled: true, bucket: "platform-access-logs", prefix: "alb" } };

describe("lb-load-balancer-access-logs", () => {
    it("passes access logs to a bucket", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.lb.LoadBalancer, alb));
    });

    it("passes a bucket unknown during preview, on the aws:alb alias", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.alb.LoadBalancer, { ...alb, accessLogs: { enabled: true, bucket: UNKNOWN } }));
    });

    it("does not apply to gateway load balancers", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.lb.LoadBalancer, { ...alb, loadBalancerType: "gateway", accessLogs: undefined }));
    });

    it("fails accessLogs.enabled false", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.lb.LoadBalancer, { ...alb, accessLogs: { enabled: false, bucket: "platform-access-logs" } }), /accessLogs\.enabled must be true \(found: false\)/);
    });

    it("fails accessLogs.enabled left unset (false even with a bucket)", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.lb.LoadBalancer, { ...alb, accessLogs: { bucket: "platform-access-logs" } }), /accessLogs\.enabled must be true \(found: undefined\)/);
    });

    it("fails accessLogs.bucket left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.lb.LoadBalancer, { ...alb, accessLogs: { enabled: true } }), /accessLogs\.bucket must name the access-log bucket \(found: undefined\)/);
    });

    it("fails accessLogs left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.lb.LoadBalancer, { ...alb, accessLogs: undefined }), /accessLogs\.enabled must be true \(found: undefined\)/);
    });
});
