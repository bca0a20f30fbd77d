/**
 * The whole platform for one stack: the design's modules wired per configured region (keys, network, cluster,
 * Kubernetes baseline, data stores), then once per stack (Atlas, secrets and service access, the CDN).
 * Everything that differs between environments comes from `config`.
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "./config";
import { CdnOutputs, createCdn } from "./components/cdn/cdn";
import { createEdgeFoundation, OriginCertificateOutputs } from "./components/cdn/originCertificate";
import { Cluster } from "./components/cluster/cluster";
import { ClusterAutoscaler, clusterAutoscalerDiscoveryTags, Karpenter, KARPENTER_DISCOVERY_TAG } from "./components/cluster/nodeAutoscaling";
import { clusterAutoscalerSettings } from "./config/sections/cluster";
import { CiRunner } from "./components/delivery/ciRunner";
import { createArgoCd } from "./components/delivery/argocd";
import { createServiceDelivery, ServiceDeliveryOutputs } from "./components/delivery/serviceDelivery";
import { createRegionalDataStores, DataStoreEndpoints, dataStoreEndpoints, RegionalDataStores } from "./components/datastores/dataStores";
import { Backup } from "./components/dr/backup";
import { Keys } from "./components/secrets/keys";
import { dnsEgressRule, KubernetesBaseline, regionEgressTargets } from "./components/cluster/kubernetesBaseline";
import { Gateway } from "./components/gateway/gateway";
import { replicaSecretArn } from "./components/secrets/secretReplicas";
import { gatewayNamespaceBaseline } from "./components/gateway/namespace";
import { REDIS_PORT } from "./components/datastores/redis";
import { Network } from "./components/network/network";
import { createDataReplication } from "./components/dr/dataReplication";
import { createRegionProviders } from "./components/providers";
import { createServices } from "./components/services/services";
import { physicalName } from "./lib/naming";
import { Alarms } from "./components/observability/alarms";
import { replicaLagThresholdSeconds } from "./config/sections/alarms";
import { queueNames } from "./components/services/serviceQueue";
import { AtlasOutputs, createSecretsAndServiceAccess, ExternalSecretsByRegion, RegionFoundation, ServiceAccessOutputs } from "./components/secrets/secretsAndAccess";
import { Observability, telemetryNetworkPolicyRules } from "./components/observability/observability";
import { DOGSTATSD_PORT, monitoringCrdsExist } from "./components/observability/names";
import { gatewayTracingSchema } from "./config/sections/gateway";

export interface RegionOutputs {
    region: string;
    role: string;
    vpcId: pulumi.Output<string>;
    privateSubnetIds: pulumi.Output<string>[];
    natPublicIps: pulumi.Output<string>[];
    clusterName: string;
    oidcProviderArn: pulumi.Output<string>;
    namespaces: Record<string, pulumi.Output<string>>;
    /** Postgres and Redis endpoints (where the region has them) and bucket names. */
    dataStores: DataStoreEndpoints;
    /** The DNS name of the region's gateway NLB (Kong's Service status), what Cloudflare's records point at. */
    gatewayHostname: pulumi.Output<string>;
}

export interface Platform {
    regions: RegionOutputs[];
    /** Kubeconfig per region (by region name): one secret output, so the rest of the region outputs stay readable. */
    kubeconfigs: pulumi.Output<Record<string, string>>;
    /** MongoDB Atlas project, cluster and per-region connection strings (no credentials: services log in with IAM). */
    atlas?: AtlasOutputs;
    /** Per region: each service's IAM role (also what its namespace's SecretStore authenticates as). */
    serviceAccess: ServiceAccessOutputs[];
    /** The Cloudflare zone in front of the platform, when `platform:cdn` is configured. */
    cdn?: CdnOutputs;
    /** The Cloudflare Origin CA certificate every region's gateway serves (private key secret), with `platform:cdn`. */
    originCertificate?: OriginCertificateOutputs;
    /** Per service: its ECR repository URL and CI push role, when `platform:delivery.registry` is configured. */
    delivery?: ServiceDeliveryOutputs;
    /** Per region, with `platform:observability`: where Kong sends traces (selfHosted) or DogStatsD metrics (datadog). */
    observability: ObservabilityOutputs[];
}

export interface ObservabilityOutputs {
    region: string;
    mode: "selfHosted" | "datadog";
    /** Whether ServiceMonitor/PodMonitor/PrometheusRule CRDs exist (the gateway's ServiceMonitor flag). */
    monitoringCrds: boolean;
    /** Kong `opentelemetry` plugin `traces_endpoint` (selfHosted). */
    otlpTracesEndpoint?: string;
    /** Kong `datadog` plugin `host` (datadog). */
    datadogAgentHost?: string;
    tracesBucketName?: pulumi.Output<string>;
}

