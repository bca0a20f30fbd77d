/**
 * External Secrets Operator: installed by Helm at a pinned chart version in its own namespace, with an
 * IRSA role that can read only this environment's secrets (`platform/<env>/*` plus the RDS-managed master
 * secret) and decrypt them with the data key, and one ClusterSecretStore on AWS Secrets Manager
 * (`external-secrets.io/v1`) that only the service namespaces may use.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ExternalSecretsConfig } from "../../config/sections/secrets";
import { irsaTrustPolicy, policyDocument, PolicyDocument } from "../../lib/iam";
import { resourceTags } from "../../lib/tags";
import { podSecurityLabels } from "../cluster/kubernetesBaseline";

export const EXTERNAL_SECRETS_NAMESPACE = "external-secrets";
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = "external-secrets";
export const EXTERNAL_SECRETS_CHART_REPOSITORY = "https://charts.external-secrets.io";
/** v1beta1 is no longer served (ESO 0.17+); every manifest uses v1. */
export const EXTERNAL_SECRETS_API_VERSION = "external-secrets.io/v1";
export const CLUSTER_SECRET_STORE_NAME = "aws-secrets-manager";

/** ARN pattern of every secret of one environment: `platform/<env>/...` in one region. */
export function platformSecretsArnPattern(args: { partition?: string; region: string; accountId: string; environment: string }): string {
    return `arn:${args.partition ?? "aws"}:secretsmanager:${args.region}:${args.accountId}:secret:platform/${args.environment}/*`;
}

/**
 * What the operator may do: read (never list, write or delete) this environment's secrets and the
 * RDS-managed master secret, and decrypt with the data key only when Secrets Manager asks on its behalf.
 */
