import * as aws from "@pulumi/aws";
import { eksClusterSecretsEncryption as policy } from "../../../rules/encryption/eksClusterSecretsEncryption";
import { compliantEksCluster } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN } from "../../helpers";

describe("eks-cluster-secrets-encryption", () => {
    it("passes secrets encrypted with a KMS key", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.eks.Cluster, compliantEksCluster()));
    });

    it("passes a key ARN unknown during preview", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.eks.Cluster, { ...compliantEksCluster(), encryptionConfig: { provider: { keyArn: UNKNOWN }, resources: ["secrets"] } }));
    });

    it("fails encryptionConfig left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.eks.Cluster, { ...compliantEksCluster(), encryptionConfig: undefined }), /encryptionConfig must encrypt "secrets" with a KMS key \(found: undefined\)/);
    });

    it("fails resources without secrets", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.eks.Cluster, { ...compliantEksCluster(), encryptionConfig: { provider: { keyArn: "arn:aws:kms:k" }, resources: [] } }),
            /encryptionConfig\.resources must include "secrets" \(found: \[\]\)/,
        );
    });

    it("fails provider.keyArn left unset", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.eks.Cluster, { ...compliantEksCluster(), encryptionConfig: { provider: {}, resources: ["secrets"] } }),
            /encryptionConfig\.provider\.keyArn must name a KMS key \(found: undefined\)/,
        );
    });
});
