/**
 * k8s-no-host-namespaces: sharing the node's network, PID or IPC namespace lets a pod sniff node
 * traffic, see and signal every process, or read shared memory. Defaults (false) are safe.
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";
import { ALL_WORKLOAD_KINDS, validateWorkloads } from "./lib/workloads";

export const k8sNoHostNamespaces: PlatformResourcePolicy = {
    name: "k8s-no-host-namespaces",
    description: "Pod templates must not set hostNetwork, hostPID or hostIPC to true.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "kubernetes",
    anchors: ["CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_19", "KSV-0008", "KSV-0009", "KSV-0010"],
    remediationSteps: "Remove hostNetwork/hostPID/hostIPC from the pod spec; expose ports through a Service instead.",
    validateResource: validateWorkloads(ALL_WORKLOAD_KINDS, (pod, _args, reportViolation) => {
        for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
            if (pod.spec[field] === true) {
                reportViolation(mustBe(`${pod.path}.${field}`, "false or unset", pod.spec[field]));
            }
        }
    }),
};
