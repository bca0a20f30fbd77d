import * as aws from "@pulumi/aws";
import { ReportViolation, validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { EKS_COMPONENT_CLUSTER } from "../../lib/tokens";
import { found, listOf, validateResourceOfTokens } from "../../lib/validate";

const LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

function checkLogTypes(logTypes: unknown, reportViolation: ReportViolation): void {
    const enabled = listOf(logTypes as string[] | undefined);
    const missing = LOG_TYPES.filter((t) => !enabled.includes(t));
    if (missing.length > 0) {
        reportViolation(`enabledClusterLogTypes must include all of ${LOG_TYPES.join(", ")} (found: ${found(logTypes)}; missing: ${missing.join(", ")})`);
    }
}

/** Control-plane logs (off by default) are the only record of who did what to the cluster. */
export const eksClusterControlPlaneLogs: PlatformResourcePolicy = {
    name: "eks-cluster-control-plane-logs",
    description: `EKS clusters must send all control-plane logs (${LOG_TYPES.join(", ")}) to CloudWatch, on both layers: aws:eks/cluster and the @pulumi/eks eks:index:Cluster component (enabledClusterLogTypes).`,
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "logging",
    anchors: ["CKV_AWS_37", "AVD-AWS-0038", "FSBP EKS.8"],
    remediationSteps: `Set \`enabledClusterLogTypes: ${JSON.stringify(LOG_TYPES)}\` on the eks.Cluster component (or the aws.eks.Cluster), with a retention-limited, KMS-encrypted /aws/eks/<name>/cluster log group.`,
    validateResource: [
        validateResourceOfType(aws.eks.Cluster, (cluster, _args, reportViolation) => checkLogTypes(cluster.enabledClusterLogTypes, reportViolation)),
        validateResourceOfTokens([EKS_COMPONENT_CLUSTER], (cluster, _args, reportViolation) => checkLogTypes(cluster.enabledClusterLogTypes, reportViolation)),
    ],
};
