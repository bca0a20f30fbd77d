import * as aws from "@pulumi/aws";
import { lbListenerModernTlsPolicy as policy } from "../../../rules/tls/lbListenerModernTlsPolicy";
import { compliantListener } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("lb-listener-modern-tls-policy", () => {
    for (const sslPolicy of ["ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "ELBSecurityPolicy-FS-1-2-Res-2020-10", "ELBSecurityPolicy-TLS-1-2-2017-01"]) {
        it(`passes ${sslPolicy}`, async () => {
            await assertNoResourceViolation(policy, resourceArgs(aws.lb.Listener, { ...compliantListener(), sslPolicy }));
        });
    }

    it("does not apply to an HTTP redirect listener", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.lb.Listener, { ...compliantListener(), protocol: "HTTP", sslPolicy: undefined }));
    });

    for (const sslPolicy of ["ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS13-1-0-2021-06", "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06", "ELBSecurityPolicy-TLS-1-1-2017-01"]) {
        it(`fails ${sslPolicy}`, async () => {
            await assertResourceViolation(
                policy,
                resourceArgs(aws.lb.Listener, { ...compliantListener(), sslPolicy }),
                new RegExp(`sslPolicy must be a TLS 1\\.2\\+ policy such as ELBSecurityPolicy-TLS13-1-2-2021-06 \\(found: "${sslPolicy}"\\)`),
            );
        });
    }

    it("fails sslPolicy left unset (ELBSecurityPolicy-2016-08) on a TLS listener of the aws:alb alias", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.alb.Listener, { ...compliantListener(), protocol: "TLS", sslPolicy: undefined }), /sslPolicy must be a TLS 1\.2\+ policy .* \(found: undefined\)/);
    });
});
