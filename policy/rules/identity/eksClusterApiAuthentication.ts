/**
 * eks-cluster-api-authentication: the same access-entries requirement on `aws.eks.Cluster`
 * (`accessConfig.authenticationMode`; EKS uses CONFIG_MAP when it is unset).
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";
import { ACCESS_ENTRY_MODES } from "./lib/authenticationModes";

export const eksClusterApiAuthentication: PlatformResourcePolicy = {
    name: "eks-cluster-api-authentication",
    description: "EKS clusters must set accessConfig.authenticationMode API or API_AND_CONFIG_MAP (access entries), not CONFIG_MAP or unset.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "identity",
    anchors: [],
    remediationSteps: 'Set `accessConfig: { authenticationMode: "API" }` on the aws.eks.Cluster and grant access through aws.eks.AccessEntry resources.',
    validateResource: validateResourceOfType(aws.eks.Cluster, (cluster, _args, reportViolation) => {
        const mode = cluster.accessConfig?.authenticationMode;
        if (!ACCESS_ENTRY_MODES.includes(mode as string)) {
            reportViolation(mustBe("accessConfig.authenticationMode", ACCESS_ENTRY_MODES.map((m) => `"${m}"`).join(" or "), mode));
        }
    }),
};
