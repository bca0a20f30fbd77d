/**
 * KEDA in one region's cluster: the Helm chart at a pinned version in its own `restricted` namespace, with
 * CRDs, and an IRSA role for its operator allowed one thing: read the attributes (depth) of the region's
 * service queues, which the queue-depth triggers' TriggerAuthentications use (`podIdentity.provider: aws`,
 * owner keda). No static keys anywhere. KEDA owns each service's HPA (`keda-hpa-<service>`); its CPU trigger
 * needs metrics-server (installed by the observability module, not here).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { KedaConfig } from "../../config";
import { irsaTrustPolicy, policyDocument, PolicyDocument } from "../../lib/iam";
import { PLATFORM_SERVICE, resourceTags } from "../../lib/tags";
import { podSecurityLabels } from "../cluster/kubernetesBaseline";
import { HELM_RELEASE_POLICY } from "../helm";

export const KEDA_NAMESPACE = "keda";
export const KEDA_CHART_REPOSITORY = "https://kedacore.github.io/charts";
/** The chart's default operator ServiceAccount (`serviceAccount.operator.name`), stated in the values and trusted by the role. */
export const KEDA_OPERATOR_SERVICE_ACCOUNT = "keda-operator";

/** The operator's permissions: the depth of the services' queues, nothing else (no receive, no KMS: attributes are not encrypted). */
export function kedaOperatorPolicy(queueArns: readonly string[]): PolicyDocument {
    return policyDocument([{ Sid: "ReadServiceQueueDepth", Effect: "Allow", Action: ["sqs:GetQueueAttributes"], Resource: [...queueArns] }]);
}

/** The scale subresource of Argo Rollouts' Rollout, as RBAC names it (API group, lower-case plural resource). */
export const ROLLOUT_SCALE_TARGET = { apiGroup: "argoproj.io", kind: "rollouts" } as const;

/**
 * Chart values (keys checked against tests/services/fixtures/keda-2.20.2-values.yaml). IRSA annotates the
 * operator's ServiceAccount with the role; more than one operator replica elects a leader and gets a PDB.
 * The chart's default `rbac.scaledRefKinds` (`apiGroup: "*"`, `kind: "*"`) grants the operator get on every
 * resource of the cluster, Secrets included, and scale on all of them; Deployments and StatefulSets are covered
 * without it, so custom scale targets are granted by name: Rollouts where canaries scale, otherwise none.
 */
export function kedaHelmValues(args: { operatorReplicas: number; roleArn?: string; scalesRollouts?: boolean }): Record<string, unknown> {
    const ha = args.operatorReplicas > 1;
    const resources = (memory: string) => ({ requests: { cpu: "100m", memory: "128Mi" }, limits: { memory } });
    return {
        crds: { install: true },
        operator: { replicaCount: args.operatorReplicas },
        serviceAccount: { operator: { create: true, name: KEDA_OPERATOR_SERVICE_ACCOUNT } },
        podIdentity: { aws: { irsa: args.roleArn ? { enabled: true, roleArn: args.roleArn, stsRegionalEndpoints: "true" } : { enabled: false } } },
        podDisruptionBudget: ha ? { operator: { minAvailable: 1 } } : {},
        resources: { operator: resources("1000Mi"), metricServer: resources("1000Mi"), webhooks: resources("256Mi") },
        rbac: args.scalesRollouts ? { enabledCustomScaledRefKinds: true, scaledRefKinds: [ROLLOUT_SCALE_TARGET] } : { enabledCustomScaledRefKinds: false },
    };
}

export interface KedaArgs {
    config: KedaConfig;
    region: string;
    environment: string;
    /** The region's service queues the triggers read; empty: the operator gets no AWS role. */
    queueArns: pulumi.Input<string>[];
    oidcProviderArn: pulumi.Input<string>;
    oidcProviderUrl: pulumi.Input<string>;
    /** Some service's ScaledObject targets an Argo Rollouts Rollout (a canary). */
    scalesRollouts: boolean;
}

export class Keda extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    /** opts.providers: the region's AWS provider and the cluster's Kubernetes provider. */
    constructor(name: string, args: KedaArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:services:Keda", name, {}, opts);
        const parent = { parent: this };
        const namespace = new k8s.core.v1.Namespace(
            `${name}-ns`,
            { metadata: { name: KEDA_NAMESPACE, labels: { ...podSecurityLabels("restricted"), "platform/component": "keda" } } },
            parent,
        );

        let roleArn: pulumi.Output<string> | undefined;
        if (args.queueArns.length > 0) {
            const role = new aws.iam.Role(
                `${name}-operator-role`,
                {
                    description: `KEDA operator (${args.environment}, ${args.region}): reads the service queues' depth`,
                    assumeRolePolicy: pulumi
                        .all([args.oidcProviderArn, args.oidcProviderUrl])
                        .apply(([arn, url]) =>
                            JSON.stringify(irsaTrustPolicy({ oidcProviderArn: arn, oidcIssuerUrl: url, namespace: KEDA_NAMESPACE, serviceAccounts: [KEDA_OPERATOR_SERVICE_ACCOUNT] })),
                        ),
                    tags: resourceTags(PLATFORM_SERVICE, "internal"),
                },
                parent,
            );
            new aws.iam.RolePolicy(
                `${name}-operator-policy`,
                { role: role.id, policy: pulumi.all(args.queueArns).apply((arns) => JSON.stringify(kedaOperatorPolicy(arns))) },
                parent,
            );
            roleArn = role.arn;
        }

        this.release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: "keda",
                chart: "keda",
                version: args.config.chartVersion,
                repositoryOpts: { repo: KEDA_CHART_REPOSITORY },
                namespace: namespace.metadata.name,
                values: pulumi.output(roleArn).apply((arn) => kedaHelmValues({ operatorReplicas: args.config.operatorReplicas, roleArn: arn, scalesRollouts: args.scalesRollouts })),
                ...HELM_RELEASE_POLICY,
            },
            parent,
        );
        this.registerOutputs({ releaseName: this.release.name });
    }
}
