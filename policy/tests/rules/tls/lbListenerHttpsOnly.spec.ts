import * as aws from "@pulumi/aws";
import { lbListenerHttpsOnly as policy } from "../../../rules/tls/lbListenerHttpsOnly";
import { compliantListener } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const redirect = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };
const forward = { type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:tg" };

function http(defaultActions: unknown) {
    return { ...compliantListener(), port: 80, protocol: "HTTP", sslPolicy: undefined, certificateArn: undefined, defaultActions };
}

describe("lb-listener-https-only", () => {
    it("passes an HTTPS listener", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.lb.Listener, compliantListener()));
    });

    it("passes a TLS listener on the aws:alb alias", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.alb.Listener, { ...compliantListener(), protocol: "TLS" }));
    });

    it("passes HTTP that redirects to HTTPS", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.lb.Listener, http([redirect])));
    });

    it("fails HTTP that forwards", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.lb.Listener, http([forward])), /defaultActions of an HTTP listener must all redirect to HTTPS \(found: \["forward"\]\)/);
    });

    it("fails HTTP that redirects to HTTP", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.lb.Listener, http([{ type: "redirect", redirect: { protocol: "HTTP", statusCode: "HTTP_302" } }])),
            /defaultActions of an HTTP listener must all redirect to HTTPS \(found: \["redirect to HTTP"\]\)/,
        );
    });

    it("fails HTTP with no default actions", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.lb.Listener, http([])), /defaultActions of an HTTP listener must all redirect to HTTPS \(found: \[\]\)/);
    });

    it("fails a plaintext TCP listener", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.lb.Listener, { ...compliantListener(), protocol: "TCP" }), /protocol must be HTTPS or TLS, or HTTP redirecting to HTTPS \(found: "TCP"\)/);
    });

    it("fails protocol left unset (HTTP for an ALB)", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.lb.Listener, { ...compliantListener(), protocol: undefined }), /protocol must be HTTPS or TLS, or HTTP redirecting to HTTPS \(found: undefined\)/);
    });
});
