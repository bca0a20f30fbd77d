/**
 * Wiring of the platform's data access once every region exists: the MongoDB Atlas project and cluster
 * (one for the stack, an endpoint per region), then per region the External Secrets Operator and each
 * service's role, ServiceAccount, ConfigMap, ExternalSecret and Atlas user. Called from platform.ts.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "../../config";
import { Atlas, createAtlasProvider } from "../datastores/atlas";
import { Cluster } from "../cluster/cluster";
import { RegionalDataStores } from "../datastores/dataStores";
import { DatabaseBootstrap } from "../datastores/databaseBootstrap";
import { createMasterSecret } from "../datastores/postgresMasterSecret";
import { ExternalSecrets } from "./externalSecrets";
import { Keys } from "./keys";
import { KubernetesBaseline } from "../cluster/kubernetesBaseline";
import { Network } from "../network/network";
import { dataStoresForRegion, ServiceAccess } from "./serviceAccess";
import { ServiceQueue, ServiceQueueOutputs } from "../services/serviceQueue";

/** What platform.ts built in one region, as this wiring needs it. */
export interface RegionFoundation {
    region: PlatformConfig["regions"][number];
    prefix: string;
    provider: aws.Provider;
    keys: Keys;
    network: Network;
    cluster: Cluster;
    baseline: KubernetesBaseline;
    dataStores: RegionalDataStores;
}

export interface AtlasOutputs {
    projectId: pulumi.Output<string>;
    clusterName: pulumi.Output<string>;
    /** Per AWS region: the SRV connection string its workloads use (private endpoint when PrivateLink is on). */
    connectionStrings: Record<string, pulumi.Output<string | undefined>>;
}

export interface ServiceAccessOutputs {
    region: string;
    serviceRoleArns: Record<string, pulumi.Output<string>>;
}

/** What the services module needs of one region's access wiring: the queues, and what its workloads wait for. */
export interface RegionServiceAccess {
    foundation: RegionFoundation;
    queues: Record<string, ServiceQueueOutputs>;
    access: ServiceAccess;
    /** The region's database bootstrap (service roles and schemas), where it runs: migrations wait for it. */
    databaseBootstrap?: pulumi.Resource;
}
/** Per region (by name): the External Secrets release other modules' SecretStores wait for, its refresh interval, and the region's service queues. */
export type ExternalSecretsByRegion = Record<string, { ready: pulumi.Resource[]; refreshInterval: string; queues: ServiceQueueOutputs[] }>;

/**
 * Atlas spans every region (one cluster, an endpoint per region), so it is created once all regions exist;
 * then, per region, the External Secrets Operator and each service's role, ServiceAccount, ConfigMap,
 * ExternalSecret and Atlas user. Secrets are created in the primary region, encrypted with its data key, and
 * replicated to every secondary region under that region's data key; each region's SecretStores read their own region.
 */
