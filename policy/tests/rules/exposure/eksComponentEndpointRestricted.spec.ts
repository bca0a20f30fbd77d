import { eksComponentEndpointRestricted } from "../../../rules/exposure/eksComponentEndpointRestricted";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("eks-component-endpoint-restricted", () => {
    const cluster = (props: Record<string, any>) => resourceArgs("eks:index:Cluster", { vpcId: "vpc-1", ...props });

    it("passes a private-only endpoint", async () => {
        await assertNoResourceViolation(eksComponentEndpointRestricted, cluster({ endpointPrivateAccess: true, endpointPublicAccess: false }));
    });

    it("passes a public endpoint restricted to named CIDRs", async () => {
        await assertNoResourceViolation(eksComponentEndpointRestricted, cluster({ endpointPrivateAccess: true, publicAccessCidrs: ["198.51.100.7/32"] }));
    });

    it("fails when endpointPrivateAccess is left unset", async () => {
        await assertResourceViolation(
            eksComponentEndpointRestricted,
            cluster({ endpointPublicAccess: false }),
            /^endpointPrivateAccess must be true .*\(found: undefined\)/,
        );
    });

    it("fails a public endpoint with publicAccessCidrs unset", async () => {
        await assertResourceViolation(
            eksComponentEndpointRestricted,
            cluster({ endpointPrivateAccess: true, endpointPublicAccess: true }),
            /^publicAccessCidrs must list the allowed CIDRs .*\(found: undefined, endpointPublicAccess: true\)/,
        );
    });

    it("fails publicAccessCidrs containing 0.0.0.0/0", async () => {
        await assertResourceViolation(eksComponentEndpointRestricted, cluster({ endpointPrivateAccess: true, publicAccessCidrs: ["0.0.0.0/0"] }), /publicAccessCidrs must not include 0\.0\.0\.0\/0/);
    });

    it("ignores the aws:eks/cluster layer (its own rule covers it)", async () => {
        await assertNoResourceViolation(eksComponentEndpointRestricted, resourceArgs("aws:eks/cluster:Cluster", { vpcConfig: {} }));
    });
});
