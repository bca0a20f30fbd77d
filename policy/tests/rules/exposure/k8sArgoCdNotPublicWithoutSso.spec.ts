import { strict as assert } from "assert";
import { helmTruthy, k8sArgoCdNotPublicWithoutSso } from "../../../rules/exposure/k8sArgoCdNotPublicWithoutSso";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, violationsOf } from "../../helpers";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const argoCd = (values: Record<string, any> | undefined, chart = "argo-cd") => resourceArgs(RELEASE, values === undefined ? { chart } : { chart, values });
const OIDC = { configs: { cm: { "oidc.config": "name: SSO\nissuer: https://login.example.com\nclientID: argocd\n" } }, dex: { enabled: false } };
const INGRESS = { server: { ingress: { enabled: true, hostname: "argocd.example.com" } } };

describe("k8s-argocd-not-public-without-sso", () => {
    it("passes the platform's values: ClusterIP, no Ingress, with or without SSO", async () => {
        await assertNoResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({ server: { service: { type: "ClusterIP" }, ingress: { enabled: false } }, configs: { cm: { "admin.enabled": "true" } } }));
        await assertNoResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({ ...OIDC, server: { service: { type: "ClusterIP" }, ingress: { enabled: false } } }));
    });

    it("passes unset values (chart defaults: ClusterIP, every ingress and route off)", async () => {
        await assertNoResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd(undefined));
        await assertNoResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({}));
        await assertNoResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({ server: {} }));
        await assertNoResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({ server: { service: {}, ingress: {} } }));
    });

    it("fails a LoadBalancer or NodePort Service without single sign-on", async () => {
        await assertResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({ server: { service: { type: "LoadBalancer" } } }), /server\.service\.type must be ClusterIP \(or unset\) without single sign-on \(found: "LoadBalancer"\)/);
        await assertResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({ server: { service: { type: "NodePort" } } }), /found: "NodePort"/);
    });

    for (const toggle of ["ingress", "ingressGrpc", "route", "httproute", "grpcroute"]) {
        it(`fails server.${toggle}.enabled without single sign-on`, async () => {
            await assertResourceViolation(
                k8sArgoCdNotPublicWithoutSso,
                argoCd({ server: { [toggle]: { enabled: true } } }),
                new RegExp(`server\\.${toggle}\\.enabled must be false \\(or unset\\) without single sign-on \\(found: true\\)`),
            );
        });
    }

    it("treats what Helm's `if` treats as true as enabled (a string \"false\" renders the Ingress)", async () => {
        await assertResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({ server: { ingress: { enabled: "false" } } }), /found: "false"/);
        await assertResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({ server: { ingress: { enabled: 1 } } }), /found: 1/);
        for (const off of [false, 0, "", null, undefined, [], {}]) {
            assert.equal(helmTruthy(off), false, JSON.stringify(off));
        }
        for (const on of [true, 1, "x", "false", ["a"], { a: 1 }]) {
            assert.equal(helmTruthy(on), true, JSON.stringify(on));
        }
    });

    it("reports each exposure once", async () => {
        const messages = await violationsOf(k8sArgoCdNotPublicWithoutSso, argoCd({ server: { service: { type: "LoadBalancer" }, ingress: { enabled: true } } }));
        assert.equal(messages.length, 2);
    });

    it("passes an exposed server behind OIDC, or behind Dex with a connector", async () => {
        await assertNoResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({ ...OIDC, ...INGRESS }));
        await assertNoResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({ ...OIDC, server: { service: { type: "LoadBalancer" } } }));
        await assertNoResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({ ...INGRESS, configs: { cm: { "dex.config": "connectors:\n- type: github\n" } } }));
        await assertNoResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({ ...INGRESS, configs: { cm: { "oidc.config": { issuer: "https://login.example.com" } } } }));
    });

    it("does not count an empty SSO configuration, or Dex's configuration with Dex disabled", async () => {
        await assertResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({ ...INGRESS, configs: { cm: { "oidc.config": "  \n" } } }), /server\.ingress\.enabled/);
        await assertResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({ ...INGRESS, configs: { cm: { "oidc.config": {} } } }), /server\.ingress\.enabled/);
        await assertResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({ ...INGRESS, configs: { cm: { "dex.config": "connectors: []" } }, dex: { enabled: false } }), /server\.ingress\.enabled/);
        await assertResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({ ...INGRESS, configs: { cm: { "dex.config": "" } } }), /server\.ingress\.enabled/);
        await assertResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({ ...INGRESS, configs: {} }), /server\.ingress\.enabled/);
    });

    it("fails anonymous access on an exposed server even behind SSO, and ignores it on a private one", async () => {
        const anonymous = (value: unknown) => ({ configs: { cm: { ...OIDC.configs.cm, "users.anonymous.enabled": value } }, dex: { enabled: false } });
        await assertResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({ ...anonymous("true"), ...INGRESS }), /users\.anonymous\.enabled"\] on an exposed server must be false or unset \(found: "true"\)/);
        const messages = await violationsOf(k8sArgoCdNotPublicWithoutSso, argoCd({ ...anonymous(true), ...INGRESS }));
        assert.equal(messages.length, 1);
        await assertNoResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({ ...anonymous("false"), ...INGRESS }));
        await assertNoResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd(anonymous("true")));
    });

    it("reads the chart name with or without a repository prefix, and ignores other charts", async () => {
        await assertResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd(INGRESS, "argo/argo-cd"), /server\.ingress\.enabled/);
        await assertNoResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd(INGRESS, "argo-rollouts"));
        await assertNoResourceViolation(k8sArgoCdNotPublicWithoutSso, argoCd({ server: { service: { type: "LoadBalancer" } } }, "grafana"));
    });
});