export function externalSecretsReadPolicy(args: {
    secretsArnPattern: string;
    extraSecretArns: string[];
    dataKeyArn: string;
    secretsRegion: string;
}): PolicyDocument {
    return policyDocument([
        {
            Sid: "ReadEnvironmentSecrets",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            Resource: [args.secretsArnPattern, ...args.extraSecretArns],
        },
        {
            Sid: "DecryptWithDataKey",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: args.dataKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${args.secretsRegion}.amazonaws.com` } },
        },
    ]);
}

/** Chart values: the service account carries the IRSA role; more than one replica elects a leader. */
export function externalSecretsHelmValues(args: { roleArn: string; replicas: number }): Record<string, unknown> {
    const ha = args.replicas > 1;
    return {
        installCRDs: true,
        replicaCount: args.replicas,
        leaderElect: ha,
        podDisruptionBudget: { enabled: ha, minAvailable: 1 },
        serviceAccount: {
            create: true,
            name: EXTERNAL_SECRETS_SERVICE_ACCOUNT,
            annotations: { "eks.amazonaws.com/role-arn": args.roleArn, "eks.amazonaws.com/sts-regional-endpoints": "true" },
        },
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
        webhook: { replicaCount: args.replicas, resources: { requests: { cpu: "20m", memory: "32Mi" }, limits: { memory: "128Mi" } } },
        certController: { resources: { requests: { cpu: "20m", memory: "32Mi" }, limits: { memory: "128Mi" } } },
    };
}

/**
 * The store: Secrets Manager in the region the platform's secrets live in, authenticated as the operator's
 * service account (IRSA token), usable from the listed namespaces only.
 */
export function clusterSecretStoreManifest(args: { region: string; namespaces: string[] }): { apiVersion: string; kind: string; metadata: { name: string }; spec: Record<string, unknown> } {
    return {
        apiVersion: EXTERNAL_SECRETS_API_VERSION,
        kind: "ClusterSecretStore",
        metadata: { name: CLUSTER_SECRET_STORE_NAME },
        spec: {
            provider: {
                aws: {
                    service: "SecretsManager",
                    region: args.region,
                    auth: { jwt: { serviceAccountRef: { name: EXTERNAL_SECRETS_SERVICE_ACCOUNT, namespace: EXTERNAL_SECRETS_NAMESPACE } } },
                },
            },
            conditions: [{ namespaces: [...args.namespaces] }],
        },
    };
}

export interface ExternalSecretsArgs {
    environment: string;
    accountId: string;
    /** Region the platform's secrets live in (the primary region): the store reads there. */
    secretsRegion: string;
    oidcProviderArn: pulumi.Input<string>;
    oidcProviderUrl: pulumi.Input<string>;
    /** The data CMK of the secrets region, which encrypts every platform secret. */
    dataKeyArn: pulumi.Input<string>;
    /** RDS-managed master secrets (named `rds!db-...`, outside the platform path) the operator may also read. */
    extraSecretArns: pulumi.Input<string>[];
    /** Namespaces allowed to reference the ClusterSecretStore. */
    serviceNamespaces: string[];
    config: ExternalSecretsConfig;
}

export class ExternalSecrets extends pulumi.ComponentResource {
    readonly roleArn: pulumi.Output<string>;
    readonly release: k8s.helm.v3.Release;
    readonly store: k8s.apiextensions.CustomResource;
    readonly storeName = CLUSTER_SECRET_STORE_NAME;
    readonly refreshInterval: string;

    /** opts.providers: the region's AWS provider and the cluster's Kubernetes provider. */
    constructor(name: string, args: ExternalSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:secrets:ExternalSecrets", name, {}, opts);
        const parent = { parent: this };
        this.refreshInterval = args.config.refreshInterval;

        const role = new aws.iam.Role(
            `${name}-role`,
            {
                description: `External Secrets Operator (${args.environment}): read platform/${args.environment}/* secrets`,
                assumeRolePolicy: pulumi
                    .all([args.oidcProviderArn, args.oidcProviderUrl])
                    .apply(([arn, url]) =>
                        JSON.stringify(
                            irsaTrustPolicy({
                                oidcProviderArn: arn,
                                oidcIssuerUrl: url,
                                namespace: EXTERNAL_SECRETS_NAMESPACE,
                                serviceAccounts: [EXTERNAL_SECRETS_SERVICE_ACCOUNT],
                            }),
                        ),
                    ),
                tags: resourceTags("external-secrets", "confidential"),
            },
            parent,
        );
        new aws.iam.RolePolicy(
            `${name}-read-secrets`,
            {
                role: role.id,
                policy: pulumi.all([args.dataKeyArn, pulumi.all(args.extraSecretArns)]).apply(([dataKeyArn, extraSecretArns]) =>
                    JSON.stringify(
                        externalSecretsReadPolicy({
                            secretsArnPattern: platformSecretsArnPattern({ region: args.secretsRegion, accountId: args.accountId, environment: args.environment }),
                            extraSecretArns,
                            dataKeyArn,
                            secretsRegion: args.secretsRegion,
                        }),
                    ),
                ),
            },
            parent,
        );
        this.roleArn = role.arn;

        const namespace = new k8s.core.v1.Namespace(
            `${name}-ns`,
            { metadata: { name: EXTERNAL_SECRETS_NAMESPACE, labels: { ...podSecurityLabels("restricted"), "platform/component": "external-secrets" } } },
            parent,
        );
        this.release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: "external-secrets",
                chart: "external-secrets",
                version: args.config.chartVersion,
                repositoryOpts: { repo: EXTERNAL_SECRETS_CHART_REPOSITORY },
                namespace: namespace.metadata.name,
                values: role.arn.apply((roleArn) => externalSecretsHelmValues({ roleArn, replicas: args.config.replicas })),
                atomic: true,
                cleanupOnFail: true,
                maxHistory: 10,
                timeout: 600,
            },
            parent,
        );
        // The store's CRD comes with the chart: create it only once the release is up.
        this.store = new k8s.apiextensions.CustomResource(
            `${name}-store`,
            clusterSecretStoreManifest({ region: args.secretsRegion, namespaces: args.serviceNamespaces }),
            { ...parent, dependsOn: [this.release] },
        );
        this.registerOutputs({ roleArn: this.roleArn, storeName: this.storeName });
    }
}
