/** A compliant mongodbatlas.AdvancedCluster (v4 shape); each spec changes one property of it. */
import * as mongodbatlas from "@pulumi/mongodbatlas";
import { resourceArgs } from "../../helpers";

export function compliantClusterProps(): Record<string, any> {
    return {
        projectId: "6500000000000000000000aa",
        clusterType: "REPLICASET",
        mongoDbMajorVersion: "8.0",
        backupEnabled: true,
        pitEnabled: true,
        terminationProtectionEnabled: true,
        encryptionAtRestProvider: "AWS",
        advancedConfiguration: { minimumEnabledTlsProtocol: "TLS1_2", javascriptEnabled: false },
        replicationSpecs: [
            {
                regionConfigs: [
                    { providerName: "AWS", regionName: "EU_WEST_1", priority: 7, electableSpecs: { instanceSize: "M30", nodeCount: 3 } },
                ],
            },
        ],
    };
}

export function cluster(overrides: Record<string, any> = {}) {
    return resourceArgs(mongodbatlas.AdvancedCluster, { ...compliantClusterProps(), ...overrides });
}
