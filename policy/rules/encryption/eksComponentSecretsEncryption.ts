import { PlatformResourcePolicy } from "../../lib/rule";
import { EKS_COMPONENT_CLUSTER } from "../../lib/tokens";
import { found, isSet, validateResourceOfTokens } from "../../lib/validate";

/**
 * The same guarantee as eks-cluster-secrets-encryption, checked on the @pulumi/eks component's own
 * inputs: a multi-language component's children are created by its plugin, not by this program.
 */
export const eksComponentSecretsEncryption: PlatformResourcePolicy = {
    name: "eks-component-secrets-encryption",
    description: "@pulumi/eks clusters (eks:index:Cluster) must envelope-encrypt Kubernetes secrets with a KMS key (encryptionConfigKeyArn).",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "encryption",
    anchors: ["CKV_AWS_58", "AVD-AWS-0039", "FSBP EKS.3"],
    remediationSteps: "Set `encryptionConfigKeyArn: key.arn` on the eks.Cluster.",
    validateResource: validateResourceOfTokens([EKS_COMPONENT_CLUSTER], (cluster, _args, reportViolation) => {
        if (!isSet(cluster, "encryptionConfigKeyArn")) {
            reportViolation(`encryptionConfigKeyArn must name a KMS key (found: ${found(cluster.encryptionConfigKeyArn)})`);
        }
    }),
};
