import * as k8s from "@pulumi/kubernetes";
import { k8sNamespacePodSecurityRestricted } from "../../../rules/kubernetes/k8sNamespacePodSecurityRestricted";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const ENFORCE = "pod-security.kubernetes.io/enforce";
const namespace = (metadata: Record<string, any> | undefined, options: { name?: string; config?: Record<string, any> } = {}) =>
    resourceArgs(k8s.core.v1.Namespace, { metadata }, options);

describe("k8s-namespace-pod-security-restricted", () => {
    it("passes a restricted namespace", async () => {
        await assertNoResourceViolation(k8sNamespacePodSecurityRestricted, namespace({ name: "bff", labels: { [ENFORCE]: "restricted" } }));
    });

    it("passes kube-system without the label", async () => {
        await assertNoResourceViolation(k8sNamespacePodSecurityRestricted, namespace({ name: "kube-system" }));
    });

    it("passes the observability node agents' namespace by default (node exporter and log shippers need host access)", async () => {
        await assertNoResourceViolation(k8sNamespacePodSecurityRestricted, namespace({ name: "monitoring-node-agents", labels: { [ENFORCE]: "privileged" } }));
        await assertResourceViolation(k8sNamespacePodSecurityRestricted, namespace({ name: "monitoring", labels: { [ENFORCE]: "privileged" } }), /namespace "monitoring" must be "restricted"/);
    });

    it("fails the baseline level", async () => {
        await assertResourceViolation(
            k8sNamespacePodSecurityRestricted,
            namespace({ name: "bff", labels: { [ENFORCE]: "baseline" } }),
            /^metadata\.labels\["pod-security\.kubernetes\.io\/enforce"\] of namespace "bff" must be "restricted" \(found: "baseline"\)$/,
        );
    });

    it("fails a namespace without the label", async () => {
        await assertResourceViolation(k8sNamespacePodSecurityRestricted, namespace({ name: "bff", labels: { team: "bff" } }), /of namespace "bff" must be "restricted" \(found: undefined\)/);
    });

    it("names an auto-named namespace after its resource", async () => {
        await assertResourceViolation(k8sNamespacePodSecurityRestricted, namespace(undefined, { name: "document" }), /of namespace "document" must be "restricted" \(found: undefined\)/);
    });

    it("honours configured exemptions", async () => {
        await assertNoResourceViolation(k8sNamespacePodSecurityRestricted, namespace({ name: "ingress" }, { config: { exemptNamespaces: ["kube-system", "ingress"] } }));
    });
});
