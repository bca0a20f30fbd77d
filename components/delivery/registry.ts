/**
 * The services' container registry: an ECR repository per service in the primary region, replicated to each
 * secondary region (ECR is regional; registry replication copies every image pushed under the prefix).
 *
 * - Tags are immutable: a tag names one build forever, and deploys reference digests anyway.
 * - Images are encrypted with the region's ECR key (components/secrets/keys.ts, purpose `ecr`), not AWS's.
 * - Scanning by config: ECR's basic scan on every push, or Amazon Inspector (enhanced, continuous) for the
 *   prefix's repositories through the region's registry scanning configuration.
 * - Lifecycle: keep the newest N tagged images, expire untagged ones after some days.
 * - Pulls only by this environment's node roles (and listed roles such as Karpenter's node role) and the
 *   service's push role: the repository policy allows them and denies image reads to every other principal of
 *   the account (an identity policy such as AmazonEC2ContainerRegistryReadOnly on some other role is not enough).
 * - Replicas get their settings from a repository creation template in the destination region (replication
 *   does not copy repository settings): immutable tags, that region's ECR key, the same lifecycle and policy.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RegistryConfig } from "../../config/sections/delivery";
import { policyDocument, PolicyDocument } from "../../lib/iam";
import { resourceTags } from "../../lib/tags";

/** What reading an image takes (ECR "repository policy examples": pull). */
export const ECR_PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];

/** `services/bff`: the repository a service's images live in. */
export function serviceRepositoryName(prefix: string, service: string): string {
    return `${prefix}/${service}`;
}

export function repositoryArn(args: { partition: string; region: string; accountId: string; name: string }): string {
    return `arn:${args.partition}:ecr:${args.region}:${args.accountId}:repository/${args.name}`;
}

/**
 * The lifecycle policy: untagged images expire after `untaggedExpiryDays`; of the tagged ones the newest
 * `keepTaggedImages` stay. Rules are sorted by priority (the provider replaces an unsorted policy on every update).
 */
export function lifecyclePolicy(settings: Pick<RegistryConfig, "keepTaggedImages" | "untaggedExpiryDays">): object {
    return {
        rules: [
            {
                rulePriority: 1,
                description: `Expire untagged images ${settings.untaggedExpiryDays} days after push`,
                selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: settings.untaggedExpiryDays },
                action: { type: "expire" },
            },
            {
                rulePriority: 2,
                description: `Keep the newest ${settings.keepTaggedImages} tagged images`,
                selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: settings.keepTaggedImages },
                action: { type: "expire" },
            },
        ],
    };
}

/**
 * The repository policy. `readers` (node roles, extra pull roles) may pull; `pushers` (the service's CI push
 * role) are exempt from the deny because a push reads layers and manifests too; service-linked roles (Inspector
 * scanning, replication) are exempt because AWS services act through them. Everyone else in the account is
 * denied image reads, whatever their identity policies say.
 */
export function repositoryPolicy(args: { partition: string; accountId: string; readers: string[]; pushers: string[] }): PolicyDocument {
    if (args.readers.length === 0) {
        throw new Error("a service repository needs at least one role allowed to pull (the cluster's node role)");
    }
    const serviceLinkedRoles = `arn:${args.partition}:iam::${args.accountId}:role/aws-service-role/*`;
    return policyDocument([
        { Sid: "NodesPull", Effect: "Allow", Principal: { AWS: args.readers }, Action: ECR_PULL_ACTIONS },
        {
            Sid: "NobodyElsePulls",
            Effect: "Deny",
            Principal: "*",
            Action: ECR_PULL_ACTIONS,
            Condition: { StringNotLike: { "aws:PrincipalArn": [...args.readers, ...args.pushers, serviceLinkedRoles] } },
        },
    ]);
}

/** What ECR's repository creation role needs to create replicas with a KMS key (ECR user guide, repository creation templates). */
export function creationTemplateRolePolicy(args: { partition: string; accountId: string; region: string; prefix: string; keyArn: string }): PolicyDocument {
    return policyDocument([
        {
            Sid: "CreateReplicaRepositories",
            Effect: "Allow",
            Action: ["ecr:CreateRepository", "ecr:ReplicateImage", "ecr:TagResource"],
            Resource: `arn:${args.partition}:ecr:${args.region}:${args.accountId}:repository/${args.prefix}/*`,
        },
        { Sid: "EncryptReplicas", Effect: "Allow", Action: ["kms:CreateGrant", "kms:RetireGrant", "kms:DescribeKey"], Resource: args.keyArn },
    ]);
}

export interface RegistryRegion {
    /** `prod-usw2`, for resource names. */
    prefix: string;
    name: string;
    provider: pulumi.ProviderResource;
    ecrKeyArn: pulumi.Input<string>;
}

