/**
 * subnet-no-public-ip-on-launch: only subnets meant to be public (tagged as such, by default with the
 * Kubernetes ELB role tag the public tier carries) may hand out public IPs; anything launched into a
 * private subnet must stay unaddressable from the internet. The provider default (false) is safe.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found } from "../../lib/validate";

interface Config {
    /** A subnet carrying any of these tag pairs is public. */
    publicSubnetTags: Record<string, string>;
}

export const subnetNoPublicIpOnLaunch: PlatformResourcePolicy = {
    name: "subnet-no-public-ip-on-launch",
    description: "Subnets not tagged as public must not assign public IPv4 addresses on launch.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "exposure",
    anchors: ["CKV_AWS_130", "AVD-AWS-0164", "FSBP EC2.15"],
    remediationSteps:
        "Leave `mapPublicIpOnLaunch` unset (or false) on private subnets. A deliberately public subnet must carry one of the tags in the policy config `publicSubnetTags` (default kubernetes.io/role/elb=1).",
    configSchema: {
        properties: {
            publicSubnetTags: {
                type: "object",
                additionalProperties: { type: "string" },
                default: { "kubernetes.io/role/elb": "1" },
                description: "Tag pairs that mark a subnet as public (any one suffices).",
            },
        },
    },
    validateResource: validateResourceOfType(aws.ec2.Subnet, (subnet, args, reportViolation) => {
        if (subnet.mapPublicIpOnLaunch !== true) {
            return;
        }
        const { publicSubnetTags } = args.getConfig<Config>();
        const tags = subnet.tags ?? {};
        const isPublic = Object.entries(publicSubnetTags).some(([key, value]) => tags[key] === value);
        if (!isPublic) {
            reportViolation(
                `mapPublicIpOnLaunch must be false on a subnet not tagged as public (found: true; public tags: ${found(publicSubnetTags)}, subnet tags: ${found(subnet.tags)})`,
            );
        }
    }),
};
