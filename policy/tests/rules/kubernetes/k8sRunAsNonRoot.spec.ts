import { k8sRunAsNonRoot } from "../../../rules/kubernetes/k8sRunAsNonRoot";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { container, daemonSet, deployment, podSpec } from "./fixtures";

describe("k8s-run-as-non-root", () => {
    it("passes runAsNonRoot at pod level", async () => {
        await assertNoResourceViolation(k8sRunAsNonRoot, deployment());
    });

    it("passes a non-zero runAsUser on the container alone", async () => {
        await assertNoResourceViolation(
            k8sRunAsNonRoot,
            deployment((p) => {
                delete podSpec(p).securityContext.runAsNonRoot;
                delete podSpec(p).securityContext.runAsUser;
                container(p).securityContext.runAsUser = 1000;
            }),
        );
    });

    it("fails when neither pod nor container sets it", async () => {
        await assertResourceViolation(
            k8sRunAsNonRoot,
            deployment((p) => {
                delete podSpec(p).securityContext.runAsNonRoot;
                delete podSpec(p).securityContext.runAsUser;
            }),
            /container "api" .*: securityContext\.runAsNonRoot must be true .* \(found: runAsNonRoot undefined, runAsUser undefined\)/,
        );
    });

    it("fails a container overriding runAsNonRoot to false", async () => {
        await assertResourceViolation(k8sRunAsNonRoot, deployment((p) => (container(p).securityContext.runAsNonRoot = false)), /found: runAsNonRoot false, runAsUser 10001/);
    });

    it("fails runAsUser 0 even with runAsNonRoot", async () => {
        await assertResourceViolation(k8sRunAsNonRoot, deployment((p) => (container(p).securityContext.runAsUser = 0)), /found: runAsNonRoot true, runAsUser 0/);
    });

    it("checks DaemonSets", async () => {
        await assertResourceViolation(k8sRunAsNonRoot, daemonSet((spec) => delete spec.securityContext), /found: runAsNonRoot undefined/);
    });
    it("passes runAsNonRoot true with runAsUser unset (the image's non-root USER)", async () => {
        await assertNoResourceViolation(k8sRunAsNonRoot, deployment((p) => delete podSpec(p).securityContext.runAsUser));
    });

    it("fails a runAsUser that is not a number, without runAsNonRoot", async () => {
        await assertResourceViolation(
            k8sRunAsNonRoot,
            deployment((p) => {
                delete podSpec(p).securityContext.runAsNonRoot;
                podSpec(p).securityContext.runAsUser = "10001";
            }),
            /found: runAsNonRoot undefined, runAsUser "10001"/,
        );
    });
});
