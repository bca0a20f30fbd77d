import * as aws from "@pulumi/aws";
import { eksClusterEndpointRestricted } from "../../../rules/exposure/eksClusterEndpointRestricted";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, violationsOf } from "../../helpers";
import { strict as assert } from "assert";

describe("eks-cluster-endpoint-restricted", () => {
    const cluster = (vpcConfig: Record<string, any>) =>
        resourceArgs(aws.eks.Cluster, { roleArn: "arn:aws:iam::111122223333:role/eks", vpcConfig: { subnetIds: ["subnet-a", "subnet-b"], ...vpcConfig } });

    it("passes a private-only endpoint", async () => {
        await assertNoResourceViolation(eksClusterEndpointRestricted, cluster({ endpointPrivateAccess: true, endpointPublicAccess: false }));
    });

    it("passes a public endpoint restricted to named CIDRs", async () => {
        await assertNoResourceViolation(
            eksClusterEndpointRestricted,
            cluster({ endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] }),
        );
    });

    it("fails when endpointPrivateAccess is left unset (EKS default false)", async () => {
        await assertResourceViolation(
            eksClusterEndpointRestricted,
            cluster({ endpointPublicAccess: false }),
            /vpcConfig\.endpointPrivateAccess must be true .*\(found: undefined\)/,
        );
    });

    it("fails when endpointPrivateAccess is false", async () => {
        await assertResourceViolation(
            eksClusterEndpointRestricted,
            cluster({ endpointPrivateAccess: false, endpointPublicAccess: false }),
            /vpcConfig\.endpointPrivateAccess must be true .*\(found: false\)/,
        );
    });

    it("fails a public endpoint with publicAccessCidrs unset (EKS default 0.0.0.0/0)", async () => {
        await assertResourceViolation(
            eksClusterEndpointRestricted,
            cluster({ endpointPrivateAccess: true, endpointPublicAccess: true }),
            /vpcConfig\.publicAccessCidrs must list the allowed CIDRs .*\(found: undefined, vpcConfig\.endpointPublicAccess: true\)/,
        );
    });

    it("fails when endpointPublicAccess is left unset (EKS default true) and no CIDRs are given", async () => {
        await assertResourceViolation(
            eksClusterEndpointRestricted,
            cluster({ endpointPrivateAccess: true }),
            /vpcConfig\.publicAccessCidrs must list the allowed CIDRs .*endpointPublicAccess: undefined\)/,
        );
    });

    it("fails an empty publicAccessCidrs list", async () => {
        await assertResourceViolation(
            eksClusterEndpointRestricted,
            cluster({ endpointPrivateAccess: true, publicAccessCidrs: [] }),
            /vpcConfig\.publicAccessCidrs must list the allowed CIDRs .*\(found: \[\]/,
        );
    });

    it("fails publicAccessCidrs containing 0.0.0.0/0", async () => {
        await assertResourceViolation(
            eksClusterEndpointRestricted,
            cluster({ endpointPrivateAccess: true, publicAccessCidrs: ["203.0.113.0/24", "0.0.0.0/0"] }),
            /vpcConfig\.publicAccessCidrs must not include 0\.0\.0\.0\/0/,
        );
    });

    it("fails publicAccessCidrs containing ::/0", async () => {
        await assertResourceViolation(eksClusterEndpointRestricted, cluster({ endpointPrivateAccess: true, publicAccessCidrs: ["::/0"] }), /must not include ::\/0/);
    });

    it("reports both problems of a default cluster", async () => {
        const messages = await violationsOf(eksClusterEndpointRestricted, cluster({}));
        assert.equal(messages.length, 2, JSON.stringify(messages));
    });
});