export function createPlatform(config: PlatformConfig): Platform {
    // The primary's data stores, for the cross-region Postgres replica of a later (secondary) region.
    let primaryDataStores: RegionalDataStores | undefined;
    // Each region's building blocks, for Atlas, External Secrets and service access once every region exists.
    const foundations: RegionFoundation[] = [];
    const kubeconfigs: Record<string, pulumi.Output<string>> = {};
    // Account-wide: created with the first region's keys, waited for by every region's EBS key.
    let autoScalingRole: aws.iam.ServiceLinkedRole | undefined;
    const servicePorts = Object.fromEntries(Object.keys(config.gateway.exposedServices).map((s) => [s, config.services[s as keyof typeof config.services].port]));
    // Once per stack and before the regions: the Cloudflare provider and the Origin CA certificate that every
    // region's gateway NLB serves to Cloudflare (edge?.originCertificate: certificatePem, privateKeyPem).
    const edge = createEdgeFoundation(config);
    // Every region's keys first: the primary's secrets are replicated to the secondaries under their own data keys.
    const keyed = createRegionProviders(config).map(({ region, prefix, provider }) => {
        const keys = new Keys(
            `${prefix}-keys`,
            {
                environment: config.environment,
                accountId: config.awsAccountId,
                region: region.name,
                deletionWindowDays: config.kmsKeyDeletionWindowDays,
                rotationPeriodDays: config.kmsKeyRotationPeriodDays,
                protect: config.protectStatefulResources,
                autoScalingServiceLinkedRole: autoScalingRole ?? (config.createAutoScalingServiceLinkedRole ? "create" : undefined),
            },
            { provider },
        );
        autoScalingRole ??= keys.autoScalingServiceLinkedRole;
        return { region, prefix, provider, keys };
    });
    const secretReplicaRegions = keyed.filter((k) => k.region.role !== "primary").map((k) => ({ region: k.region.name, keyArn: k.keys.arns.data }));
    const regions = keyed.map(({ region, prefix, provider, keys }) => {
        const clusterName = physicalName(["platform", prefix], 100);
        const autoscaling = config.nodeAutoscaling;
        const network = new Network(
            `${prefix}-network`,
            {
                accountId: config.awsAccountId,
                region: region.name,
                vpcCidr: region.vpcCidr,
                azCount: region.azCount,
                natStrategy: region.natStrategy,
                subnetNewBits: region.subnetNewBits,
                flowLogRetentionDays: region.flowLogRetentionDays,
                logsKeyArn: keys.arns.logs,
                sqsEndpoint: Object.values(config.services).some((s) => s.queue !== undefined),
                privateSubnetTags: autoscaling.mode === "karpenter" ? { [KARPENTER_DISCOVERY_TAG]: clusterName } : undefined,
            },
            { provider },
        );
        const cluster = new Cluster(
            `${prefix}-cluster`,
            {
                clusterName,
                kubernetesVersion: config.kubernetesVersion,
                vpcId: network.vpcId,
                privateSubnetIds: network.privateSubnetIds,
                publicAccessCidrs: config.clusterPublicAccessCidrs,
                adminRoleArns: config.clusterAdminRoleArns,
                ciRoleArns: config.clusterCiRoleArns,
                viewerRoleArns: config.clusterViewerRoleArns,
                nodeGroups: config.nodeGroups,
                secretsKeyArn: keys.arns["eks-secrets"],
                ebsKeyArn: keys.arns.ebs,
                logsKeyArn: keys.arns.logs,
                logRetentionDays: config.logRetentionDays,
                deletionProtection: config.protectStatefulResources,
                addonVersions: config.clusterAddonVersions,
                nodeGroupTags: autoscaling.mode === "clusterAutoscaler" ? clusterAutoscalerDiscoveryTags(clusterName) : undefined,
            },
            { provider },
        );
        createNodeAutoscaling(config, { prefix, provider, region: region.name, clusterName, cluster, ebsKeyArn: keys.arns.ebs });

        const dataStores = createRegionalDataStores({ config, region, prefix, provider, keys, network, cluster, primary: primaryDataStores, secretReplicaRegions });
        if (region.role === "primary") {
            primaryDataStores = dataStores;
        }

        const baseline = new KubernetesBaseline(
            `${prefix}-k8s-baseline`,
            {
                services: config.services,
                gatewayNamespace: config.gatewayNamespace,
                // Telemetry through each service namespace's default deny, in the observability module's mode.
                telemetry: config.observability && telemetryNetworkPolicyRules(config.observability.mode),
                egressTargets: regionEgressTargets({
                    vpcCidr: region.vpcCidr,
                    subnetCidrs: network.subnetCidrs,
                    interfaceEndpointCidrs: network.interfaceEndpointCidrs,
                    postgres: dataStores.postgres !== undefined,
                    redis: dataStores.redis !== undefined,
                    atlas: config.atlas?.networkAccess,
                }),
                gateway: gatewayNamespaceBaseline({ gateway: config.gateway, vpcCidr: region.vpcCidr, servicePorts, dnsRule: dnsEgressRule(), redisPort: REDIS_PORT }),
            },
            { provider: cluster.kubernetesProvider },
        );
        foundations.push({ region, prefix, provider, keys, network, cluster, baseline, dataStores });
        kubeconfigs[region.name] = cluster.kubeconfig;
        return {
            region: region.name,
            role: region.role,
            vpcId: network.vpcId,
            privateSubnetIds: network.privateSubnetIds,
            natPublicIps: network.natPublicIps,
            clusterName: cluster.clusterName,
            oidcProviderArn: cluster.oidcProviderArn,
            namespaces: baseline.namespaces,
            dataStores: dataStoreEndpoints(dataStores),
        };
    });
    // CI's runner lives in the primary region's private subnets and reaches the other regions' clusters by peering.
    const primary = foundations.find((f) => f.region.role === "primary");
    if (config.delivery && primary) {
        new CiRunner(
            `${primary.prefix}-ci-runner`,
            {
                ...config.delivery,
                environment: config.environment,
                accountId: config.awsAccountId,
                region: primary.region.name,
                vpcId: primary.network.vpcId,
                privateSubnetIds: primary.network.privateSubnetIds,
                privateSubnetCidrs: primary.network.subnets.filter((s) => s.tier === "private").map((s) => s.cidr),
                privateRouteTableIds: primary.network.privateRouteTableIds,
                clusterSecurityGroupId: primary.cluster.clusterSecurityGroupId,
                remoteClusters: foundations
                    .filter((f) => f !== primary)
                    .map((f) => ({
                        prefix: f.prefix,
                        region: f.region.name,
                        provider: f.provider,
                        vpcId: f.network.vpcId,
                        vpcCidr: f.region.vpcCidr,
                        privateRouteTableIds: f.network.privateRouteTableIds,
                        clusterSecurityGroupId: f.cluster.clusterSecurityGroupId,
                    })),
                logsKeyArn: primary.keys.arns.logs,
                logRetentionDays: config.logRetentionDays,
            },
            { provider: primary.provider },
        );
    }
    // Backup copies go to the secondary regions' vaults, so the component waits until every region exists.
    if (config.backup && primary) {
        new Backup(
            `${config.environment}-dr-backup`,
            {
                environment: config.environment,
                accountId: config.awsAccountId,
                settings: config.backup,
                regions: foundations.map((f) => ({ prefix: f.prefix, name: f.region.name, role: f.region.role, provider: f.provider, backupsKeyArn: f.keys.arns.backups })),
                postgres: primary.dataStores.postgres && { dbSubnetGroupName: primary.dataStores.postgres.dbSubnetGroupName, securityGroupId: primary.dataStores.postgres.securityGroupId },
                documentsBucket: true,
                protect: config.protectStatefulResources,
            },
            { provider: primary.provider },
        );
    }
    // Primary-to-secondary data (bucket replication, Postgres backups): needs every region's buckets and keys.
    createDataReplication(config, foundations);
    const { atlas, serviceAccess, regions: serviceRegions, externalSecrets } = createSecretsAndServiceAccess(config, foundations);
    const observability = createObservability(config, foundations, externalSecrets);
    // Workloads and autoscaling: after service access (ServiceAccounts, ConfigMaps, ExternalSecrets, queues).
    createServices(config, serviceRegions);
    // With platform:gitOps, Argo CD in every region's cluster syncs the services' workloads from the deployment repository.
    createArgoCd(config, foundations, externalSecrets);
    const gatewayCertificateArns: Record<string, pulumi.Output<string>> = {};
    // Kong reads its secrets (Redis credentials, IdP keys) through External Secrets, so it comes after it.
    const regionsWithGateway: RegionOutputs[] = foundations.map((f, i) => {
        const gateway = new Gateway(
            `${f.prefix}-gateway`,
            {
                // Kong's ServiceMonitor (the services' requests-per-second trigger reads its series) wherever the
                // observability module installs the Prometheus Operator CRDs.
                gateway: gatewayWithTelemetry(config, observability.find((o) => o.region === f.region.name)),
                environment: config.environment,
                accountId: config.awsAccountId,
                region: f.region.name,
                prefix: f.prefix,
                clusterName: f.cluster.clusterName,
                vpcId: f.network.vpcId,
                vpcCidr: f.region.vpcCidr,
                oidcProviderArn: f.cluster.oidcProviderArn,
                oidcProviderUrl: f.cluster.oidcProviderUrl,
                namespace: f.baseline.gatewayNamespace!,
                namespaceName: config.gatewayNamespace,
                servicePorts,
                accessLogBucket: { name: f.dataStores.buckets.accessLogs.bucketName, ready: [] },
                redis: f.dataStores.redis && {
                    host: f.dataStores.redis.primaryEndpoint,
                    port: f.dataStores.redis.port,
                    // Every region's SecretStores read the region's own replica of the platform's secrets.
                    credentialsSecretArn: f.dataStores.redis.authTokenSecretArn.apply((arn) => replicaSecretArn(arn, f.region.name)),
                    withUsername: config.redis.authMode === "rbac",
                },
                secretsRegion: f.region.name,
                dataKeyArn: f.keys.arns.data,
                externalSecrets: { refreshInterval: externalSecrets[f.region.name].refreshInterval, ready: externalSecrets[f.region.name].ready },
                originCertificate: edge?.originCertificate,
                protect: config.protectStatefulResources,
            },
            { providers: [f.provider, f.cluster.kubernetesProvider] },
        );
        gatewayCertificateArns[f.region.name] = gateway.certificateArn;
        return { ...regions[i], gatewayHostname: gateway.hostname };
    });
    if (config.alarms) {
        createAlarms(config, foundations, gatewayCertificateArns);
    }
    // Cloudflare's records follow each region's NLB, read from the gateway Service's status.
    const gatewayHostnames = Object.fromEntries(regionsWithGateway.map((r) => [r.region, r.gatewayHostname]));
    const cdn = createCdn(config, edge, gatewayHostnames);
    // The registry admits every region's node role, so it waits until every region exists.
    const delivery = createServiceDelivery(config, foundations);
    return { regions: regionsWithGateway, kubeconfigs: pulumi.secret(pulumi.all(kubeconfigs)), atlas, serviceAccess, cdn, originCertificate: edge?.originCertificate, delivery, observability };
}

