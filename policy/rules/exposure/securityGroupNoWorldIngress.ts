/**
 * security-group-no-world-ingress: no security group accepts traffic from 0.0.0.0/0 or ::/0, except
 * an internet-facing load balancer's group on the configured TCP ports (default 443). Checked on every
 * resource that can declare ingress: inline `ingress` blocks, `aws.vpc.SecurityGroupIngressRule` and
 * `aws.ec2.SecurityGroupRule` (which has no tags, so it can never claim the load-balancer exception).
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { listOf } from "../../lib/validate";
import { worldCidrsIn, isWorldCidr } from "./lib/cidr";
import { isAllowedWorldIngress, isLoadBalancerTagged, WorldIngressConfig, worldIngressConfigSchema, worldIngressMessage } from "./lib/worldIngress";

export const securityGroupNoWorldIngress: PlatformResourcePolicy = {
    name: "security-group-no-world-ingress",
    description:
        "Security groups must not allow ingress from 0.0.0.0/0 or ::/0, except single allowed TCP ports (default 443) on a group tagged as an internet-facing load balancer's.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "exposure",
    anchors: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277", "AVD-AWS-0107", "FSBP EC2.18", "FSBP EC2.19", "aws-ec2-securitygroup-disallow-public-internet-ingress"],
    remediationSteps:
        "Replace 0.0.0.0/0 and ::/0 sources with the VPC CIDR, a prefix list or a source security group. An internet-facing load balancer's group may keep a single-port rule for the allowed ports (policy config `allowedPublicPorts`) when the group (or the `aws.vpc.SecurityGroupIngressRule`) carries the load-balancer tag.",
    configSchema: worldIngressConfigSchema,
    validateResource: [
        validateResourceOfType(aws.ec2.SecurityGroup, (group, args, reportViolation) => {
            const config = args.getConfig<WorldIngressConfig>();
            const onLoadBalancer = isLoadBalancerTagged(group.tags, config);
            listOf(group.ingress).forEach((rule, i) => {
                const world = [...worldCidrsIn(rule.cidrBlocks), ...worldCidrsIn(rule.ipv6CidrBlocks)];
                if (world.length > 0 && !isAllowedWorldIngress(rule, onLoadBalancer, config)) {
                    reportViolation(worldIngressMessage(`ingress[${i}]`, rule, world, onLoadBalancer, config));
                }
            });
        }),
        validateResourceOfType(aws.vpc.SecurityGroupIngressRule, (rule, args, reportViolation) => {
            const config = args.getConfig<WorldIngressConfig>();
            const onLoadBalancer = isLoadBalancerTagged(rule.tags, config);
            const permission = { protocol: rule.ipProtocol, fromPort: rule.fromPort, toPort: rule.toPort };
            for (const property of ["cidrIpv4", "cidrIpv6"] as const) {
                const cidr = rule[property];
                if (isWorldCidr(cidr) && !isAllowedWorldIngress(permission, onLoadBalancer, config)) {
                    reportViolation(worldIngressMessage(property, permission, [cidr as string], onLoadBalancer, config));
                }
            }
        }),
        validateResourceOfType(aws.ec2.SecurityGroupRule, (rule, args, reportViolation) => {
            if (rule.type !== "ingress") {
                return;
            }
            const config = args.getConfig<WorldIngressConfig>();
            const world = [...worldCidrsIn(rule.cidrBlocks), ...worldCidrsIn(rule.ipv6CidrBlocks)];
            // SecurityGroupRule carries no tags, so it cannot be recognised as a load balancer's rule.
            if (world.length > 0 && !isAllowedWorldIngress(rule, false, config)) {
                reportViolation(worldIngressMessage("cidrBlocks/ipv6CidrBlocks", rule, world, false, config));
            }
        }),
    ],
};
