/**
 * Boundaries of the stack rules: an HPA's target found only by the right dependency or name (not by any
 * dependency, not by two missing names matching), the v1 HPA and StatefulSet targets, the PDB rule's default
 * exemption, and half-written resources reported rather than crashing the pack.
 */
import { stackCloudflareZoneSettings } from "../../../rules/stack/stackCloudflareZoneSettings";
import { stackDeploymentPdb } from "../../../rules/stack/stackDeploymentPdb";
import { stackHpaTarget } from "../../../rules/stack/stackHpaTarget";
import { assertNoStackViolation, assertStackViolation, stackArgs, StackFixtureResource } from "../../helpers";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const HPA_V2 = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
const NO_TARGET = /spec\.scaleTargetRef must name a Deployment or StatefulSet/;

const hpa = (spec: Record<string, any> | undefined, options: { type?: string; propertyDependencies?: Record<string, string[]> } = {}): StackFixtureResource => ({
    type: options.type ?? HPA_V2,
    name: "api-hpa",
    props: { metadata: { name: "api" }, ...(spec === undefined ? {} : { spec }) },
    propertyDependencies: options.propertyDependencies,
});
const ref = (kind: string, name?: string) => ({ scaleTargetRef: { apiVersion: "apps/v1", kind, ...(name === undefined ? {} : { name }) } });

describe("stack rules: boundaries", () => {
    it("HPA: a dependency on something else is not a target, and a nameless ref does not match a nameless workload", async () => {
        const workloads: StackFixtureResource[] = [
            { type: DEPLOYMENT, name: "api", props: { metadata: { name: "api" }, spec: {} } },
            { type: "kubernetes:core/v1:ConfigMap", name: "cfg", props: { metadata: { name: "cfg" } } },
        ];
        await assertStackViolation(stackHpaTarget, stackArgs([...workloads, hpa(ref("Deployment", "apii"), { propertyDependencies: { spec: ["cfg"] } })]), NO_TARGET);
        await assertStackViolation(stackHpaTarget, stackArgs([{ type: DEPLOYMENT, name: "auto", props: { spec: {} } }, hpa(ref("Deployment"))]), NO_TARGET);
    });

    it("HPA: autoscaling/v1 is checked too, and a StatefulSet is a target", async () => {
        await assertStackViolation(stackHpaTarget, stackArgs([hpa(ref("Deployment", "api"), { type: "kubernetes:autoscaling/v1:HorizontalPodAutoscaler" })]), NO_TARGET);
        const statefulSet: StackFixtureResource = { type: "kubernetes:apps/v1:StatefulSet", name: "db", props: { metadata: { name: "db" }, spec: {} } };
        await assertNoStackViolation(stackHpaTarget, stackArgs([statefulSet, hpa(ref("StatefulSet", "db"))]));
    });

    it("HPA: without a spec it is reported, not a crash", async () => {
        await assertStackViolation(stackHpaTarget, stackArgs([hpa(undefined)]), /\(found: undefined\)/);
    });

    it("PDB: kube-system is exempt by default; elsewhere a Deployment without a pod template is reported, not a crash", async () => {
        const bare = (namespace: string, spec: Record<string, any> | undefined, name: string): StackFixtureResource => ({
            type: DEPLOYMENT,
            name,
            props: { metadata: { name, namespace }, ...(spec === undefined ? {} : { spec }) },
        });
        await assertNoStackViolation(stackDeploymentPdb, stackArgs([bare("kube-system", {}, "coredns")]));
        const pdbWithoutSpec: StackFixtureResource = { type: "kubernetes:policy/v1:PodDisruptionBudget", name: "pdb", props: { metadata: { name: "pdb", namespace: "bff" } } };
        for (const [i, spec] of [undefined, {}, { template: {} }].entries()) {
            await assertStackViolation(stackDeploymentPdb, stackArgs([bare("bff", spec, `api${i}`), pdbWithoutSpec]), /must be selected by a kubernetes:policy\/v1:PodDisruptionBudget .*\(found: none matching pod labels \{\}\)/);
        }
    });

    it("Cloudflare zones: a zoneId on a non-Cloudflare resource or a missing zoneId is no existing zone; a setting may name a created zone by its id", async () => {
        const route53Record: StackFixtureResource = { type: "aws:route53/record:Record", name: "r53", props: { zoneId: "Z0123456789", name: "api", type: "A" } };
        const list: StackFixtureResource = { type: "cloudflare:index/list:List", name: "list", props: { accountId: "acc", kind: "ip" } };
        await assertNoStackViolation(stackCloudflareZoneSettings, stackArgs([route53Record, list]));
        const settings = ["ssl", "min_tls_version", "always_use_https", "security_header"].map(
            (settingId): StackFixtureResource => ({ type: "cloudflare:index/zoneSetting:ZoneSetting", name: settingId, props: { zoneId: "zone-id-1", settingId, value: "on" } }),
        );
        const zone: StackFixtureResource = { type: "cloudflare:index/zone:Zone", name: "zone", props: { id: "zone-id-1", name: "example.com" } };
        await assertNoStackViolation(stackCloudflareZoneSettings, stackArgs([zone, ...settings]));
    });
});
