/**
 * eks-component-api-authentication: cluster access through EKS access entries (auditable IAM API
 * calls) instead of the deprecated aws-auth ConfigMap. The component's default is CONFIG_MAP.
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { EKS_COMPONENT_CLUSTER } from "../../lib/tokens";
import { mustBe, validateResourceOfTokens } from "../../lib/validate";
import { ACCESS_ENTRY_MODES } from "./lib/authenticationModes";

export const eksComponentApiAuthentication: PlatformResourcePolicy = {
    name: "eks-component-api-authentication",
    description: "The @pulumi/eks Cluster component must set authenticationMode API or API_AND_CONFIG_MAP (access entries), not CONFIG_MAP or unset.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "identity",
    anchors: [],
    remediationSteps: 'Pass `authenticationMode: eks.AuthenticationMode.Api` (or "API_AND_CONFIG_MAP" while migrating) and grant access through `accessEntries`.',
    validateResource: validateResourceOfTokens([EKS_COMPONENT_CLUSTER], (props, _args, reportViolation) => {
        if (!ACCESS_ENTRY_MODES.includes(props.authenticationMode)) {
            reportViolation(mustBe("authenticationMode", ACCESS_ENTRY_MODES.map((m) => `"${m}"`).join(" or "), props.authenticationMode));
        }
    }),
};
