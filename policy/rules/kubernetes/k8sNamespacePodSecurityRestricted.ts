/**
 * k8s-namespace-pod-security-restricted: the Pod Security admission controller enforces the
 * "restricted" standard only in namespaces labelled for it; this is the in-cluster backstop for every
 * container rule above. System namespaces that need privileged pods are exempted by config: kube-system, and
 * the observability node agents (node exporter, Fluent Bit, the Datadog agent need host namespaces and
 * hostPath log directories; components/observability labels that namespace enforce=privileged, audit and
 * warn=baseline).
 */
import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";

interface Config {
    exemptNamespaces: string[];
}

export const k8sNamespacePodSecurityRestricted: PlatformResourcePolicy = {
    name: "k8s-namespace-pod-security-restricted",
    description: `Namespaces must carry the label ${ENFORCE_LABEL}=restricted, except those in exemptNamespaces (default kube-system).`,
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "kubernetes",
    anchors: [],
    remediationSteps: `Add \`metadata.labels: { "${ENFORCE_LABEL}": "restricted" }\` to the Namespace, or list it in the policy config \`exemptNamespaces\` with a reason.`,
    configSchema: {
        properties: {
            exemptNamespaces: {
                type: "array",
                items: { type: "string" },
                default: ["kube-system", "monitoring-node-agents"],
                description: "Namespaces that may run below the restricted standard (kube-system; monitoring-node-agents: node exporter and log shippers need host access).",
            },
        },
    },
    validateResource: validateResourceOfType(k8s.core.v1.Namespace, (namespace, args, reportViolation) => {
        // Without metadata.name Pulumi auto-names the namespace after the resource.
        const name = namespace.metadata?.name ?? args.name;
        if (args.getConfig<Config>().exemptNamespaces.includes(name)) {
            return;
        }
        const level = namespace.metadata?.labels?.[ENFORCE_LABEL];
        if (level !== "restricted") {
            reportViolation(mustBe(`metadata.labels["${ENFORCE_LABEL}"] of namespace ${JSON.stringify(name)}`, '"restricted"', level));
        }
    }),
};
