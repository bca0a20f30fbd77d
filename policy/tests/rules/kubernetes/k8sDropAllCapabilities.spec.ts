import * as k8s from "@pulumi/kubernetes";
import { k8sDropAllCapabilities } from "../../../rules/kubernetes/k8sDropAllCapabilities";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";
import { container, deployment, deploymentProps } from "./fixtures";

describe("k8s-drop-all-capabilities", () => {
    it("passes drop ALL", async () => {
        await assertNoResourceViolation(k8sDropAllCapabilities, deployment());
    });

    it("passes adding back NET_BIND_SERVICE", async () => {
        await assertNoResourceViolation(k8sDropAllCapabilities, deployment((p) => (container(p).securityContext.capabilities.add = ["NET_BIND_SERVICE"])));
    });

    it("fails without drop ALL", async () => {
        await assertResourceViolation(
            k8sDropAllCapabilities,
            deployment((p) => (container(p).securityContext.capabilities.drop = ["NET_RAW"])),
            /^container "api" .*: securityContext\.capabilities\.drop must include "ALL" \(found: \["NET_RAW"\]\)$/,
        );
    });

    it("fails capabilities left unset", async () => {
        await assertResourceViolation(k8sDropAllCapabilities, deployment((p) => delete container(p).securityContext.capabilities), /capabilities\.drop must include "ALL" \(found: undefined\)/);
    });

    it("fails adding SYS_ADMIN", async () => {
        await assertResourceViolation(
            k8sDropAllCapabilities,
            deployment((p) => (container(p).securityContext.capabilities.add = ["SYS_ADMIN"])),
            /capabilities\.add must only contain \["NET_BIND_SERVICE"\] \(found: \["SYS_ADMIN"\]\)/,
        );
    });

    it("honours configured allowed capabilities", async () => {
        const props = deploymentProps();
        container(props).securityContext.capabilities.add = ["NET_ADMIN"];
        await assertNoResourceViolation(k8sDropAllCapabilities, resourceArgs(k8s.apps.v1.Deployment, props, { config: { allowedAddedCapabilities: ["NET_ADMIN"] } }));
    });
    it("compares capabilities with or without the CAP_ prefix, in any case, on both sides", async () => {
        await assertNoResourceViolation(k8sDropAllCapabilities, deployment((p) => (container(p).securityContext.capabilities.add = ["cap_net_bind_service"])));
        const props = deploymentProps();
        container(props).securityContext.capabilities.add = ["NET_ADMIN"];
        await assertNoResourceViolation(k8sDropAllCapabilities, resourceArgs(k8s.apps.v1.Deployment, props, { config: { allowedAddedCapabilities: ["cap_net_admin"] } }));
        // Only a leading CAP_ is a prefix.
        await assertResourceViolation(k8sDropAllCapabilities, deployment((p) => (container(p).securityContext.capabilities.add = ["XCAP_NET_BIND_SERVICE"])), /capabilities\.add must only contain/);
    });

    it("fails a container without a securityContext, without crashing", async () => {
        await assertResourceViolation(k8sDropAllCapabilities, deployment((p) => delete container(p).securityContext), /capabilities\.drop must include "ALL" \(found: undefined\)/);
    });
});
