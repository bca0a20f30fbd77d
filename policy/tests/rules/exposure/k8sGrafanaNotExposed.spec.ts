import { strict as assert } from "assert";
import { k8sGrafanaNotExposed } from "../../../rules/exposure/k8sGrafanaNotExposed";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, violationsOf } from "../../helpers";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const kps = (grafana: Record<string, any> | undefined) => resourceArgs(RELEASE, { chart: "kube-prometheus-stack", values: grafana === undefined ? {} : { grafana } });
const standalone = (values: Record<string, any>) => resourceArgs(RELEASE, { chart: "grafana", values });
const SSO = { "grafana.ini": { "auth.generic_oauth": { enabled: true } } };

describe("k8s-grafana-not-exposed", () => {
    it("passes the platform's values: anonymous off, ClusterIP, no Ingress", async () => {
        await assertNoResourceViolation(k8sGrafanaNotExposed, kps({ "grafana.ini": { "auth.anonymous": { enabled: false } }, service: { type: "ClusterIP" }, ingress: { enabled: false } }));
    });

    it("passes unset values (chart defaults: anonymous off, ClusterIP, no Ingress)", async () => {
        await assertNoResourceViolation(k8sGrafanaNotExposed, kps(undefined));
        await assertNoResourceViolation(k8sGrafanaNotExposed, standalone({}));
    });

    it("fails anonymous access, as a boolean or as the text grafana.ini also accepts", async () => {
        await assertResourceViolation(k8sGrafanaNotExposed, kps({ "grafana.ini": { "auth.anonymous": { enabled: true } } }), /auth\.anonymous"\]\.enabled must be false or unset \(found: true\)/);
        await assertResourceViolation(k8sGrafanaNotExposed, standalone({ "grafana.ini": { "auth.anonymous": { enabled: "true" } } }), /found: "true"/);
    });

    it("fails anonymous access even behind single sign-on", async () => {
        await assertResourceViolation(k8sGrafanaNotExposed, kps({ "grafana.ini": { "auth.anonymous": { enabled: true }, "auth.generic_oauth": { enabled: true } } }), /auth\.anonymous/);
    });

    it("fails a LoadBalancer or NodePort Service and an Ingress without single sign-on", async () => {
        await assertResourceViolation(k8sGrafanaNotExposed, kps({ service: { type: "LoadBalancer" } }), /service\.type must be ClusterIP \(or unset\) without single sign-on \(found: "LoadBalancer"\)/);
        await assertResourceViolation(k8sGrafanaNotExposed, standalone({ service: { type: "NodePort" } }), /found: "NodePort"/);
        await assertResourceViolation(k8sGrafanaNotExposed, kps({ ingress: { enabled: true } }), /ingress\.enabled must be false \(or unset\) without single sign-on \(found: true\)/);
    });

    it("passes an exposed Grafana behind single sign-on", async () => {
        await assertNoResourceViolation(k8sGrafanaNotExposed, kps({ ...SSO, service: { type: "LoadBalancer" }, ingress: { enabled: true } }));
    });

    it("does not count a disabled SSO section", async () => {
        const messages = await violationsOf(k8sGrafanaNotExposed, kps({ "grafana.ini": { "auth.github": { enabled: false } }, ingress: { enabled: true } }));
        assert.equal(messages.length, 1);
    });

    it("ignores kube-prometheus-stack without Grafana and other charts", async () => {
        await assertNoResourceViolation(k8sGrafanaNotExposed, kps({ enabled: false, service: { type: "LoadBalancer" } }));
        await assertNoResourceViolation(k8sGrafanaNotExposed, resourceArgs(RELEASE, { chart: "tempo", values: { service: { type: "LoadBalancer" } } }));
    });
});