/** The node autoscaler `platform:nodeAutoscaling.mode` asks for, in one region (none for mode none). */
function createNodeAutoscaling(
    config: PlatformConfig,
    at: { prefix: string; provider: aws.Provider; region: string; clusterName: string; cluster: Cluster; ebsKeyArn: pulumi.Output<string> },
): void {
    const { mode, karpenter } = config.nodeAutoscaling;
    const scope = { region: at.region, accountId: config.awsAccountId, clusterName: at.clusterName };
    const common = { oidcProviderArn: at.cluster.oidcProviderArn, oidcProviderUrl: at.cluster.oidcProviderUrl, kubernetesProvider: at.cluster.kubernetesProvider, dependsOn: at.cluster.nodeGroups };
    if (mode === "karpenter" && karpenter) {
        new Karpenter(
            `${at.prefix}-karpenter`,
            {
                ...common,
                config: karpenter,
                scope,
                clusterSecurityGroupId: at.cluster.clusterSecurityGroupId,
                ebsKeyArn: at.ebsKeyArn,
                kmsKeyDeletionWindowDays: config.kmsKeyDeletionWindowDays,
                kmsKeyRotationPeriodDays: config.kmsKeyRotationPeriodDays,
                protect: config.protectStatefulResources,
            },
            { provider: at.provider },
        );
    } else if (mode === "clusterAutoscaler") {
        new ClusterAutoscaler(`${at.prefix}-cluster-autoscaler`, { ...common, config: clusterAutoscalerSettings(config.nodeAutoscaling), scope }, { provider: at.provider });
    }
}

