/**
 * What every VPC data store (Postgres, Redis) is given about where it lives and how it is protected, so the
 * components declare it once.
 */
import * as pulumi from "@pulumi/pulumi";

export interface DataStorePlacementArgs {
    vpcId: pulumi.Input<string>;
    /** Subnets the store's subnet group spans (isolated database subnets for Postgres, private for Redis). */
    subnetIds: pulumi.Input<string>[];
    /** Security groups allowed to connect on the store's port: the cluster's node and cluster security groups. */
    clientSecurityGroupIds: pulumi.Input<string>[];
    /** Data-store CMK of this region: storage at rest (and, for Postgres, the master secret and Performance Insights). */
    dataKeyArn: pulumi.Input<string>;
    /** CMK of this region's log groups. */
    logsKeyArn: pulumi.Input<string>;
    logRetentionDays: number;
    /** protectStatefulResources: pulumi protect, deletion protection where the service has it, a final snapshot. */
    protect: boolean;
}
