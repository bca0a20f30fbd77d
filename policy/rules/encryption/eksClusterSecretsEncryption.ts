import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, isSet, listOf } from "../../lib/validate";

/** Envelope encryption of Kubernetes Secrets in etcd; adding it later forces a disruptive update. */
export const eksClusterSecretsEncryption: PlatformResourcePolicy = {
    name: "eks-cluster-secrets-encryption",
    description: "EKS clusters (aws:eks/cluster) must envelope-encrypt Kubernetes secrets with a KMS key: encryptionConfig.resources includes \"secrets\" and encryptionConfig.provider.keyArn is set.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "encryption",
    anchors: ["CKV_AWS_58", "AVD-AWS-0039", "FSBP EKS.3", "aws-eks-cluster-enable-cluster-encryption-config"],
    remediationSteps: "Set `encryptionConfig: { resources: [\"secrets\"], provider: { keyArn: key.arn } }` on the aws.eks.Cluster (or `encryptionConfigKeyArn` on the eks.Cluster component).",
    validateResource: validateResourceOfType(aws.eks.Cluster, (cluster, _args, reportViolation) => {
        const config = cluster.encryptionConfig;
        if (config === undefined || config === null) {
            reportViolation(`encryptionConfig must encrypt "secrets" with a KMS key (found: ${found(config)})`);
            return;
        }
        if (!listOf(config.resources).includes("secrets")) {
            reportViolation(`encryptionConfig.resources must include "secrets" (found: ${found(config.resources)})`);
        }
        if (!isSet(config.provider, "keyArn")) {
            reportViolation(`encryptionConfig.provider.keyArn must name a KMS key (found: ${found(config.provider?.keyArn)})`);
        }
    }),
};
