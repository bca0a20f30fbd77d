/**
 * The policy pack's workload rules judge real resources: every stack passes them with no violation at all,
 * and each rule fires (mandatory) on a mutated copy of a real synthesized service's resource, the rest of
 * the stack unchanged: dropped probes, image :latest or untagged, PDB maxUnavailable 0, ScaledObject
 * min > max, privileged, no limits, root, writable root filesystem, privilege escalation, kept capabilities,
 * no seccomp, host network, and a Deployment without its PDB.
 */
import * as assert from "assert";
import { runPolicyGate } from "../../offline/policyGate";
import { PROJECT_ROOT } from "../../offline/synthesize";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { stackConfig } from "../support/config";
import { single, STACKS, synthesizeStack } from "../support/synthesis";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
const SCALED_OBJECT = "kubernetes:keda.sh/v1alpha1:ScaledObject";
const WORKLOAD_RULES = /^(k8s-|stack-deployment-pdb|stack-hpa-target)/;

type Mutation = (inputs: any) => void;

describe("workload policy rules on the real services", () => {
    const results: Record<string, SynthesisResult> = {};
    before(async function () {
        this.timeout(300_000); // shared with the other specs through the synthesis cache
        for (const stack of STACKS) {
            // Pulumi-owned workloads (a stack file with platform:gitOps leaves them to Argo CD).
            results[stack] = await synthesizeStack(stack, stackConfig(stack).gitOps ? { gitOps: undefined } : undefined);
        }
    });

    for (const stack of STACKS) {
        it(`${stack}: no workload rule fires on any service`, async function () {
            this.timeout(60_000);
            const gate = await runPolicyGate(results[stack], PROJECT_ROOT);
            assert.deepStrictEqual(
                gate.violations.filter((v) => WORKLOAD_RULES.test(v.policy)).map((v) => `${v.policy}: ${v.message}`),
                [],
            );
        });
    }

    /** The mandatory workload violations on `target` after mutating a copy of its inputs (staging: every workload rule is mandatory). */
    async function firedOn(target: SynthesizedResource, mutate: Mutation | "remove"): Promise<string[]> {
        const result = results.staging;
        const resources =
            mutate === "remove"
                ? result.resources.filter((r) => r !== target)
                : result.resources.map((r) => {
                      if (r !== target) {
                          return r;
                      }
                      const inputs = structuredClone(r.inputs);
                      mutate(inputs);
                      return { ...r, inputs };
                  });
        const gate = await runPolicyGate({ ...result, resources }, PROJECT_ROOT);
        return [...new Set(gate.violations.filter((v) => v.enforcementLevel === "mandatory" && WORKLOAD_RULES.test(v.policy)).map((v) => v.policy))].sort();
    }

    const container = (inputs: any) => inputs.spec.template.spec.containers[0];
    const deploymentMutations: Array<[string, Mutation, string[]]> = [
        ["dropped readiness and liveness probes", (i) => void (delete container(i).readinessProbe, delete container(i).livenessProbe), ["k8s-container-probes"]],
        ["image :latest", (i) => void (container(i).image = container(i).image.replace(/:[^:/]+$/, ":latest")), ["k8s-image-pinned"]],
        ["untagged image", (i) => void (container(i).image = container(i).image.replace(/:[^:/]+$/, "")), ["k8s-image-pinned"]],
        ["no limits", (i) => void delete container(i).resources.limits, ["k8s-container-resources"]],
        ["privileged", (i) => void (container(i).securityContext.privileged = true), ["k8s-no-privileged"]],
        ["runAsNonRoot false", (i) => void ((container(i).securityContext.runAsNonRoot = false), (i.spec.template.spec.securityContext.runAsNonRoot = false)), ["k8s-run-as-non-root"]],
        ["writable root filesystem", (i) => void (container(i).securityContext.readOnlyRootFilesystem = false), ["k8s-read-only-root-fs"]],
        ["privilege escalation", (i) => void (container(i).securityContext.allowPrivilegeEscalation = true), ["k8s-no-privilege-escalation"]],
        ["capabilities kept", (i) => void delete container(i).securityContext.capabilities, ["k8s-drop-all-capabilities"]],
        [
            "no seccomp profile",
            (i) => void (delete container(i).securityContext.seccompProfile, delete i.spec.template.spec.securityContext.seccompProfile),
            ["k8s-seccomp-runtime-default"],
        ],
        ["host network", (i) => void (i.spec.template.spec.hostNetwork = true), ["k8s-no-host-namespaces"]],
    ];

    for (const [what, mutate, rules] of deploymentMutations) {
        it(`fires ${rules.join(", ")} on a real Deployment with ${what}`, async function () {
            this.timeout(60_000);
            assert.deepStrictEqual(await firedOn(single(results.staging, DEPLOYMENT, "-use1-document-deployment"), mutate), rules);
        });
    }

    // A canary's Rollout (a custom resource) is held to the same container rules as a Deployment.
    for (const [what, mutate, rules] of deploymentMutations.filter(([what]) => ["dropped readiness and liveness probes", "image :latest", "privileged", "writable root filesystem", "host network"].includes(what))) {
        it(`fires ${rules.join(", ")} on a real canary Rollout with ${what}`, async function () {
            this.timeout(60_000);
            assert.deepStrictEqual(await firedOn(single(results.staging, "kubernetes:argoproj.io/v1alpha1:Rollout", "-use1-bff-rollout"), mutate), rules);
        });
    }

    it("fires k8s-pdb-allows-disruption on a real PDB with maxUnavailable 0", async function () {
        this.timeout(60_000);
        assert.deepStrictEqual(await firedOn(single(results.staging, PDB, "-use1-bff-pdb"), (i) => void (i.spec.maxUnavailable = 0)), ["k8s-pdb-allows-disruption"]);
    });

    it("fires stack-deployment-pdb when a real service loses its PDB", async function () {
        this.timeout(60_000);
        assert.deepStrictEqual(await firedOn(single(results.staging, PDB, "-use1-document-pdb"), "remove"), ["stack-deployment-pdb"]);
        // bff is a canary: its Rollout needs the PDB as much.
        assert.deepStrictEqual(await firedOn(single(results.staging, PDB, "-use1-bff-pdb"), "remove"), ["stack-deployment-pdb"]);
    });

    it("fires k8s-scaledobject-bounds on a real ScaledObject with min above max, and with no floor", async function () {
        this.timeout(60_000);
        const scaled = single(results.staging, SCALED_OBJECT, "-use1-document-scaled-object");
        assert.deepStrictEqual(await firedOn(scaled, (i) => void ((i.spec.minReplicaCount = 5), (i.spec.maxReplicaCount = 3))), ["k8s-scaledobject-bounds"]);
        assert.deepStrictEqual(await firedOn(scaled, (i) => void delete i.spec.minReplicaCount), ["k8s-scaledobject-bounds"]);
    });
});
