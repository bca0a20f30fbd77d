/**
 * Judging one world-open ingress permission of a security group, whichever resource declares it
 * (inline `ingress` of `aws.ec2.SecurityGroup`, `aws.vpc.SecurityGroupIngressRule`, `aws.ec2.SecurityGroupRule`).
 */

export interface WorldIngressConfig {
    /** TCP ports a load-balancer group may open to the internet. */
    allowedPublicPorts: number[];
    /** Tag that marks a security group (or a standalone ingress rule) as an internet-facing load balancer's. */
    loadBalancerTagKey: string;
    loadBalancerTagValue: string;
}

export const worldIngressConfigSchema = {
    properties: {
        allowedPublicPorts: {
            type: "array" as const,
            items: { type: "integer" as const, minimum: 1, maximum: 65535 },
            default: [443],
            description: "TCP ports a load-balancer security group may open to 0.0.0.0/0 or ::/0 (single-port rules only).",
        },
        loadBalancerTagKey: {
            type: "string" as const,
            default: "platform:role",
            description: "Tag key marking an internet-facing load balancer's security group.",
        },
        loadBalancerTagValue: {
            type: "string" as const,
            default: "load-balancer",
            description: "Value of loadBalancerTagKey on an internet-facing load balancer's security group.",
        },
    },
};

export interface IngressPermission {
    protocol: unknown;
    fromPort: unknown;
    toPort: unknown;
}

/** True when the resource's own tags mark it as belonging to an internet-facing load balancer. */
export function isLoadBalancerTagged(tags: Record<string, string> | undefined, config: WorldIngressConfig): boolean {
    return tags !== undefined && tags !== null && tags[config.loadBalancerTagKey] === config.loadBalancerTagValue;
}

function isTcp(protocol: unknown): boolean {
    const p = String(protocol).toLowerCase();
    return p === "tcp" || p === "6";
}

/** A world-open permission is tolerated only for one allowed TCP port on a load-balancer group. */
export function isAllowedWorldIngress(permission: IngressPermission, onLoadBalancer: boolean, config: WorldIngressConfig): boolean {
    return (
        onLoadBalancer &&
        isTcp(permission.protocol) &&
        typeof permission.fromPort === "number" &&
        permission.fromPort === permission.toPort &&
        config.allowedPublicPorts.includes(permission.fromPort)
    );
}

function describePermission(permission: IngressPermission): string {
    if (String(permission.protocol) === "-1" || String(permission.protocol).toLowerCase() === "all") {
        return "all protocols and ports";
    }
    return `${JSON.stringify(permission.protocol)} ports ${permission.fromPort ?? "*"}-${permission.toPort ?? "*"}`;
}

/** The message for a world-open permission that is not tolerated. */
export function worldIngressMessage(where: string, permission: IngressPermission, worldCidrs: string[], onLoadBalancer: boolean, config: WorldIngressConfig): string {
    const tag = `${config.loadBalancerTagKey}=${config.loadBalancerTagValue}`;
    const allowance = onLoadBalancer
        ? `a load-balancer group may open only tcp ports ${JSON.stringify(config.allowedPublicPorts)} to the internet`
        : `only a group tagged ${tag} may accept internet traffic, on tcp ports ${JSON.stringify(config.allowedPublicPorts)}`;
    return `${where} must not open ${describePermission(permission)} to ${worldCidrs.join(", ")}: ${allowance}`;
}
