import * as cloudflare from "@pulumi/cloudflare";
import { cloudflareLoadBalancerMonitorHttps } from "../../../rules/cloudflare/cloudflareLoadBalancerMonitorHttps";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const monitor = (props: Record<string, any>) => resourceArgs(cloudflare.LoadBalancerMonitor, { accountId: "a".repeat(32), path: "/health", ...props });

describe("cloudflare-load-balancer-monitor-https", () => {
    it("passes an HTTPS monitor that verifies the certificate (allowInsecure false or unset)", async () => {
        await assertNoResourceViolation(cloudflareLoadBalancerMonitorHttps, monitor({ type: "https", allowInsecure: false }));
        await assertNoResourceViolation(cloudflareLoadBalancerMonitorHttps, monitor({ type: "https" }));
    });

    for (const type of ["http", "tcp", "HTTPS"]) {
        it(`fails type ${type}`, async () => {
            await assertResourceViolation(cloudflareLoadBalancerMonitorHttps, monitor({ type }), new RegExp(`^type must be "https" \\(found: "${type}"\\)$`));
        });
    }

    it("fails type left unset (Cloudflare's default is http)", async () => {
        await assertResourceViolation(cloudflareLoadBalancerMonitorHttps, monitor({}), /^type must be "https" \(found: undefined\)$/);
    });

    it("fails allowInsecure", async () => {
        await assertResourceViolation(cloudflareLoadBalancerMonitorHttps, monitor({ type: "https", allowInsecure: true }), /^allowInsecure must be false or unset \(found: true\)$/);
    });
});
