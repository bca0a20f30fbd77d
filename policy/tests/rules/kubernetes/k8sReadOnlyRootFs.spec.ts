import { k8sReadOnlyRootFs } from "../../../rules/kubernetes/k8sReadOnlyRootFs";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { container, deployment } from "./fixtures";

describe("k8s-read-only-root-fs", () => {
    it("passes readOnlyRootFilesystem true", async () => {
        await assertNoResourceViolation(k8sReadOnlyRootFs, deployment());
    });

    it("fails readOnlyRootFilesystem false", async () => {
        await assertResourceViolation(
            k8sReadOnlyRootFs,
            deployment((p) => (container(p).securityContext.readOnlyRootFilesystem = false)),
            /^container "api" \(spec\.template\.spec\.containers\[0\]\): securityContext\.readOnlyRootFilesystem must be true \(found: false\)$/,
        );
    });

    it("fails readOnlyRootFilesystem left unset", async () => {
        await assertResourceViolation(k8sReadOnlyRootFs, deployment((p) => delete container(p).securityContext.readOnlyRootFilesystem), /readOnlyRootFilesystem must be true \(found: undefined\)/);
    });
    it("fails a container without a securityContext, without crashing", async () => {
        await assertResourceViolation(k8sReadOnlyRootFs, deployment((p) => delete container(p).securityContext), /readOnlyRootFilesystem must be true \(found: undefined\)/);
    });
});
