/**
 * stack-deployment-pdb: without a PodDisruptionBudget a node drain (EKS upgrade, Karpenter
 * consolidation) may evict every replica at once. Each Deployment (and each Argo Rollouts Rollout, which
 * replaces a canary service's Deployment) must be selected by a PDB in its own namespace whose selector matches
 * the pod template's labels.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { PlatformStackPolicy } from "../../lib/rule";
import { found } from "../../lib/validate";
import { namespaceOf, selects } from "../kubernetes/lib/labelSelectors";
import { describeResource } from "./lib/describe";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const ROLLOUT = "kubernetes:argoproj.io/v1alpha1:Rollout";
const LONG_RUNNING = [DEPLOYMENT, ROLLOUT];
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";

interface Config {
    exemptNamespaces: string[];
}

const validateStack: StackValidationPolicy["validateStack"] = (args, reportViolation) => {
    const { exemptNamespaces } = args.getConfig<Config>();
    const budgets = args.resources.filter((r) => r.type === PDB);
    for (const deployment of args.resources.filter((r) => LONG_RUNNING.includes(r.type))) {
        const namespace = namespaceOf(deployment.props);
        if (exemptNamespaces.includes(namespace)) {
            continue;
        }
        const labels = deployment.props.spec?.template?.metadata?.labels ?? {};
        const covered = budgets.some((pdb) => namespaceOf(pdb.props) === namespace && selects(pdb.props.spec?.selector, labels));
        if (!covered) {
            reportViolation(
                `${describeResource(deployment)} in namespace ${JSON.stringify(namespace)} must be selected by a ${PDB} in the same namespace (found: none matching pod labels ${found(labels)})`,
                deployment.urn,
            );
        }
    }
};

export const stackDeploymentPdb: PlatformStackPolicy = {
    name: "stack-deployment-pdb",
    description: "Every Deployment (and Argo Rollouts Rollout) must be selected by a PodDisruptionBudget in its namespace (selector matching the pod template labels), except in exemptNamespaces.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "kubernetes",
    anchors: ["polaris missingPodDisruptionBudget"],
    remediationSteps: "Add a policy/v1 PodDisruptionBudget next to each Deployment with `selector.matchLabels` equal to (a subset of) the pod template labels and `maxUnavailable: 1`.",
    configSchema: {
        properties: {
            exemptNamespaces: { type: "array", items: { type: "string" }, default: ["kube-system"], description: "Namespaces whose Deployments need no PDB." },
        },
    },
    validateStack,
};
