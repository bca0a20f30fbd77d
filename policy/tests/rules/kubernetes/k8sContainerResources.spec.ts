import { k8sContainerResources } from "../../../rules/kubernetes/k8sContainerResources";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { compliantContainer, container, cronJob, deployment, podSpec } from "./fixtures";

describe("k8s-container-resources", () => {
    it("passes a deployment with requests and limits", async () => {
        await assertNoResourceViolation(k8sContainerResources, deployment());
    });

    for (const [kind, resource] of [["requests", "cpu"], ["requests", "memory"], ["limits", "cpu"], ["limits", "memory"]]) {
        it(`fails when resources.${kind}.${resource} is left unset`, async () => {
            const args = deployment((p) => delete container(p).resources[kind][resource]);
            await assertResourceViolation(
                k8sContainerResources,
                args,
                new RegExp(`^container "api" \\(spec\\.template\\.spec\\.containers\\[0\\]\\): resources\\.${kind}\\.${resource} must be set \\(found: undefined\\)$`),
            );
        });
    }

    it("fails a container without resources", async () => {
        await assertResourceViolation(k8sContainerResources, deployment((p) => delete container(p).resources), /resources\.requests\.cpu must be set/);
    });

    it("checks init containers too", async () => {
        const init = { ...compliantContainer("migrate"), resources: { requests: { cpu: "100m", memory: "128Mi" } } };
        await assertResourceViolation(
            k8sContainerResources,
            deployment((p) => (podSpec(p).initContainers = [init])),
            /container "migrate" \(spec\.template\.spec\.initContainers\[0\]\): resources\.limits\.memory must be set/,
        );
    });

    it("checks CronJob pod templates", async () => {
        await assertResourceViolation(
            k8sContainerResources,
            cronJob((spec) => delete spec.containers[0].resources.limits),
            /\(spec\.jobTemplate\.spec\.template\.spec\.containers\[0\]\): resources\.limits\.cpu must be set/,
        );
    });
});