/** Per region: CloudWatch alarms on that region's Postgres (or replica), Redis and service queues, to its alarm topic. */
function createAlarms(config: PlatformConfig, foundations: RegionFoundation[], gatewayCertificateArns: Record<string, pulumi.Output<string>>): void {
    const settings = config.alarms!;
    const replicaLagSeconds = replicaLagThresholdSeconds(config);
    for (const f of foundations) {
        const { postgres, redis } = f.dataStores;
        new Alarms(
            `${f.prefix}-alarms`,
            {
                prefix: f.prefix,
                accountId: config.awsAccountId,
                settings,
                topicKeyArn: f.keys.arns.backups,
                replicaLagSeconds,
                backupJobs: config.backup !== undefined,
                targets: {
                    postgres: postgres && { identifier: postgres.identifier, replica: f.region.role !== "primary" },
                    redis: redis && { replicationGroupId: redis.replicationGroupId, numCacheClusters: config.redis.numCacheClusters, globalSecondary: redis.globalDatastore?.role === "secondary" },
                    queues: Object.entries(config.services)
                        .filter(([, s]) => s.queue !== undefined)
                        .map(([service]) => {
                            const names = queueNames(f.prefix, service);
                            return { service, queueName: names.queue, deadLetterQueueName: names.deadLetterQueue };
                        }),
                    certificates: gatewayCertificateArns[f.region.name] ? [{ key: "gateway", arn: gatewayCertificateArns[f.region.name] }] : [],
                },
            },
            { provider: f.provider },
        );
    }
}

