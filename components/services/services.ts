/**
 * The services module's wiring, once service access exists in every region: per region KEDA, then per
 * configured service its workload (`Service` component). Linear in services x regions: one component and
 * four or five Kubernetes objects per service per region. Called from platform.ts.
 */
import { kongUpstreamTimeoutAnnotations } from "../gateway/kongNames";
import { PlatformConfig } from "../../config";
import { RegionServiceAccess } from "../secrets/secretsAndAccess";
import { serviceConfigMapName } from "../secrets/serviceAccess";
import { Keda } from "./keda";
import { Service, serviceImage } from "./service";

export function createServices(config: PlatformConfig, regions: RegionServiceAccess[]): void {
    for (const { foundation: f, queues, access } of regions) {
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
            },
            { providers },
        );
        for (const [service, settings] of Object.entries(config.services)) {
            new Service(
                `${f.prefix}-${service}`,
                {
                    service,
                    settings,
                    region: f.region.name,
                    image: serviceImage({ service, settings, images: config.serviceImages, accountId: config.awsAccountId, region: f.region.name }),
                    namespace: f.baseline.namespaces[service],
                    configMapName: serviceConfigMapName(service),
                    secretName: access.credentialsSecretNames[service],
                    queueUrl: queues[service]?.url,
                    // Kong takes a websocket route's long timeouts from its backend Service, not from the Ingress.
                    serviceAnnotations: config.gateway.exposedServices[service]?.websocket ? kongUpstreamTimeoutAnnotations(config.gateway.websocketTimeoutSeconds) : undefined,
                    dependsOn: { workload: [access], keda: [keda.release] },
                },
                { provider: f.cluster.kubernetesProvider },
            );
        }
    }
}
