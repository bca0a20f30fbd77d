import { stackHpaTarget } from "../../../rules/stack/stackHpaTarget";
import { assertNoStackViolation, assertStackViolation, stackArgs, StackFixtureResource } from "../../helpers";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";

const deployment = (metadata: Record<string, any>, name = "api"): StackFixtureResource => ({ type: DEPLOYMENT, name, props: { metadata, spec: {} } });
const hpa = (namespace: string, scaleTargetRef: Record<string, any>, propertyDependencies?: Record<string, string[]>): StackFixtureResource => ({
    type: HPA,
    name: "api-hpa",
    props: { metadata: { name: "api", namespace }, spec: { scaleTargetRef, minReplicas: 2, maxReplicas: 10 } },
    propertyDependencies,
});

describe("stack-hpa-target", () => {
    it("passes an HPA naming a Deployment in its namespace", async () => {
        const args = stackArgs([deployment({ name: "api", namespace: "bff" }), hpa("bff", { apiVersion: "apps/v1", kind: "Deployment", name: "api" })]);
        await assertNoStackViolation(stackHpaTarget, args);
    });

    it("passes an HPA whose spec depends on an auto-named Deployment", async () => {
        const args = stackArgs([deployment({ namespace: "bff" }), hpa("bff", { apiVersion: "apps/v1", kind: "Deployment", name: "api-x1y2" }, { spec: ["api"] })]);
        await assertNoStackViolation(stackHpaTarget, args);
    });

    it("fails an HPA naming a Deployment that does not exist", async () => {
        await assertStackViolation(
            stackHpaTarget,
            stackArgs([deployment({ name: "api", namespace: "bff" }), hpa("bff", { apiVersion: "apps/v1", kind: "Deployment", name: "apii" })]),
            /^kubernetes:autoscaling\/v2:HorizontalPodAutoscaler "api-hpa" spec\.scaleTargetRef must name a Deployment or StatefulSet declared in namespace "bff" \(found: \{"apiVersion":"apps\/v1","kind":"Deployment","name":"apii"\}\)$/,
        );
    });

    it("fails an HPA whose Deployment lives in another namespace", async () => {
        await assertStackViolation(stackHpaTarget, stackArgs([deployment({ name: "api", namespace: "document" }), hpa("bff", { kind: "Deployment", name: "api" })]), /declared in namespace "bff"/);
    });

    it("fails a target kind the stack cannot declare", async () => {
        await assertStackViolation(stackHpaTarget, stackArgs([deployment({ name: "api", namespace: "bff" }), hpa("bff", { kind: "Rollout", name: "api" })]), /\(found: \{"kind":"Rollout","name":"api"\}\)/);
    });

    it("fails an HPA without scaleTargetRef", async () => {
        await assertStackViolation(stackHpaTarget, stackArgs([{ type: HPA, name: "api-hpa", props: { metadata: { namespace: "bff" }, spec: {} } }]), /\(found: undefined\)/);
    });
});
