import { k8sNoPrivilegeEscalation } from "../../../rules/kubernetes/k8sNoPrivilegeEscalation";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { container, deployment } from "./fixtures";

describe("k8s-no-privilege-escalation", () => {
    it("passes allowPrivilegeEscalation false", async () => {
        await assertNoResourceViolation(k8sNoPrivilegeEscalation, deployment());
    });

    it("fails allowPrivilegeEscalation true", async () => {
        await assertResourceViolation(
            k8sNoPrivilegeEscalation,
            deployment((p) => (container(p).securityContext.allowPrivilegeEscalation = true)),
            /^container "api" \(spec\.template\.spec\.containers\[0\]\): securityContext\.allowPrivilegeEscalation must be false \(found: true\)$/,
        );
    });

    it("fails allowPrivilegeEscalation left unset (Kubernetes allows it)", async () => {
        await assertResourceViolation(k8sNoPrivilegeEscalation, deployment((p) => delete container(p).securityContext), /allowPrivilegeEscalation must be false \(found: undefined\)/);
    });
});
