/**
 * The services' side of delivery in a stack: the registry (primary region, replicated to the secondaries)
 * and, per service, the push role its repository's pipeline assumes through GitHub OIDC.
 */
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "../../config";
import { arnPartition } from "../../config/sections/common";
import { serviceRepository } from "../../config/sections/delivery";
import type { RegionFoundation } from "../secrets/secretsAndAccess";
import { CiIdentities, ciRoleName, ecrPushPolicy, githubEnvironmentSubject, githubOidcProviderArn } from "./ciIdentities";
import { Registry, repositoryArn, serviceRepositoryName } from "./registry";

export interface ServiceDeliveryOutputs {
    /** Per service: the repository URL its pipeline pushes to (primary region). */
    repositoryUrls: Record<string, pulumi.Output<string>>;
    /** Per service: the role its pipeline assumes (GitHub variable AWS_PUSH_ROLE_ARN of its environment). */
    pushRoleArns: Record<string, pulumi.Output<string>>;
}

/** The push role of a service in an environment: a fixed name, so the repository policy can name it before it exists. */
export function pushRoleName(environment: string, service: string): string {
    return ciRoleName(["github-push", environment, service]);
}

export function createServiceDelivery(config: PlatformConfig, foundations: RegionFoundation[]): ServiceDeliveryOutputs | undefined {
    const settings = config.delivery?.registry;
    const primary = foundations.find((f) => f.region.role === "primary");
    if (!settings || !primary) {
        return undefined;
    }
    const partition = arnPartition(config.clusterCreatorRoleArn);
    const accountId = config.awsAccountId;
    const services = Object.keys(config.services);
    const identities = config.delivery?.ciIdentities;
    const pushRoleArns: Record<string, string> = {};
    if (identities) {
        for (const service of services) {
            pushRoleArns[service] = `arn:${partition}:iam::${accountId}:role/${pushRoleName(config.environment, service)}`;
        }
    }
    const asRegion = (f: RegionFoundation) => ({ prefix: f.prefix, name: f.region.name, provider: f.provider, ecrKeyArn: f.keys.arns.ecr });
    const registry = new Registry(
        `${primary.prefix}-registry`,
        {
            settings,
            accountId,
            partition,
            services,
            primary: asRegion(primary),
            replicaRegions: settings.replicateToSecondaryRegions ? foundations.filter((f) => f !== primary).map(asRegion) : [],
            pullRoleArns: [...foundations.map((f) => f.cluster.nodeRoleArn), ...settings.pullRoleArns],
            pushRoleArns,
            protect: config.protectStatefulResources,
        },
        { provider: primary.provider },
    );
    let roles: Record<string, pulumi.Output<string>> = {};
    if (identities) {
        const ci = new CiIdentities(
            `${config.environment}-ci-identities`,
            {
                accountId,
                partition,
                oidcProvider: { arn: identities.githubOidcProviderArn ?? githubOidcProviderArn(partition, accountId) },
                roles: services.map((service) => ({
                    key: `push-${service}`,
                    roleName: pushRoleName(config.environment, service),
                    description: `GitHub Actions of ${serviceRepository(identities, service)} in environment ${identities.githubEnvironment}: push ${service} images`,
                    subjects: [githubEnvironmentSubject(serviceRepository(identities, service), identities.githubEnvironment)],
                    policy: ecrPushPolicy(repositoryArn({ partition, region: primary.region.name, accountId, name: serviceRepositoryName(settings.repositoryPrefix, service) })),
                })),
            },
            { provider: primary.provider },
        );
        roles = Object.fromEntries(services.map((s) => [s, ci.roleArns[`push-${s}`]]));
    }
    return { repositoryUrls: registry.repositoryUrls, pushRoleArns: roles };
}
