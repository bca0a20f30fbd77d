import { k8sKongAdminApiNotPublic } from "../../../rules/exposure/k8sKongAdminApiNotPublic";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const release = (values: Record<string, any> | undefined, chart = "kong") => resourceArgs("kubernetes:helm.sh/v3:Release" as any, { chart, values });

describe("k8s-kong-admin-api-not-public", () => {
    it("passes the Admin API disabled (loopback only) and unset (the chart's default is disabled)", async () => {
        await assertNoResourceViolation(k8sKongAdminApiNotPublic, release({ admin: { enabled: false } }));
        await assertNoResourceViolation(k8sKongAdminApiNotPublic, release({}));
        await assertNoResourceViolation(k8sKongAdminApiNotPublic, release(undefined));
    });

    it("passes an enabled Admin API on a ClusterIP without Ingress", async () => {
        await assertNoResourceViolation(k8sKongAdminApiNotPublic, release({ admin: { enabled: true, type: "ClusterIP", ingress: { enabled: false } } }));
    });

    it("fails an enabled Admin API on the chart's default type (NodePort) or a LoadBalancer", async () => {
        await assertResourceViolation(k8sKongAdminApiNotPublic, release({ admin: { enabled: true } }), /admin\.type must be "ClusterIP".*found: undefined/);
        await assertResourceViolation(k8sKongAdminApiNotPublic, release({ admin: { enabled: true, type: "LoadBalancer" } }), /found: "LoadBalancer"/);
    });

    it("fails an Admin API Ingress", async () => {
        await assertResourceViolation(k8sKongAdminApiNotPublic, release({ admin: { enabled: true, type: "ClusterIP", ingress: { enabled: true } } }), /admin\.ingress\.enabled must not be true/);
    });

    it("checks charts named kong by repository too, and nothing else", async () => {
        await assertResourceViolation(k8sKongAdminApiNotPublic, release({ admin: { enabled: true } }, "kong/kong"), /admin\.type/);
        await assertNoResourceViolation(k8sKongAdminApiNotPublic, release({ admin: { enabled: true } }, "external-secrets"));
    });
});
