import { PlatformPolicy } from "../../lib/rule";
import { k8sContainerProbes } from "./k8sContainerProbes";
import { k8sContainerResources } from "./k8sContainerResources";
import { k8sDropAllCapabilities } from "./k8sDropAllCapabilities";
import { k8sHpaBounds } from "./k8sHpaBounds";
import { k8sImagePinned } from "./k8sImagePinned";
import { k8sNamespacePodSecurityRestricted } from "./k8sNamespacePodSecurityRestricted";
import { k8sNoHostNamespaces } from "./k8sNoHostNamespaces";
import { k8sNoPrivilegeEscalation } from "./k8sNoPrivilegeEscalation";
import { k8sNoPrivileged } from "./k8sNoPrivileged";
import { k8sPdbAllowsDisruption } from "./k8sPdbAllowsDisruption";
import { k8sReadOnlyRootFs } from "./k8sReadOnlyRootFs";
import { k8sRunAsNonRoot } from "./k8sRunAsNonRoot";
import { k8sScaledObjectBounds } from "./k8sScaledObjectBounds";
import { k8sSeccompRuntimeDefault } from "./k8sSeccompRuntimeDefault";
import { k8sKarpenterEc2NodeClassHardened } from "./k8sKarpenterEc2NodeClassHardened";
import { k8sKarpenterNodePoolLimits } from "./k8sKarpenterNodePoolLimits";
import { k8sMigrationJobRestricted } from "./k8sMigrationJobRestricted";
import { k8sRolloutCanaryAnalysis } from "./k8sRolloutCanaryAnalysis";

/** Kubernetes workload hygiene: resources, probes, pod security, image pinning, autoscaling bounds, Karpenter's nodes, migration Jobs, canary analysis. */
export const kubernetesRules: PlatformPolicy[] = [
    k8sContainerResources,
    k8sContainerProbes,
    k8sRunAsNonRoot,
    k8sReadOnlyRootFs,
    k8sNoPrivileged,
    k8sNoHostNamespaces,
    k8sNoPrivilegeEscalation,
    k8sDropAllCapabilities,
    k8sSeccompRuntimeDefault,
    k8sImagePinned,
    k8sHpaBounds,
    k8sScaledObjectBounds,
    k8sNamespacePodSecurityRestricted,
    k8sPdbAllowsDisruption,
    k8sKarpenterEc2NodeClassHardened,
    k8sKarpenterNodePoolLimits,
    k8sMigrationJobRestricted,
    k8sRolloutCanaryAnalysis,
];
