/**
 * atlas-ip-access-list-not-world: an Atlas project access-list entry must never admit the whole
 * internet; the cluster is reached through peering/PrivateLink or from named egress addresses.
 */
import * as mongodbatlas from "@pulumi/mongodbatlas";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found } from "../../lib/validate";
import { isWorldCidr } from "./lib/cidr";

/** Single addresses Atlas reads as "any address". */
const WORLD_ADDRESSES = ["0.0.0.0", "::"];

export const atlasIpAccessListNotWorld: PlatformResourcePolicy = {
    name: "atlas-ip-access-list-not-world",
    description: "MongoDB Atlas project IP access-list entries must not be 0.0.0.0/0, ::/0 or their single-address equivalents.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "exposure",
    anchors: ["prowler projects_network_access_list_exposed_to_internet"],
    remediationSteps: "Replace the entry with the NAT gateways' egress addresses, an `awsSecurityGroup` over VPC peering, or a PrivateLink endpoint.",
    validateResource: validateResourceOfType(mongodbatlas.ProjectIpAccessList, (entry, _args, reportViolation) => {
        if (isWorldCidr(entry.cidrBlock)) {
            reportViolation(`cidrBlock must not admit the whole internet (found: ${found(entry.cidrBlock)})`);
        }
        if (typeof entry.ipAddress === "string" && WORLD_ADDRESSES.includes(entry.ipAddress.trim())) {
            reportViolation(`ipAddress must not admit the whole internet (found: ${found(entry.ipAddress)})`);
        }
    }),
};
