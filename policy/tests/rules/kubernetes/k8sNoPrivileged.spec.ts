import { k8sNoPrivileged } from "../../../rules/kubernetes/k8sNoPrivileged";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { container, deployment } from "./fixtures";

describe("k8s-no-privileged", () => {
    it("passes privileged left unset (default false)", async () => {
        await assertNoResourceViolation(k8sNoPrivileged, deployment());
    });

    it("passes privileged false", async () => {
        await assertNoResourceViolation(k8sNoPrivileged, deployment((p) => (container(p).securityContext.privileged = false)));
    });

    it("fails privileged true", async () => {
        await assertResourceViolation(
            k8sNoPrivileged,
            deployment((p) => (container(p).securityContext.privileged = true)),
            /^container "api" \(spec\.template\.spec\.containers\[0\]\): securityContext\.privileged must be false or unset \(found: true\)$/,
        );
    });
    it("passes a container without a securityContext (privileged defaults to false)", async () => {
        await assertNoResourceViolation(k8sNoPrivileged, deployment((p) => delete container(p).securityContext));
    });
});
