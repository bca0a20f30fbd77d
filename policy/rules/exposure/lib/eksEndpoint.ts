/**
 * The EKS API endpoint check, shared by the `aws:eks/cluster:Cluster` rule (inputs under `vpcConfig`)
 * and the `eks:index:Cluster` component rule (the same three inputs at the top level).
 */
import { found, mustBe } from "../../../lib/validate";
import { isWorldCidr } from "./cidr";

export interface EndpointAccess {
    endpointPrivateAccess?: boolean;
    endpointPublicAccess?: boolean;
    publicAccessCidrs?: string[];
}

/**
 * Violation messages for one endpoint configuration; `prefix` names where the inputs live
 * (e.g. `vpcConfig.`). Defaults are EKS's: private access off, public access on, open to 0.0.0.0/0.
 */
export function endpointViolations(access: EndpointAccess, prefix: string): string[] {
    const messages: string[] = [];
    if (access.endpointPrivateAccess !== true) {
        messages.push(mustBe(`${prefix}endpointPrivateAccess`, "true so nodes and in-VPC clients reach the API privately", access.endpointPrivateAccess));
    }
    if (access.endpointPublicAccess === false) {
        return messages;
    }
    const cidrs = access.publicAccessCidrs;
    if (!Array.isArray(cidrs) || cidrs.length === 0) {
        messages.push(
            `${prefix}publicAccessCidrs must list the allowed CIDRs while ${prefix}endpointPublicAccess is not false; ` +
                `EKS defaults it to ["0.0.0.0/0"] (found: ${found(cidrs)}, ${prefix}endpointPublicAccess: ${found(access.endpointPublicAccess)})`,
        );
        return messages;
    }
    const world = cidrs.filter(isWorldCidr);
    if (world.length > 0) {
        messages.push(`${prefix}publicAccessCidrs must not include ${world.join(", ")}: the API endpoint would be open to the internet (found: ${found(cidrs)})`);
    }
    return messages;
}
