import { k8sSeccompRuntimeDefault } from "../../../rules/kubernetes/k8sSeccompRuntimeDefault";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { container, deployment, podSpec } from "./fixtures";

describe("k8s-seccomp-runtime-default", () => {
    it("passes RuntimeDefault at pod level", async () => {
        await assertNoResourceViolation(k8sSeccompRuntimeDefault, deployment());
    });

    it("passes a Localhost profile on the container", async () => {
        await assertNoResourceViolation(
            k8sSeccompRuntimeDefault,
            deployment((p) => {
                delete podSpec(p).securityContext.seccompProfile;
                container(p).securityContext.seccompProfile = { type: "Localhost", localhostProfile: "profiles/api.json" };
            }),
        );
    });

    it("fails a container overriding it to Unconfined", async () => {
        await assertResourceViolation(
            k8sSeccompRuntimeDefault,
            deployment((p) => (container(p).securityContext.seccompProfile = { type: "Unconfined" })),
            /container "api" .*: securityContext\.seccompProfile\.type must be "RuntimeDefault" or "Localhost" .* \(found: "Unconfined"\)/,
        );
    });

    it("fails seccompProfile left unset", async () => {
        await assertResourceViolation(k8sSeccompRuntimeDefault, deployment((p) => delete podSpec(p).securityContext.seccompProfile), /\(found: undefined\)/);
    });
});
