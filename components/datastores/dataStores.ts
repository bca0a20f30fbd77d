/**
 * The regional data stores (PostgreSQL, Redis, S3 buckets) and the outputs other components consume.
 * The interfaces below are the contract with the per-service access components (External Secrets, IAM).
 *
 * Primary region: Postgres, Redis and the buckets. Secondary region: the buckets, Redis with
 * `redis.inSecondaryRegions`, and with
 * `postgres.crossRegionReplica` an encrypted read replica of the primary's Postgres (promote it for DR).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig, RegionConfig } from "../../config";
import { physicalName } from "../../lib/naming";
import { Buckets } from "./buckets";
import { tracesBucketName } from "../observability/observability";
import { Cluster } from "../cluster/cluster";
import { backupSelectionTags } from "../dr/backup";
import { Keys } from "../secrets/keys";
import { Network } from "../network/network";
import { DataStorePlacementArgs } from "./placement";
import { Postgres } from "./postgres";
import { ELASTICACHE_ID_MAX_LENGTH, GlobalDatastoreMembership, globalDatastoreSuffix, Redis } from "./redis";
import type { SecretReplicaRegion, SecretsHome } from "../secrets/secretReplicas";

export { REDIS_SECRET_KEYS } from "./redis";

export interface PostgresOutputs {
    endpoint: pulumi.Output<string>;
    address: pulumi.Output<string>;
    port: pulumi.Output<number>;
    databaseName: string;
    masterUsername: string;
    /** Physical identifier of this region's instance. */
    identifier: string;
    /**
     * With `masterUserManagement: rds`: the RDS-managed master secret (JSON with `username` and `password`,
     * rotated by RDS). For a cross-region replica this is the primary's, in the primary region.
     */
    masterUserSecretArn?: pulumi.Output<string>;
    /**
     * With `masterUserManagement: stack` (primary region): the password the instance was created with, the
     * rotation function's security group and subnets. The secret itself is created once every replica
     * region's key exists (postgresMasterSecret.ts `createMasterSecret`).
     */
    generatedMaster?: { password: pulumi.Output<string>; rotationSecurityGroupId: pulumi.Output<string>; subnetIds: pulumi.Input<string>[] };
    securityGroupId: pulumi.Output<string>;
    /** The instance's DB subnet group (where the backup restore drill places its temporary instance). */
    dbSubnetGroupName: pulumi.Output<string>;
    instanceArn: pulumi.Output<string>;
    /** `db-...` id used in `rds-db:connect` ARNs for IAM database authentication. */
    resourceId: pulumi.Output<string>;
}

export interface RedisOutputs {
    /** Primary endpoint host (TLS required on `port`). */
    primaryEndpoint: pulumi.Output<string>;
    readerEndpoint: pulumi.Output<string>;
    port: number;
    /** Physical replication group id (its member clusters `<id>-001`... carry the CloudWatch metrics). */
    replicationGroupId: string;
    /** Secrets Manager secret holding JSON `{ "password": ... }` (plus `"username"` with RBAC): see REDIS_SECRET_KEYS. */
    authTokenSecretArn: pulumi.Output<string>;
    securityGroupId: pulumi.Output<string>;
    /** With `redis.globalDatastore`: the global datastore's id (AWS-prefixed) and this group's role in it. */
    globalDatastore?: { id: pulumi.Output<string>; role: "primary" | "secondary" };
    /** The AUTH token (secret): a global datastore's secondary members authenticate with the primary's. */
    authToken?: pulumi.Output<string>;
}

export interface BucketOutputs {
    bucketName: pulumi.Output<string>;
    arn: pulumi.Output<string>;
    /** The bucket's versioning resource, which S3 replication (components/dr) must wait for. */
    versioning: pulumi.Resource;
}

export type { SecretsHome, SecretReplicaRegion } from "../secrets/secretReplicas";