export function createSecretsAndServiceAccess(
    config: PlatformConfig,
    foundations: RegionFoundation[],
): { atlas?: AtlasOutputs; serviceAccess: ServiceAccessOutputs[]; regions: RegionServiceAccess[]; externalSecrets: ExternalSecretsByRegion } {
    const primary = foundations.find((f) => f.region.role === "primary")!;
    let atlas: Atlas | undefined;
    if (config.atlas) {
        const atlasProvider = createAtlasProvider(`${config.environment}-mongodbatlas`);
        atlas = new Atlas(
            `${config.environment}-atlas`,
            {
                config: config.atlas,
                environment: config.environment,
                owner: config.owner,
                costCenter: config.costCenter,
                regions: foundations.map((f) => ({
                    name: f.region.name,
                    role: f.region.role,
                    prefix: f.prefix,
                    provider: f.provider,
                    vpcId: f.network.vpcId,
                    vpcCidr: f.network.vpcCidr,
                    privateSubnetIds: f.network.privateSubnetIds,
                    natPublicIps: f.network.natPublicIps,
                })),
                dataKeyArn: primary.keys.arns.data,
                dataKeyId: primary.keys.keys.data.keyId,
                protect: config.protectStatefulResources,
            },
            atlasProvider,
            { providers: [atlasProvider, primary.provider] },
        );
    }

    const regions: RegionServiceAccess[] = [];
    const externalSecretsByRegion: ExternalSecretsByRegion = {};
    const serviceAccess = foundations.map((f) => {
        const dataStores = dataStoresForRegion(f.dataStores, primary.dataStores);
        const providers = [f.provider, f.cluster.kubernetesProvider];
        // The region that owns the writable database runs its bootstrap; only there may the master secret be read.
        const postgresServices = Object.entries(config.services).filter(([, s]) => s.dataStores.includes("postgres")).map(([name]) => name);
        const bootstrapsDatabase = f.region.role === "primary" && f.dataStores.postgres !== undefined && postgresServices.length > 0;
        // The operator itself has no AWS identity: each namespace's SecretStore uses that namespace's role.
        const externalSecrets = new ExternalSecrets(`${f.prefix}-external-secrets`, { config: config.externalSecrets }, { providers });
        const ready = [externalSecrets.release];
        let databaseBootstrap: pulumi.Resource | undefined;
        if (bootstrapsDatabase) {
            const postgres = f.dataStores.postgres!;
            const masterSecret = createMasterSecret({
                environment: config.environment,
                settings: config.postgres,
                protect: config.protectStatefulResources,
                primary: { region: f.region.name, prefix: f.prefix, provider: f.provider, dataKeyArn: f.keys.arns.data, postgres },
                // Where a replica runs, so does a copy of its master secret (under that region's key) for a promotion.
                replicaRegions: foundations.filter((r) => r !== f && r.dataStores.postgres !== undefined).map((r) => ({ region: r.region.name, keyArn: r.keys.arns.data })),
            });
            databaseBootstrap = new DatabaseBootstrap(
                `${f.prefix}-db-bootstrap`,
                {
                    environment: config.environment,
                    region: f.region.name,
                    services: postgresServices,
                    engineVersion: config.postgres.engineVersion,
                    host: postgres.address,
                    databaseName: postgres.databaseName,
                    masterSecret,
                    databaseSubnetCidrs: f.network.subnetCidrs.database,
                    oidcProviderArn: f.cluster.oidcProviderArn,
                    oidcProviderUrl: f.cluster.oidcProviderUrl,
                    externalSecrets: { refreshInterval: externalSecrets.refreshInterval, ready },
                },
                { providers },
            );
        }
        // Every region runs the services, so every region has their queues, under its own data key.
        const queues: Record<string, ServiceQueueOutputs> = {};
        for (const [service, settings] of Object.entries(config.services)) {
            if (settings.queue) {
                queues[service] = new ServiceQueue(
                    `${f.prefix}-${service}-queue`,
                    { service, prefix: f.prefix, settings: settings.queue, dataKeyArn: f.keys.arns.data, protect: config.protectStatefulResources },
                    { provider: f.provider },
                );
            }
        }
        externalSecretsByRegion[f.region.name] = { ready, refreshInterval: externalSecrets.refreshInterval, queues: Object.values(queues) as ServiceQueueOutputs[] };
        const access = new ServiceAccess(
            `${f.prefix}-service-access`,
            {
                environment: config.environment,
                accountId: config.awsAccountId,
                region: f.region.name,
                // Each region reads its own replica of the platform's secrets, under its own data key.
                secretsRegion: f.region.name,
                dataKeyArn: f.keys.arns.data,
                services: config.services,
                namespaces: f.baseline.namespaces,
                oidcProviderArn: f.cluster.oidcProviderArn,
                oidcProviderUrl: f.cluster.oidcProviderUrl,
                dataStores,
                s3KeyArn: f.keys.arns.s3,
                redisUsesRbac: config.redis.authMode === "rbac",
                externalSecrets: { refreshInterval: externalSecrets.refreshInterval, ready },
                atlas: atlas && {
                    provider: atlas.provider,
                    projectId: atlas.projectId,
                    clusterName: atlas.clusterName,
                    connectionString: atlas.connectionStringFor(f.region.name),
                },
                queues: { byService: queues, dataKeyArn: f.keys.arns.data },
            },
            { providers },
        );
        regions.push({ foundation: f, queues, access, databaseBootstrap });
        return { region: f.region.name, serviceRoleArns: access.roleArns };
    });

    const atlasOutputs = atlas && {
        projectId: atlas.projectId,
        clusterName: atlas.clusterName,
        connectionStrings: Object.fromEntries(foundations.map((f) => [f.region.name, atlas!.connectionStringFor(f.region.name)])),
    };
    return { atlas: atlasOutputs, serviceAccess, regions, externalSecrets: externalSecretsByRegion };
}
