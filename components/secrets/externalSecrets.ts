/**
 * External Secrets Operator: installed by Helm at a pinned chart version in its own namespace. The controller
 * has no AWS identity of its own: every store is a namespaced `SecretStore` (`external-secrets.io/v1`) that
 * authenticates as a ServiceAccount of its own namespace (IRSA, `auth.jwt.serviceAccountRef`), so what a
 * namespace can pull from Secrets Manager is exactly what that namespace's role may read.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ExternalSecretsConfig } from "../../config/sections/secrets";
import { PolicyStatement } from "../../lib/iam";
import { podSecurityLabels } from "../cluster/kubernetesBaseline";
import { HELM_RELEASE_POLICY } from "../helm";

export const EXTERNAL_SECRETS_NAMESPACE = "external-secrets";
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = "external-secrets";
export const EXTERNAL_SECRETS_CHART_REPOSITORY = "https://charts.external-secrets.io";
/** v1beta1 is no longer served (ESO 0.17+); every manifest uses v1. */
export const EXTERNAL_SECRETS_API_VERSION = "external-secrets.io/v1";
/** Name of the SecretStore in each namespace that pulls secrets (one per namespace, so the name can be fixed). */
export const SECRET_STORE_NAME = "aws-secrets-manager";

/** ARN of a secret name (or name pattern) in one region and account. */
export function secretArn(args: { partition?: string; region: string; accountId: string; name: string }): string {
    return `arn:${args.partition ?? "aws"}:secretsmanager:${args.region}:${args.accountId}:secret:${args.name}`;
}

/**
 * ARN pattern of one service's own secrets: `platform/<env>/<service>/*`. The trailing slash matters: without
 * it `platform/prod/bff*` would also match a service named `bff-admin`.
 */
export function serviceSecretsArnPattern(args: { partition?: string; region: string; accountId: string; environment: string; service: string }): string {
    return secretArn({ ...args, name: `platform/${args.environment}/${args.service}/*` });
}

/**
 * Read access to exactly the listed secrets (ARNs or ARN patterns; never list, write or delete), and decrypt
 * with the data key only when Secrets Manager asks on the caller's behalf.
 */
export function secretReadStatements(args: { secretArns: string[]; dataKeyArn: string; secretsRegion: string }): PolicyStatement[] {
    if (args.secretArns.length === 0) {
        return [];
    }
    return [
        {
            Sid: "ReadOwnSecrets",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            Resource: [...args.secretArns],
        },
        {
            Sid: "DecryptOwnSecrets",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: args.dataKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${args.secretsRegion}.amazonaws.com` } },
        },
    ];
}

/**
 * Chart values. The controller's ServiceAccount carries no role: a store without `auth` therefore has no
 * credentials (pods cannot reach the node role: IMDSv2 hop limit 1), and cluster-wide stores are ignored, so
 * no namespace can borrow another's identity. More than one replica elects a leader.
 */
export function externalSecretsHelmValues(args: { replicas: number }): Record<string, unknown> {
    const ha = args.replicas > 1;
    return {
        installCRDs: true,
        replicaCount: args.replicas,
        leaderElect: ha,
        processClusterStore: false,
        // The default, stated because every SecretStore relies on it: ESO mints the namespace's ServiceAccount token.
        rbac: { serviceAccountTokenCreate: true },
        podDisruptionBudget: { enabled: ha, minAvailable: 1 },
        serviceAccount: { create: true, name: EXTERNAL_SECRETS_SERVICE_ACCOUNT },
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
        webhook: { replicaCount: args.replicas, resources: { requests: { cpu: "20m", memory: "32Mi" }, limits: { memory: "128Mi" } } },
        certController: { resources: { requests: { cpu: "20m", memory: "32Mi" }, limits: { memory: "128Mi" } } },
    };
}

export interface SecretStoreManifest {
    apiVersion: string;
    kind: "SecretStore";
    metadata: { name: string; namespace: pulumi.Input<string>; labels?: Record<string, string> };
    spec: { provider: { aws: { service: "SecretsManager"; region: string; auth: { jwt: { serviceAccountRef: { name: string } } } } } };
}

/**
 * A namespace's store: Secrets Manager in the region the platform's secrets live in, authenticated as
 * `serviceAccount` of the same namespace. For a namespaced SecretStore ESO always looks the ServiceAccount up
 * in the store's own namespace (a `namespace` in serviceAccountRef is only honoured for ClusterSecretStores),
 * assumes the role in its `eks.amazonaws.com/role-arn` annotation with a token for audience sts.amazonaws.com.
 */
export function secretStoreManifest(args: { namespace: pulumi.Input<string>; region: string; serviceAccount: string; labels?: Record<string, string>; name?: string }): SecretStoreManifest {
    return {
        apiVersion: EXTERNAL_SECRETS_API_VERSION,
        kind: "SecretStore",
        metadata: { name: args.name ?? SECRET_STORE_NAME, namespace: args.namespace, ...(args.labels ? { labels: args.labels } : {}) },
        spec: { provider: { aws: { service: "SecretsManager", region: args.region, auth: { jwt: { serviceAccountRef: { name: args.serviceAccount } } } } } },
    };
}

export interface ExternalSecretsArgs {
    config: ExternalSecretsConfig;
}

export class ExternalSecrets extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;
    readonly refreshInterval: string;

    /** opts.providers: the cluster's Kubernetes provider. */
    constructor(name: string, args: ExternalSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:secrets:ExternalSecrets", name, {}, opts);
        const parent = { parent: this };
        this.refreshInterval = args.config.refreshInterval;

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
                values: externalSecretsHelmValues({ replicas: args.config.replicas }),
                ...HELM_RELEASE_POLICY,
            },
            parent,
        );
        this.registerOutputs({ releaseName: this.release.name });
    }
}
