/**
 * eks-component-managed-node-group-imdsv2: an `@pulumi/eks` ManagedNodeGroup must either enable
 * IMDSv2 (the component then builds a launch template requiring tokens) or bring its own launch
 * template, whose metadata options launch-template-imdsv2 checks. The component's default is neither.
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { EKS_COMPONENT_MANAGED_NODE_GROUP } from "../../lib/tokens";
import { found, validateResourceOfTokens } from "../../lib/validate";

export const eksComponentManagedNodeGroupImdsv2: PlatformResourcePolicy = {
    name: "eks-component-managed-node-group-imdsv2",
    description: "@pulumi/eks ManagedNodeGroups must set enableIMDSv2 true or use a launchTemplate (which launch-template-imdsv2 checks).",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "identity",
    anchors: ["CKV_AWS_79", "FSBP EC2.8"],
    remediationSteps: "Pass `enableIMDSv2: true` to `new eks.ManagedNodeGroup(...)`, or a `launchTemplate` whose metadataOptions require tokens with hop limit 1.",
    validateResource: validateResourceOfTokens([EKS_COMPONENT_MANAGED_NODE_GROUP], (props, _args, reportViolation) => {
        const launchTemplate = props.launchTemplate;
        const hasLaunchTemplate = launchTemplate !== undefined && launchTemplate !== null && (launchTemplate.id !== undefined || launchTemplate.name !== undefined);
        if (props.enableIMDSv2 !== true && !hasLaunchTemplate) {
            reportViolation(
                `enableIMDSv2 must be true, or launchTemplate must name a launch template (found: enableIMDSv2 ${found(props.enableIMDSv2)}, launchTemplate ${found(launchTemplate)})`,
            );
        }
    }),
};
