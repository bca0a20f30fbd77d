import * as k8s from "@pulumi/kubernetes";
import { k8sPdbAllowsDisruption } from "../../../rules/kubernetes/k8sPdbAllowsDisruption";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const pdb = (spec: Record<string, any>) => resourceArgs(k8s.policy.v1.PodDisruptionBudget, { metadata: { name: "api", namespace: "bff" }, spec: { selector: { matchLabels: { app: "api" } }, ...spec } });

describe("k8s-pdb-allows-disruption", () => {
    it("passes maxUnavailable 1", async () => {
        await assertNoResourceViolation(k8sPdbAllowsDisruption, pdb({ maxUnavailable: 1 }));
    });

    it("passes minAvailable 50%", async () => {
        await assertNoResourceViolation(k8sPdbAllowsDisruption, pdb({ minAvailable: "50%" }));
    });

    it("fails maxUnavailable 0", async () => {
        await assertResourceViolation(k8sPdbAllowsDisruption, pdb({ maxUnavailable: 0 }), /^spec\.maxUnavailable must allow at least one pod to be evicted \(found: 0\)$/);
    });

    it('fails maxUnavailable "0%"', async () => {
        await assertResourceViolation(k8sPdbAllowsDisruption, pdb({ maxUnavailable: "0%" }), /\(found: "0%"\)/);
    });

    it('fails minAvailable "100%"', async () => {
        await assertResourceViolation(k8sPdbAllowsDisruption, pdb({ minAvailable: "100%" }), /^spec\.minAvailable must be below 100% \(found: "100%"\)$/);
    });
    it('fails maxUnavailable "0" (a string) too', async () => {
        await assertResourceViolation(k8sPdbAllowsDisruption, pdb({ maxUnavailable: "0" }), /^spec\.maxUnavailable must allow at least one pod to be evicted \(found: "0"\)$/);
    });

    it('passes maxUnavailable "10%"', async () => {
        await assertNoResourceViolation(k8sPdbAllowsDisruption, pdb({ maxUnavailable: "10%" }));
    });
});
