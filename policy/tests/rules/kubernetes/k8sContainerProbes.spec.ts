import { k8sContainerProbes } from "../../../rules/kubernetes/k8sContainerProbes";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { compliantContainer, container, cronJob, deployment, podSpec, statefulSet } from "./fixtures";

describe("k8s-container-probes", () => {
    it("passes a deployment with both probes", async () => {
        await assertNoResourceViolation(k8sContainerProbes, deployment());
    });

    it("fails a missing readinessProbe", async () => {
        await assertResourceViolation(k8sContainerProbes, deployment((p) => delete container(p).readinessProbe), /^container "api" \(spec\.template\.spec\.containers\[0\]\): readinessProbe must be set \(found: undefined\)$/);
    });

    it("fails a missing livenessProbe", async () => {
        await assertResourceViolation(k8sContainerProbes, deployment((p) => delete container(p).livenessProbe), /livenessProbe must be set \(found: undefined\)/);
    });

    it("checks StatefulSets", async () => {
        await assertResourceViolation(k8sContainerProbes, statefulSet((spec) => delete spec.containers[0].livenessProbe), /livenessProbe must be set/);
    });

    it("does not ask init containers for probes", async () => {
        const init = { ...compliantContainer("migrate"), readinessProbe: undefined, livenessProbe: undefined };
        await assertNoResourceViolation(k8sContainerProbes, deployment((p) => (podSpec(p).initContainers = [init])));
    });

    it("does not apply to CronJobs", async () => {
        await assertNoResourceViolation(k8sContainerProbes, cronJob((spec) => delete spec.containers[0].livenessProbe));
    });
});
