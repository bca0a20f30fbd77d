/**
 * eks-component-endpoint-restricted: the same endpoint rule on the `@pulumi/eks` Cluster component's
 * inputs, so the offline gate (where the component registers no children) still catches it.
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { EKS_COMPONENT_CLUSTER } from "../../lib/tokens";
import { validateResourceOfTokens } from "../../lib/validate";
import { endpointViolations } from "./lib/eksEndpoint";

export const eksComponentEndpointRestricted: PlatformResourcePolicy = {
    name: "eks-component-endpoint-restricted",
    description:
        "The @pulumi/eks Cluster component must enable the private API endpoint and either disable the public one or restrict it to CIDRs that exclude 0.0.0.0/0 and ::/0.",
    enforcementLevel: "mandatory",
    severity: "critical",
    theme: "exposure",
    anchors: ["CKV_AWS_38", "CKV_AWS_39", "AVD-AWS-0040", "AVD-AWS-0041", "FSBP EKS.1"],
    remediationSteps:
        "Pass `endpointPrivateAccess: true` to `new eks.Cluster(...)`, and either `endpointPublicAccess: false` or `publicAccessCidrs` listing the operator/CI networks.",
    validateResource: validateResourceOfTokens([EKS_COMPONENT_CLUSTER], (props, _args, reportViolation) => {
        const access = {
            endpointPrivateAccess: props.endpointPrivateAccess,
            endpointPublicAccess: props.endpointPublicAccess,
            publicAccessCidrs: props.publicAccessCidrs,
        };
        for (const message of endpointViolations(access, "")) {
            reportViolation(message);
        }
    }),
};
