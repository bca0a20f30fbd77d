import { strict as assert } from "assert";
import { k8sGrafanaAdminExistingSecret } from "../../../rules/identity/k8sGrafanaAdminExistingSecret";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN, violationsOf } from "../../helpers";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const release = (chart: string, values: Record<string, any> | undefined) => resourceArgs(RELEASE, { chart, version: "1.0.0", ...(values === undefined ? {} : { values }) });
const ADMIN = { existingSecret: "grafana-admin-credentials", userKey: "admin-user", passwordKey: "admin-password" };

describe("k8s-grafana-admin-existing-secret", () => {
    it("passes kube-prometheus-stack with grafana.admin.existingSecret", async () => {
        await assertNoResourceViolation(k8sGrafanaAdminExistingSecret, release("kube-prometheus-stack", { grafana: { admin: ADMIN } }));
    });

    it("passes the grafana chart with admin.existingSecret, also when the chart is named with its repository", async () => {
        await assertNoResourceViolation(k8sGrafanaAdminExistingSecret, release("grafana-community/grafana", { admin: ADMIN }));
    });

    it("passes an existingSecret unknown during preview", async () => {
        await assertNoResourceViolation(k8sGrafanaAdminExistingSecret, release("grafana", { admin: { existingSecret: UNKNOWN } }));
    });

    it("ignores other charts and kube-prometheus-stack without Grafana", async () => {
        await assertNoResourceViolation(k8sGrafanaAdminExistingSecret, release("tempo", {}));
        await assertNoResourceViolation(k8sGrafanaAdminExistingSecret, release("kube-prometheus-stack", { grafana: { enabled: false } }));
    });

    it("fails when values are unset (the chart's own password)", async () => {
        await assertResourceViolation(k8sGrafanaAdminExistingSecret, release("kube-prometheus-stack", undefined), /^Grafana's admin\.existingSecret must be the name of a Secret kept from Secrets Manager \(found: undefined\)$/);
    });

    it("fails an empty existingSecret (the kube-prometheus-stack default)", async () => {
        await assertResourceViolation(k8sGrafanaAdminExistingSecret, release("kube-prometheus-stack", { grafana: { admin: { existingSecret: "" } } }), /admin\.existingSecret must be .* \(found: ""\)/);
    });

    it("fails a password in values, even with an existingSecret, without echoing it", async () => {
        const messages = await violationsOf(k8sGrafanaAdminExistingSecret, release("grafana", { admin: ADMIN, adminPassword: "prom-operator" }));
        assert.equal(messages.length, 1);
        assert.match(messages[0], /adminPassword must be unset/);
        assert.ok(!messages[0].includes("prom-operator"));
    });

    it("checks a kube-prometheus-stack Grafana explicitly enabled: no secret and a password are two violations", async () => {
        const messages = await violationsOf(k8sGrafanaAdminExistingSecret, release("kube-prometheus-stack", { grafana: { enabled: true, adminPassword: "x" } }));
        assert.equal(messages.length, 2);
    });
});