export interface RegionalDataStores {
    postgres?: PostgresOutputs;
    redis?: RedisOutputs;
    buckets: { documents: BucketOutputs; assets: BucketOutputs; accessLogs: BucketOutputs };
    /** The primary region's secrets home, passed on to secondary regions. */
    secretsHome: SecretsHome;
}

export interface RegionalDataStoresArgs {
    config: PlatformConfig;
    region: RegionConfig;
    prefix: string;
    provider: aws.Provider;
    keys: Keys;
    network: Network;
    cluster: Cluster;
    /** The primary region's data stores; a secondary region needs them for the cross-region replica. */
    primary?: RegionalDataStores;
    /** The secondary regions and their data keys, where the primary's secrets are replicated. */
    secretReplicaRegions: SecretReplicaRegion[];
}

export function createRegionalDataStores(args: RegionalDataStoresArgs): RegionalDataStores {
    const { config, region, prefix, provider, keys, network, cluster } = args;
    const protect = config.protectStatefulResources;
    // The backup plan runs in the primary region and selects by tag; other regions' stores are copies or replicas.
    const backupTags = config.backup && region.role === "primary" ? backupSelectionTags(config.environment) : undefined;
    // The group EKS puts on every node, so on every pod's traffic (see Cluster.nodeSecurityGroupId).
    const clientSecurityGroupIds = [cluster.nodeSecurityGroupId];

    const buckets = new Buckets(
        `${prefix}-buckets`,
        {
            environment: config.environment,
            accountId: config.awsAccountId,
            region: region.name,
            settings: config.buckets,
            s3KeyArn: keys.arns.s3,
            protect,
            documentsBackupTags: backupTags,
            // Tempo's traces bucket (selfHosted observability) logs its access here too.
            additionalLoggedBucketNames:
                config.observability?.mode === "selfHosted" ? [tracesBucketName({ environment: config.environment, region: region.name, accountId: config.awsAccountId })] : [],
        },
        { provider },
    );
    const result: RegionalDataStores = {
        buckets: {
            documents: { bucketName: buckets.documents.bucketName, arn: buckets.documents.arn, versioning: buckets.documents.versioning },
            assets: { bucketName: buckets.assets.bucketName, arn: buckets.assets.arn, versioning: buckets.assets.versioning },
            accessLogs: { bucketName: buckets.accessLogs.bucketName, arn: buckets.accessLogs.arn, versioning: buckets.accessLogs.versioning },
        },
        secretsHome: args.primary?.secretsHome ?? { provider, keyArn: keys.arns.data, replicaRegions: args.secretReplicaRegions },
    };

    // Where the VPC data stores live and how they are protected; Postgres narrows it to the isolated subnets.
    const placement: DataStorePlacementArgs = {
        vpcId: network.vpcId,
        subnetIds: network.privateSubnetIds,
        clientSecurityGroupIds,
        dataKeyArn: keys.arns.data,
        logsKeyArn: keys.arns.logs,
        logRetentionDays: config.logRetentionDays,
        protect,
    };
    const postgresArgs = {
        accountId: config.awsAccountId,
        identifier: physicalName(["platform", prefix, "postgres"]),
        settings: config.postgres,
        ...placement,
        subnetIds: network.databaseSubnetIds,
        vpcCidr: region.vpcCidr,
        backupTags,
        continuousBackupByAwsBackup: backupTags !== undefined && config.backup?.continuousBackupDays !== undefined,
    };

    if (region.role === "primary") {
        const postgres = new Postgres(`${prefix}-postgres`, postgresArgs, { provider });
        result.postgres = {
            ...postgresOutputs(postgres, config, postgresArgs.identifier, postgres.masterUserSecretArn),
            generatedMaster: postgres.generatedMaster && { ...postgres.generatedMaster, subnetIds: network.databaseSubnetIds },
        };
    } else if (config.postgres.crossRegionReplica) {
        const source = args.primary?.postgres;
        if (!source) {
            // Config validation requires the primary region first; this guards the call order in platform.ts.
            throw new Error(`${prefix}: the cross-region Postgres replica needs the primary region's data stores created first`);
        }
        const identifier = physicalName(["platform", prefix, "postgres", "replica"]);
        const replica = new Postgres(`${prefix}-postgres-replica`, { ...postgresArgs, identifier, replicaOf: { sourceInstanceArn: source.instanceArn } }, { provider });
        result.postgres = postgresOutputs(replica, config, identifier, source.masterUserSecretArn);
    }

    if (region.role === "primary" || config.redis.inSecondaryRegions) {
        const replicationGroupId = physicalName(["platform", prefix, "redis"], ELASTICACHE_ID_MAX_LENGTH);
        let globalDatastore: GlobalDatastoreMembership | undefined;
        if (config.redis.globalDatastore) {
            const primaryRedis = args.primary?.redis;
            if (region.role === "primary") {
                globalDatastore = { role: "primary", suffix: globalDatastoreSuffix(config.environment) };
            } else if (primaryRedis?.globalDatastore && primaryRedis.authToken) {
                globalDatastore = { role: "secondary", globalReplicationGroupId: primaryRedis.globalDatastore.id, authToken: primaryRedis.authToken };
            } else {
                // Config validation requires the primary region first; this guards the call order in platform.ts.
                throw new Error(`${prefix}: the Redis global datastore's secondary member needs the primary region's Redis created first`);
            }
        }
        const redis = new Redis(
            `${prefix}-redis`,
            {
                environment: config.environment,
                region: region.name,
                replicationGroupId,
                settings: config.redis,
                ...placement,
                secretsHome: result.secretsHome,
                globalDatastore,
            },
            { provider },
        );
        result.redis = {
            replicationGroupId,
            globalDatastore: globalDatastore && {
                role: globalDatastore.role,
                id: globalDatastore.role === "primary" ? redis.globalReplicationGroup!.globalReplicationGroupId : pulumi.output(globalDatastore.globalReplicationGroupId),
            },
            authToken: redis.authToken,
            primaryEndpoint: redis.primaryEndpoint,
            readerEndpoint: redis.readerEndpoint,
            port: redis.port,
            authTokenSecretArn: redis.credentialsSecretArn,
            securityGroupId: redis.securityGroupId,
        };
    }
    return result;
}