export interface RegistryArgs {
    settings: RegistryConfig;
    accountId: string;
    partition: string;
    services: string[];
    primary: RegistryRegion;
    /** Regions the repositories are replicated to (empty without secondaries or with replication off). */
    replicaRegions: RegistryRegion[];
    /** Node roles of every region's cluster plus `settings.pullRoleArns`. */
    pullRoleArns: pulumi.Input<string>[];
    /** Per service, the role its CI pushes with (exempt from the pull deny); none without ciIdentities. */
    pushRoleArns: Record<string, string>;
    protect: boolean;
}

export class Registry extends pulumi.ComponentResource {
    /** Per service: `<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<service>`. */
    readonly repositoryUrls: Record<string, pulumi.Output<string>>;
    readonly repositoryArns: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: RegistryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:delivery:Registry", name, {}, opts);
        const { settings, partition, accountId } = args;
        const here = { parent: this };
        const lifecycle = JSON.stringify(lifecyclePolicy(settings));
        const policyFor = (pushers: string[]) =>
            pulumi.all(args.pullRoleArns).apply((readers) => JSON.stringify(repositoryPolicy({ partition, accountId, readers: [...new Set(readers)], pushers })));

        this.repositoryUrls = {};
        this.repositoryArns = {};
        for (const service of args.services) {
            const repository = new aws.ecr.Repository(
                `${name}-${service}`,
                {
                    name: serviceRepositoryName(settings.repositoryPrefix, service),
                    imageTagMutability: "IMMUTABLE",
                    // Kept on with enhanced scanning too (Inspector then decides), so switching back to basic still scans.
                    imageScanningConfiguration: { scanOnPush: true },
                    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.primary.ecrKeyArn }],
                    forceDelete: !args.protect,
                    // Images hold the service's code and dependencies, no customer data.
                    tags: resourceTags(service, "internal"),
                },
                { ...here, protect: args.protect, retainOnDelete: args.protect },
            );
            new aws.ecr.LifecyclePolicy(`${name}-${service}-lifecycle`, { repository: repository.name, policy: lifecycle }, here);
            const pusher = args.pushRoleArns[service];
            new aws.ecr.RepositoryPolicy(`${name}-${service}-policy`, { repository: repository.name, policy: policyFor(pusher ? [pusher] : []) }, here);
            this.repositoryUrls[service] = repository.repositoryUrl;
            this.repositoryArns[service] = repository.arn;
        }

        if (settings.scanning === "enhanced") {
            for (const region of [args.primary, ...args.replicaRegions]) {
                new aws.ecr.RegistryScanningConfiguration(
                    `${name}-scanning-${region.prefix}`,
                    {
                        scanType: "ENHANCED",
                        rules: [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: `${settings.repositoryPrefix}/*`, filterType: "WILDCARD" }] }],
                    },
                    { ...here, provider: region.provider },
                );
            }
        }

        if (args.replicaRegions.length > 0) {
            // Replicas are pulled by the same node roles; CI never pushes there (replication does).
            const replicaPolicy = policyFor([]);
            const templates = args.replicaRegions.map((region) => {
                const role = new aws.iam.Role(
                    `${name}-replica-role-${region.prefix}`,
                    { assumeRolePolicy: JSON.stringify(policyDocument([{ Effect: "Allow", Principal: { Service: "ecr.amazonaws.com" }, Action: "sts:AssumeRole" }])) },
                    here,
                );
                const rolePolicy = new aws.iam.RolePolicy(
                    `${name}-replica-role-${region.prefix}-policy`,
                    {
                        role: role.id,
                        policy: pulumi
                            .output(region.ecrKeyArn)
                            .apply((keyArn) => JSON.stringify(creationTemplateRolePolicy({ partition, accountId, region: region.name, prefix: settings.repositoryPrefix, keyArn }))),
                    },
                    here,
                );
                return new aws.ecr.RepositoryCreationTemplate(
                    `${name}-replica-template-${region.prefix}`,
                    {
                        prefix: settings.repositoryPrefix,
                        appliedFors: ["REPLICATION"],
                        description: "Service image replicas: immutable, this region's ECR key, same lifecycle and pull policy as the primary",
                        imageTagMutability: "IMMUTABLE",
                        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: region.ecrKeyArn }],
                        lifecyclePolicy: lifecycle,
                        repositoryPolicy: replicaPolicy,
                        customRoleArn: role.arn,
                    },
                    { ...here, provider: region.provider, dependsOn: [rolePolicy] },
                );
            });
            new aws.ecr.ReplicationConfiguration(
                `${name}-replication`,
                {
                    replicationConfiguration: {
                        rules: [
                            {
                                destinations: args.replicaRegions.map((region) => ({ region: region.name, registryId: accountId })),
                                repositoryFilters: [{ filter: `${settings.repositoryPrefix}/`, filterType: "PREFIX_MATCH" }],
                            },
                        ],
                    },
                },
                // The templates must exist before the first replica is created, or it gets ECR's defaults.
                { ...here, dependsOn: templates },
            );
        }
        this.registerOutputs({ repositoryUrls: this.repositoryUrls, repositoryArns: this.repositoryArns });
    }
}
