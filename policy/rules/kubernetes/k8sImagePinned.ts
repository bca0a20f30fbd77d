/**
 * k8s-image-pinned: a missing or `latest` tag makes every pod restart a possible silent upgrade (or
 * downgrade) and defeats the image scan done in CI. A digest pins the exact bytes.
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { found } from "../../lib/validate";
import { isPinnedImage } from "./lib/images";
import { ALL_WORKLOAD_KINDS, containersOf, validateWorkloads } from "./lib/workloads";

export const k8sImagePinned: PlatformResourcePolicy = {
    name: "k8s-image-pinned",
    description: "Container images must be pinned by sha256 digest or by an explicit tag other than latest.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "kubernetes",
    anchors: ["CKV_K8S_14", "CKV_K8S_43", "KSV-0013"],
    remediationSteps: "Reference images as `repo/app@sha256:<digest>` (preferred) or `repo/app:<version>` as built and scanned by CI.",
    validateResource: validateWorkloads(ALL_WORKLOAD_KINDS, (pod, _args, reportViolation) => {
        for (const { container, label } of containersOf(pod)) {
            if (!isPinnedImage(container.image)) {
                reportViolation(`${label}: image must be pinned by digest or a tag other than latest (found: ${found(container.image)})`);
            }
        }
    }),
};
