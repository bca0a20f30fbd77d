/**
 * k8s-karpenter-ec2nodeclass-hardened: the nodes Karpenter launches are only as safe as their EC2NodeClass. It must
 * require IMDSv2 tokens with a hop limit of 1 (pods cannot reach the node role's credentials; they use IRSA), give
 * every block device an encrypted volume under a customer-managed key (Karpenter's default root volume uses the
 * account's default EBS key), and pin its AMI (`@latest` replaces every node whenever AWS publishes an AMI).
 * Karpenter has no SDK class here, so the rule matches the custom resource's type token.
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, isSet, listOf, mustBe, validateResourceOfTokens } from "../../lib/validate";

export const KARPENTER_EC2_NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";

export const k8sKarpenterEc2NodeClassHardened: PlatformResourcePolicy = {
    name: "k8s-karpenter-ec2nodeclass-hardened",
    description:
        'Karpenter EC2NodeClasses must set metadataOptions.httpTokens "required" and httpPutResponseHopLimit 1, list blockDeviceMappings whose every EBS volume is encrypted with a kmsKeyID, and pin their AMI (no @latest alias).',
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "kubernetes",
    anchors: ["CKV_AWS_79", "CKV_AWS_8", "FSBP EC2.8"],
    remediationSteps:
        'On the EC2NodeClass set `metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 }`, `blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: true, kmsKeyID: <EBS key ARN>, volumeType: "gp3", volumeSize: "50Gi" } }]` and `amiSelectorTerms: [{ alias: "al2023@vYYYYMMDD" }]`.',
    validateResource: validateResourceOfTokens([KARPENTER_EC2_NODE_CLASS], (props, _args, reportViolation) => {
        const spec = props.spec ?? {};
        const metadata = spec.metadataOptions ?? {};
        if (metadata.httpTokens !== "required") {
            reportViolation(mustBe("spec.metadataOptions.httpTokens", '"required"', metadata.httpTokens));
        }
        if (metadata.httpPutResponseHopLimit !== 1) {
            reportViolation(mustBe("spec.metadataOptions.httpPutResponseHopLimit", "1", metadata.httpPutResponseHopLimit));
        }
        const devices = listOf(spec.blockDeviceMappings);
        if (devices.length === 0) {
            reportViolation(`spec.blockDeviceMappings must list the root volume, encrypted with a customer-managed key (found: ${found(spec.blockDeviceMappings)})`);
        }
        devices.forEach((device: any, i: number) => {
            const ebs = device?.ebs ?? {};
            if (ebs.encrypted !== true) {
                reportViolation(mustBe(`spec.blockDeviceMappings[${i}].ebs.encrypted`, "true", ebs.encrypted));
            }
            if (!isSet(ebs, "kmsKeyID")) {
                reportViolation(mustBe(`spec.blockDeviceMappings[${i}].ebs.kmsKeyID`, "a customer-managed KMS key", ebs.kmsKeyID));
            }
        });
        listOf(spec.amiSelectorTerms).forEach((term: any, i: number) => {
            if (typeof term?.alias === "string" && term.alias.endsWith("@latest")) {
                reportViolation(mustBe(`spec.amiSelectorTerms[${i}].alias`, "pinned to an AMI release (e.g. al2023@v20250704)", term.alias));
            }
        });
    }),
};
