/**
 * atlas-cluster-encryption-at-rest-kms: Atlas always encrypts storage, but only with a customer key
 * (AWS KMS, configured by mongodbatlas.EncryptionAtRest) can the platform revoke access and audit use.
 */
import * as mongodbatlas from "@pulumi/mongodbatlas";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

export const atlasClusterEncryptionAtRestKms: PlatformResourcePolicy = {
    name: "atlas-cluster-encryption-at-rest-kms",
    description: 'MongoDB Atlas clusters must encrypt at rest with the customer\'s AWS KMS key (encryptionAtRestProvider "AWS").',
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "encryption",
    anchors: ["prowler clusters_encryption_at_rest_enabled"],
    remediationSteps: 'Configure mongodbatlas.EncryptionAtRest for the project with an AWS KMS key, then set `encryptionAtRestProvider: "AWS"` on the cluster.',
    validateResource: validateResourceOfType(mongodbatlas.AdvancedCluster, (cluster, _args, reportViolation) => {
        if (cluster.encryptionAtRestProvider !== "AWS") {
            reportViolation(mustBe("encryptionAtRestProvider", '"AWS"', cluster.encryptionAtRestProvider));
        }
    }),
};
