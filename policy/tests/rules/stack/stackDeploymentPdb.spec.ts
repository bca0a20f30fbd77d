import { stackDeploymentPdb } from "../../../rules/stack/stackDeploymentPdb";
import { assertNoStackViolation, assertStackViolation, stackArgs, StackFixtureResource } from "../../helpers";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";

const deployment = (namespace: string | undefined, labels: Record<string, string>, name = "api"): StackFixtureResource => ({
    type: DEPLOYMENT,
    name,
    props: { metadata: { name, namespace }, spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [] } } } },
});
const pdb = (namespace: string | undefined, selector: Record<string, any>, name = "api-pdb"): StackFixtureResource => ({
    type: PDB,
    name,
    props: { metadata: { name, namespace }, spec: { maxUnavailable: 1, selector } },
});

describe("stack-deployment-pdb", () => {
    it("passes a Deployment selected by a PDB on a subset of its labels", async () => {
        const args = stackArgs([deployment("bff", { app: "api", version: "v2" }), pdb("bff", { matchLabels: { app: "api" } })]);
        await assertNoStackViolation(stackDeploymentPdb, args);
    });

    it("passes when both use the default namespace implicitly", async () => {
        await assertNoStackViolation(stackDeploymentPdb, stackArgs([deployment(undefined, { app: "api" }), pdb("default", { matchLabels: { app: "api" } })]));
    });

    it("fails a Deployment without any PDB", async () => {
        await assertStackViolation(
            stackDeploymentPdb,
            stackArgs([deployment("bff", { app: "api" })]),
            /^kubernetes:apps\/v1:Deployment "api" in namespace "bff" must be selected by a kubernetes:policy\/v1:PodDisruptionBudget in the same namespace \(found: none matching pod labels \{"app":"api"\}\)$/,
        );
    });

    it("holds an Argo Rollouts Rollout (a canary's workload) to the same: fails without a PDB, passes with one", async () => {
        const rollout = { ...deployment("bff", { app: "api" }), type: "kubernetes:argoproj.io/v1alpha1:Rollout" };
        await assertStackViolation(stackDeploymentPdb, stackArgs([rollout]), /^kubernetes:argoproj\.io\/v1alpha1:Rollout "api" in namespace "bff" must be selected by a kubernetes:policy\/v1:PodDisruptionBudget/);
        await assertNoStackViolation(stackDeploymentPdb, stackArgs([rollout, pdb("bff", { matchLabels: { app: "api" } })]));
        // Other custom resources with a pod template are not judged.
        await assertNoStackViolation(stackDeploymentPdb, stackArgs([{ ...rollout, type: "kubernetes:argoproj.io/v1alpha1:Experiment" }]));
    });

    it("fails a PDB whose selector does not match the pod labels", async () => {
        await assertStackViolation(stackDeploymentPdb, stackArgs([deployment("bff", { app: "api" }), pdb("bff", { matchLabels: { app: "apii" } })]), /"api" in namespace "bff" must be selected/);
    });

    it("fails a PDB selecting more labels than the pods carry", async () => {
        await assertStackViolation(stackDeploymentPdb, stackArgs([deployment("bff", { app: "api" }), pdb("bff", { matchLabels: { app: "api", tier: "web" } })]), /must be selected/);
    });

    it("fails a matching PDB in another namespace", async () => {
        await assertStackViolation(stackDeploymentPdb, stackArgs([deployment("bff", { app: "api" }), pdb("document", { matchLabels: { app: "api" } })]), /in namespace "bff" must be selected/);
    });

    it("exempts kube-system by default and honours configured exemptions", async () => {
        await assertNoStackViolation(stackDeploymentPdb, stackArgs([deployment("kube-system", { app: "coredns" })]));
        await assertNoStackViolation(stackDeploymentPdb, stackArgs([deployment("tools", { app: "debug" })], { config: { exemptNamespaces: ["tools"] } }));
    });
});
