import { k8sNoHostNamespaces } from "../../../rules/kubernetes/k8sNoHostNamespaces";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
import { cronJob, deployment, podSpec } from "./fixtures";

describe("k8s-no-host-namespaces", () => {
    it("passes a pod without host namespaces", async () => {
        await assertNoResourceViolation(k8sNoHostNamespaces, deployment());
    });

    it("passes host namespaces explicitly false", async () => {
        await assertNoResourceViolation(k8sNoHostNamespaces, deployment((p) => Object.assign(podSpec(p), { hostNetwork: false, hostPID: false, hostIPC: false })));
    });

    for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
        it(`fails ${field} true`, async () => {
            await assertResourceViolation(k8sNoHostNamespaces, deployment((p) => (podSpec(p)[field] = true)), new RegExp(`^spec\\.template\\.spec\\.${field} must be false or unset \\(found: true\\)$`));
        });
    }

    it("checks CronJob pod templates", async () => {
        await assertResourceViolation(k8sNoHostNamespaces, cronJob((spec) => (spec.hostPID = true)), /^spec\.jobTemplate\.spec\.template\.spec\.hostPID must be false or unset/);
    });
});
