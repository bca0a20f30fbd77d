import * as aws from "@pulumi/aws";
import { eksClusterApiAuthentication } from "../../../rules/identity/eksClusterApiAuthentication";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("eks-cluster-api-authentication", () => {
    const cluster = (accessConfig: Record<string, any> | undefined) =>
        resourceArgs(aws.eks.Cluster, { roleArn: "arn:aws:iam::111122223333:role/eks", vpcConfig: { subnetIds: ["subnet-a"] }, accessConfig });

    it("passes API", async () => {
        await assertNoResourceViolation(eksClusterApiAuthentication, cluster({ authenticationMode: "API" }));
    });

    it("passes API_AND_CONFIG_MAP", async () => {
        await assertNoResourceViolation(eksClusterApiAuthentication, cluster({ authenticationMode: "API_AND_CONFIG_MAP" }));
    });

    it("fails CONFIG_MAP", async () => {
        await assertResourceViolation(eksClusterApiAuthentication, cluster({ authenticationMode: "CONFIG_MAP" }), /accessConfig\.authenticationMode must be "API" or "API_AND_CONFIG_MAP" \(found: "CONFIG_MAP"\)/);
    });

    it("fails when accessConfig is left unset (EKS uses CONFIG_MAP)", async () => {
        await assertResourceViolation(eksClusterApiAuthentication, cluster(undefined), /accessConfig\.authenticationMode must be .* \(found: undefined\)/);
    });
});