/**
 * The gateway's settings with what the region's observability provides where the stack file says nothing: Kong's
 * ServiceMonitor where the Prometheus Operator CRDs exist (the services' requests-per-second trigger reads its
 * series), traces to the region's Tempo (selfHosted), access logs to the node-local Datadog agent (datadog).
 */
export function gatewayWithTelemetry(config: PlatformConfig, telemetry: ObservabilityOutputs | undefined): PlatformConfig["gateway"] {
    const gateway = config.gateway;
    return {
        ...gateway,
        serviceMonitor: gateway.serviceMonitor || (telemetry?.monitoringCrds ?? false),
        tracing: gateway.tracing ?? (telemetry?.otlpTracesEndpoint ? gatewayTracingSchema.parse({ endpoint: telemetry.otlpTracesEndpoint }) : undefined),
        logging:
            gateway.logging ??
            (telemetry?.datadogAgentHost ? { sink: "datadog", agentHost: telemetry.datadogAgentHost, agentPort: DOGSTATSD_PORT } : undefined),
    };
}

/** Per region, the observability module in the configured mode; its secrets are read in the primary region. */
function createObservability(config: PlatformConfig, foundations: RegionFoundation[], externalSecrets: ExternalSecretsByRegion): ObservabilityOutputs[] {
    const settings = config.observability;
    const primary = foundations.find((f) => f.region.role === "primary");
    if (!settings || !primary) {
        return [];
    }
    // The Datadog SDK is loaded only in datadog mode; its provider reads DD_API_KEY / DD_APP_KEY from the environment.
    const datadogProvider = settings.mode === "datadog" ? new (require("@pulumi/datadog") as typeof import("@pulumi/datadog")).Provider(`${config.environment}-datadog`, {}) : undefined;
    return foundations.map((f) => {
        const component = new Observability(
            `${f.prefix}-observability`,
            {
                config: settings,
                environment: config.environment,
                accountId: config.awsAccountId,
                region: f.region.name,
                prefix: f.prefix,
                clusterName: f.cluster.clusterName,
                services: Object.keys(config.services),
                oidcProviderArn: f.cluster.oidcProviderArn,
                oidcProviderUrl: f.cluster.oidcProviderUrl,
                keys: { secretsDataKey: primary.keys.arns.data, s3: f.keys.arns.s3, logs: f.keys.arns.logs, ebs: f.keys.arns.ebs },
                secretsRegion: primary.region.name,
                ebsCsiRoleName: f.cluster.ebsCsiRoleName,
                accessLogs: { bucketName: f.dataStores.buckets.accessLogs.bucketName },
                externalSecretsReady: externalSecrets[f.region.name].ready,
                externalSecretsRefreshInterval: externalSecrets[f.region.name].refreshInterval,
                dataStores: {
                    postgresInstanceId: f.dataStores.postgres?.identifier,
                    redis: f.dataStores.redis !== undefined,
                    queueUrls: externalSecrets[f.region.name].queues.map((q) => ({ url: q.url, deadLetterUrl: q.deadLetterUrl })),
                },
                protect: config.protectStatefulResources,
                datadogProvider,
            },
            { providers: [f.provider, f.cluster.kubernetesProvider] },
        );
        return {
            region: f.region.name,
            mode: settings.mode,
            monitoringCrds: monitoringCrdsExist(settings),
            otlpTracesEndpoint: component.otlpTracesEndpoint,
            datadogAgentHost: component.datadogAgentHost,
            tracesBucketName: component.tracesBucketName,
        };
    });
}
