import * as k8s from "@pulumi/kubernetes";
import { strict as assert } from "assert";
import { ALL_WORKLOAD_KINDS, containersOf, effectiveSecurityField, podTemplateOf, validateWorkloads } from "../../../../rules/kubernetes/lib/workloads";
import { RESOURCE_TYPES } from "../../../../lib/args";
import { resourceArgs } from "../../../helpers";

describe("kubernetes/lib/workloads", () => {
    it("uses the type tokens of the @pulumi/kubernetes classes, and the Argo Rollouts Rollout's (a custom resource)", async () => {
        const classes = [k8s.apps.v1.Deployment, k8s.apps.v1.StatefulSet, k8s.apps.v1.DaemonSet, k8s.batch.v1.Job, k8s.batch.v1.CronJob, "kubernetes:argoproj.io/v1alpha1:Rollout"];
        const seen: string[] = [];
        const validation = validateWorkloads(ALL_WORKLOAD_KINDS, (pod) => {
            seen.push(pod.kind);
        });
        for (const cls of classes) {
            await validation(resourceArgs(cls as any, {}), () => undefined);
        }
        assert.deepEqual(seen, [...ALL_WORKLOAD_KINDS]);
        // Another custom resource is not a workload.
        await assert.rejects(async () => validation(resourceArgs("kubernetes:argoproj.io/v1alpha1:AnalysisTemplate" as any, {}), () => undefined), /Policy only applies to .*Rollout workloads/);
        assert.equal(seen.length, ALL_WORKLOAD_KINDS.length);
    });

    it("tags the validation with the kinds' type tokens (the offline gate calls it on those only), separated in the not-applicable message", async () => {
        const validation = validateWorkloads(["Job", "Rollout"], () => undefined);
        assert.deepEqual((validation as any)[RESOURCE_TYPES], ["kubernetes:batch/v1:Job", "kubernetes:argoproj.io/v1alpha1:Rollout"]);
        await assert.rejects(async () => validation(resourceArgs(k8s.apps.v1.Deployment, {}), () => undefined), /^Error: Policy only applies to Job, Rollout workloads$/);
    });

    it("reads an empty pod template from a workload missing any level of it", () => {
        for (const props of [{}, { spec: {} }, { spec: { template: {} } }]) {
            assert.deepEqual(podTemplateOf("Rollout", props).spec, {});
        }
        for (const props of [{}, { spec: {} }, { spec: { jobTemplate: {} } }, { spec: { jobTemplate: { spec: {} } } }, { spec: { jobTemplate: { spec: { template: {} } } } }]) {
            assert.deepEqual(podTemplateOf("CronJob", props).spec, {});
        }
    });

    it("finds the pod template of a CronJob", () => {
        const pod = podTemplateOf("CronJob", { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: "a" }] } } } } } });
        assert.equal(pod.path, "spec.jobTemplate.spec.template.spec");
        assert.deepEqual(
            containersOf(pod).map((c) => c.label),
            ['container "a" (spec.jobTemplate.spec.template.spec.containers[0])'],
        );
    });

    it("lists init containers before containers unless excluded", () => {
        const pod = podTemplateOf("Deployment", { spec: { template: { spec: { initContainers: [{ name: "i" }], containers: [{ name: "c" }] } } } });
        assert.deepEqual(
            containersOf(pod).map((c) => c.container.name),
            ["i", "c"],
        );
        assert.deepEqual(
            containersOf(pod, false).map((c) => c.container.name),
            ["c"],
        );
    });

    it("lets the container's securityContext override the pod's", () => {
        const pod = podTemplateOf("Deployment", { spec: { template: { spec: { securityContext: { runAsUser: 1 } } } } });
        assert.equal(effectiveSecurityField(pod, { securityContext: { runAsUser: 2 } }, "runAsUser"), 2);
        assert.equal(effectiveSecurityField(pod, {}, "runAsUser"), 1);
    });
});
