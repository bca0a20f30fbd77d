/**
 * Argo Rollouts in one region's cluster: the argo-helm `argo-rollouts` chart at a pinned version (CRDs included,
 * kept on uninstall) in its own `restricted` namespace, only in stacks where some service deploys as a canary.
 * No dashboard (it would be an unauthenticated UI), no traffic-router RBAC (canaries here shift by replica count,
 * so the controller needs no rights on Istio, SMI, ALB or Gateway API objects). Values are checked against the
 * vendored chart values (tests/services/fixtures/argo-rollouts-2.41.0-values.yaml).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ArgoRolloutsConfig } from "../../config";
import { podSecurityLabels } from "../cluster/kubernetesBaseline";
import { HELM_RELEASE_POLICY } from "../helm";

export const ARGO_ROLLOUTS_NAMESPACE = "argo-rollouts";
export const ARGO_ROLLOUTS_CHART_REPOSITORY = "https://argoproj.github.io/argo-helm";

/**
 * Chart values: controller replicas (leader election; a PDB above one), resources, least RBAC. The metrics Service
 * is on; no ServiceMonitor (it would need kube-prometheus-stack's CRDs before this release in every mode).
 */
export function argoRolloutsHelmValues(args: { controllerReplicas: number }): Record<string, unknown> {
    const ha = args.controllerReplicas > 1;
    return {
        installCRDs: true,
        keepCRDs: true,
        controller: {
            replicas: args.controllerReplicas,
            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
            pdb: ha ? { enabled: true, maxUnavailable: 1 } : { enabled: false },
            metrics: { enabled: true },
        },
        dashboard: { enabled: false },
        providerRBAC: { enabled: false },
    };
}

export interface ArgoRolloutsArgs {
    config: ArgoRolloutsConfig;
}

export class ArgoRollouts extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    /** opts.provider: the cluster's Kubernetes provider. */
    constructor(name: string, args: ArgoRolloutsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:services:ArgoRollouts", name, {}, opts);
        const parent = { parent: this };
        const namespace = new k8s.core.v1.Namespace(
            `${name}-ns`,
            { metadata: { name: ARGO_ROLLOUTS_NAMESPACE, labels: { ...podSecurityLabels("restricted"), "platform/component": "argo-rollouts" } } },
            parent,
        );
        this.release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: "argo-rollouts",
                chart: "argo-rollouts",
                version: args.config.chartVersion,
                repositoryOpts: { repo: ARGO_ROLLOUTS_CHART_REPOSITORY },
                namespace: namespace.metadata.name,
                values: argoRolloutsHelmValues({ controllerReplicas: args.config.controllerReplicas }),
                ...HELM_RELEASE_POLICY,
            },
            parent,
        );
        this.registerOutputs({ releaseName: this.release.name });
    }
}
