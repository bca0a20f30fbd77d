import * as aws from "@pulumi/aws";
import { eksComponentSecretsEncryption as policy } from "../../../rules/encryption/eksComponentSecretsEncryption";
import { compliantEksComponentCluster } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN } from "../../helpers";

describe("eks-component-secrets-encryption", () => {
    it("passes an eks:index:Cluster with encryptionConfigKeyArn", async () => {
        await assertNoResourceViolation(policy, resourceArgs("eks:index:Cluster", compliantEksComponentCluster()));
    });

    it("passes a key ARN unknown during preview", async () => {
        await assertNoResourceViolation(policy, resourceArgs("eks:index:Cluster", { ...compliantEksComponentCluster(), encryptionConfigKeyArn: UNKNOWN }));
    });

    it("fails encryptionConfigKeyArn left unset", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs("eks:index:Cluster", { ...compliantEksComponentCluster(), encryptionConfigKeyArn: undefined }),
            /encryptionConfigKeyArn must name a KMS key \(found: undefined\)/,
        );
    });

    it("does not apply to the aws:eks/cluster resource", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.eks.Cluster, {}));
    });
});
