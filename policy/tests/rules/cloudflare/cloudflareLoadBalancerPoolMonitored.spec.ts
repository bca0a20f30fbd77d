import * as cloudflare from "@pulumi/cloudflare";
import { cloudflareLoadBalancerPoolMonitored } from "../../../rules/cloudflare/cloudflareLoadBalancerPoolMonitored";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const origin = { name: "gateway-us-east-1", address: "gw.us-east-1.example.net", enabled: true };
const pool = (props: Record<string, any>) => resourceArgs(cloudflare.LoadBalancerPool, { accountId: "a".repeat(32), name: "platform-prod-us-east-1", origins: [origin], ...props });

describe("cloudflare-load-balancer-pool-monitored", () => {
    it("passes a pool with a monitor, or a monitor group, and an enabled origin (enabled unset counts)", async () => {
        await assertNoResourceViolation(cloudflareLoadBalancerPoolMonitored, pool({ monitor: "m1" }));
        await assertNoResourceViolation(cloudflareLoadBalancerPoolMonitored, pool({ monitorGroup: "g1" }));
        await assertNoResourceViolation(cloudflareLoadBalancerPoolMonitored, pool({ monitor: "m1", origins: [{ address: "gw.example.net" }] }));
    });

    it("fails a pool whose monitor is unset or empty", async () => {
        await assertResourceViolation(cloudflareLoadBalancerPoolMonitored, pool({}), /^monitor or monitorGroup must be set \(found: undefined\)$/);
        await assertResourceViolation(cloudflareLoadBalancerPoolMonitored, pool({ monitor: "" }), /monitor or monitorGroup must be set \(found: ""\)/);
    });

    it("fails a pool without origins, or with every origin disabled", async () => {
        await assertResourceViolation(cloudflareLoadBalancerPoolMonitored, pool({ monitor: "m1", origins: undefined }), /^origins must be at least one origin with enabled not false \(found: undefined\)$/);
        await assertResourceViolation(cloudflareLoadBalancerPoolMonitored, pool({ monitor: "m1", origins: [] }), /origins must be at least one origin/);
        await assertResourceViolation(cloudflareLoadBalancerPoolMonitored, pool({ monitor: "m1", origins: [{ ...origin, enabled: false }] }), /origins must be at least one origin/);
    });
});