/** What operators need from a region's data stores (endpoints and bucket names; no secrets, no ARNs of secrets). */
export interface DataStoreEndpoints {
    postgresEndpoint?: pulumi.Output<string>;
    redisPrimaryEndpoint?: pulumi.Output<string>;
    buckets: { documents: pulumi.Output<string>; assets: pulumi.Output<string>; accessLogs: pulumi.Output<string> };
}

export function dataStoreEndpoints(stores: RegionalDataStores): DataStoreEndpoints {
    return {
        postgresEndpoint: stores.postgres?.endpoint,
        redisPrimaryEndpoint: stores.redis?.primaryEndpoint,
        buckets: {
            documents: stores.buckets.documents.bucketName,
            assets: stores.buckets.assets.bucketName,
            accessLogs: stores.buckets.accessLogs.bucketName,
        },
    };
}

function postgresOutputs(postgres: Postgres, config: PlatformConfig, identifier: string, masterUserSecretArn: pulumi.Output<string> | undefined): PostgresOutputs {
    return {
        identifier,
        endpoint: postgres.endpoint,
        address: postgres.address,
        port: postgres.port,
        databaseName: config.postgres.databaseName,
        masterUsername: config.postgres.masterUsername,
        masterUserSecretArn,
        securityGroupId: postgres.securityGroupId,
        dbSubnetGroupName: postgres.instance.dbSubnetGroupName,
        instanceArn: postgres.instanceArn,
        resourceId: postgres.resourceId,
    };
}
