/**
 * atlas-cluster-min-tls: clients must negotiate TLS 1.2 or later. Set explicitly: the effective
 * default depends on when the cluster was created.
 */
import * as mongodbatlas from "@pulumi/mongodbatlas";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

const MODERN_TLS = ["TLS1_2", "TLS1_3"];

export const atlasClusterMinTls: PlatformResourcePolicy = {
    name: "atlas-cluster-min-tls",
    description: "MongoDB Atlas clusters must set advancedConfiguration.minimumEnabledTlsProtocol to TLS1_2 or TLS1_3.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "tls",
    anchors: ["prowler clusters_tls_enabled"],
    remediationSteps: 'Set `advancedConfiguration: { minimumEnabledTlsProtocol: "TLS1_2" }` (or "TLS1_3") on the mongodbatlas.AdvancedCluster.',
    validateResource: validateResourceOfType(mongodbatlas.AdvancedCluster, (cluster, _args, reportViolation) => {
        const protocol = cluster.advancedConfiguration?.minimumEnabledTlsProtocol;
        if (!MODERN_TLS.includes(protocol as string)) {
            reportViolation(mustBe("advancedConfiguration.minimumEnabledTlsProtocol", '"TLS1_2" or "TLS1_3"', protocol));
        }
    }),
};
