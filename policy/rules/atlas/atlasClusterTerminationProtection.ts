/**
 * atlas-cluster-termination-protection: the Atlas counterpart of RDS deletion protection; a
 * `pulumi destroy` or a replacement must not be able to delete the cluster and its backups.
 */
import * as mongodbatlas from "@pulumi/mongodbatlas";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

export const atlasClusterTerminationProtection: PlatformResourcePolicy = {
    name: "atlas-cluster-termination-protection",
    description: "MongoDB Atlas clusters must enable termination protection (terminationProtectionEnabled true).",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "data-loss",
    anchors: [],
    remediationSteps: "Set `terminationProtectionEnabled: true` on the mongodbatlas.AdvancedCluster (and `protect: true` in its resource options).",
    validateResource: validateResourceOfType(mongodbatlas.AdvancedCluster, (cluster, _args, reportViolation) => {
        if (cluster.terminationProtectionEnabled !== true) {
            reportViolation(mustBe("terminationProtectionEnabled", "true", cluster.terminationProtectionEnabled));
        }
    }),
};
