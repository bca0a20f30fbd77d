/**
 * Reading pod templates out of workload inputs (`kubernetes:apps/v1:Deployment` and friends), so each
 * container rule is written once and applied to every workload kind.
 */
import * as k8s from "@pulumi/kubernetes";
import { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { typeTokenOf } from "../../../lib/args";
import { appliesOnlyTo } from "../../../lib/validate";

/** Long-running workloads: the kinds probes and disruption budgets make sense for (an Argo Rollouts Rollout replaces a Deployment). */
export const LONG_RUNNING_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "Rollout"] as const;
/** Every kind that runs a pod template: the kinds security context and resource rules apply to. */
export const ALL_WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Rollout"] as const;

export type WorkloadKind = (typeof ALL_WORKLOAD_KINDS)[number];

/** The Argo Rollouts Rollout has no SDK class: a CustomResource, matched by its type token. */
export const ROLLOUT_TYPE = "kubernetes:argoproj.io/v1alpha1:Rollout";

const WORKLOAD_TYPES: Record<WorkloadKind, string> = {
    Deployment: typeTokenOf(k8s.apps.v1.Deployment),
    StatefulSet: typeTokenOf(k8s.apps.v1.StatefulSet),
    DaemonSet: typeTokenOf(k8s.apps.v1.DaemonSet),
    Job: typeTokenOf(k8s.batch.v1.Job),
    CronJob: typeTokenOf(k8s.batch.v1.CronJob),
    Rollout: ROLLOUT_TYPE,
};

/** A workload's pod spec and where it sits in the inputs. */
export interface PodTemplate {
    kind: WorkloadKind;
    spec: Record<string, any>;
    path: string;
}

export function podTemplateOf(kind: WorkloadKind, props: Record<string, any>): PodTemplate {
    if (kind === "CronJob") {
        return { kind, spec: props.spec?.jobTemplate?.spec?.template?.spec ?? {}, path: "spec.jobTemplate.spec.template.spec" };
    }
    return { kind, spec: props.spec?.template?.spec ?? {}, path: "spec.template.spec" };
}

/** One container of a pod template, with a label naming it in messages. */
export interface ContainerRef {
    container: Record<string, any>;
    /** e.g. `container "api" (spec.template.spec.containers[0])` */
    label: string;
}

/** The pod's containers, plus its init containers unless `includeInit` is false. */
export function containersOf(pod: PodTemplate, includeInit = true): ContainerRef[] {
    const lists = includeInit ? (["initContainers", "containers"] as const) : (["containers"] as const);
    const refs: ContainerRef[] = [];
    for (const list of lists) {
        const containers = pod.spec[list];
        if (!Array.isArray(containers)) {
            continue;
        }
        containers.forEach((container: Record<string, any>, i: number) => {
            refs.push({ container, label: `container ${JSON.stringify(container.name)} (${pod.path}.${list}[${i}])` });
        });
    }
    return refs;
}

/**
 * A container's effective security setting: the container's own securityContext overrides the
 * pod's (the Kubernetes semantics, and Checkov's CKV_K8S_23 reading).
 */
export function effectiveSecurityField(pod: PodTemplate, container: Record<string, any>, field: string): any {
    const own = container.securityContext?.[field];
    return own !== undefined ? own : pod.spec.securityContext?.[field];
}

export type PodValidation = (pod: PodTemplate, args: ResourceValidationArgs, reportViolation: ReportViolation) => void;

/**
 * One validation for all the given kinds, recognised by their @pulumi/kubernetes classes. A single
 * function rather than one `validateResourceOfType` per kind, so the engine records one result per
 * resource instead of a not-applicable for every other kind.
 */
export function validateWorkloads(kinds: readonly WorkloadKind[], validate: PodValidation): ResourceValidation {
    // Tagged with the kinds' type tokens, so the offline gate calls it on workloads only.
    return appliesOnlyTo(kinds.map((k) => WORKLOAD_TYPES[k]), (args, reportViolation) => {
        const kind = kinds.find((k) => args.type === WORKLOAD_TYPES[k]);
        if (kind === undefined) {
            return args.notApplicable(`Policy only applies to ${kinds.join(", ")} workloads`);
        }
        return validate(podTemplateOf(kind, args.props), args, reportViolation);
    });
}
