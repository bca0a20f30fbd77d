/**
 * The services module's wiring, once service access exists in every region: per region KEDA (and Argo Rollouts
 * when a service deploys as a canary), then per configured service its `Service` component. Linear in services x
 * regions. Called from platform.ts.
 *
 * One owner of every service's pods: without `platform:gitOps` Pulumi registers the workloads (Deployment, or a
 * Rollout for a canary, and the migration Job before it); with it Argo CD syncs them from the deployment
 * repository (`npm run gitops` renders them) and Pulumi registers only what surrounds them.
 */
import { anyCanary, PlatformConfig } from "../../config";
import { kongUpstreamTimeoutAnnotations } from "../gateway/kongNames";
import { RegionServiceAccess } from "../secrets/secretsAndAccess";
import { serviceConfigMapName } from "../secrets/serviceAccess";
import { Keda } from "./keda";
import { Service, serviceImage, ServiceRegistryLocation } from "./service";

/** Where a region's workloads pull the stack's ECR repositories from: their own region when replicated there, else the primary. */
export function serviceRegistryLocation(config: Pick<PlatformConfig, "delivery" | "regions">, region: string): ServiceRegistryLocation | undefined {
    const registry = config.delivery?.registry;
    if (!registry) {
        return undefined;
    }
    const primary = config.regions.find((r) => r.role === "primary")?.name ?? region;
    return { repositoryPrefix: registry.repositoryPrefix, region: registry.replicateToSecondaryRegions ? region : primary };
}

export function createServices(config: PlatformConfig, regions: RegionServiceAccess[]): void {
    const canaries = anyCanary(config.services);
    for (const { foundation: f, queues, access, databaseBootstrap } of regions) {
        const providers = [f.provider, f.cluster.kubernetesProvider];
        const keda = new Keda(
            `${f.prefix}-keda`,
            {
                config: config.keda,
                region: f.region.name,
                environment: config.environment,
                queueArns: Object.values(queues).map((q) => q.arn),
                oidcProviderArn: f.cluster.oidcProviderArn,
                oidcProviderUrl: f.cluster.oidcProviderUrl,
                scalesRollouts: canaries,
            },
            { providers },
        );
        let rollouts: import("./argoRollouts").ArgoRollouts | undefined;
        if (canaries) {
            const { ArgoRollouts } = require("./argoRollouts") as typeof import("./argoRollouts");
            rollouts = new ArgoRollouts(`${f.prefix}-argo-rollouts`, { config: config.argoRollouts }, { provider: f.cluster.kubernetesProvider });
        }
        for (const [service, settings] of Object.entries(config.services)) {
            new Service(
                `${f.prefix}-${service}`,
                {
                    service,
                    settings,
                    region: f.region.name,
                    image: serviceImage({ service, settings, images: config.serviceImages, accountId: config.awsAccountId, region: f.region.name, ecr: serviceRegistryLocation(config, f.region.name) }),
                    namespace: f.baseline.namespaces[service],
                    configMapName: serviceConfigMapName(service),
                    secretName: access.credentialsSecretNames[service],
                    queueUrl: queues[service]?.url,
                    // Kong takes a websocket route's long timeouts from its backend Service, not from the Ingress.
                    serviceAnnotations: config.gateway.exposedServices[service]?.websocket ? kongUpstreamTimeoutAnnotations(config.gateway.websocketTimeoutSeconds) : undefined,
                    owner: config.gitOps ? "gitops" : "pulumi",
                    runsMigrations: f.region.role === "primary",
                    dependsOn: { workload: [access], keda: [keda.release], rollouts: rollouts ? [rollouts.release] : [], migrations: databaseBootstrap ? [databaseBootstrap] : [] },
                },
                { provider: f.cluster.kubernetesProvider },
            );
        }
    }
}
