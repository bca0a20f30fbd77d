/**
 * `platform:gitOps` cross-field rules (config/sections/gitops.ts), on parsed sections with one thing changed:
 * Argo CD is never exposed without SSO or at a local host name, SSO grants someone access, and the admin user is
 * kept exactly when configured or, by default, without SSO.
 */
import * as assert from "assert";
import { argoCdAdminEnabled, argoCdSchema, gitOpsApplicationPath, gitOpsProblems, gitOpsSchema } from "../../config/sections/gitops";

const SSO = { issuer: "https://login.example.com", clientId: "argocd", adminGroups: ["org:platform"] };
const gitOps = (argoCd: Record<string, unknown>) => gitOpsSchema.parse({ repositoryUrl: "https://github.com/example-org/deployments.git", argoCd });
const problems = (argoCd: Record<string, unknown>) => gitOpsProblems({ gitOps: gitOps(argoCd) }).map((p) => `${p.path.join(".")}: ${p.message}`);

describe("config: platform:gitOps rules", () => {
    it("accepts no gitOps, the defaults, SSO, and an exposed server behind SSO at a real host", () => {
        assert.deepStrictEqual(gitOpsProblems({}), []);
        assert.deepStrictEqual(problems({}), []);
        assert.deepStrictEqual(problems({ sso: SSO }), []);
        assert.deepStrictEqual(problems({ sso: SSO, domain: "argocd.example.com", exposure: {} }), []);
        // A local domain is fine while nothing is exposed (the port-forward).
        assert.deepStrictEqual(problems({ sso: SSO, domain: "localhost:8080" }), []);
    });

    it("refuses exposure without SSO, naming the key and what to do", () => {
        assert.deepStrictEqual(problems({ domain: "argocd.example.com", exposure: {} }), [
            "gitOps.argoCd.exposure: exposes the Argo CD server without sso; expected gitOps.argoCd.sso to be configured first (or no exposure: reach it with kubectl port-forward)",
        ]);
    });

    it("refuses exposure at a local host name, with or without a port", () => {
        for (const domain of ["localhost:8080", "localhost", "argocd.localhost", "127.0.0.1:8443"]) {
            assert.deepStrictEqual(problems({ sso: SSO, domain, exposure: {} }), [`gitOps.argoCd.domain: is ${domain} while the server is exposed; expected the public host name of its Ingress, like argocd.example.com`], domain);
        }
        for (const domain of ["localhost.example.com", "mylocalhost:8080", "argocd.example.com:8443"]) {
            assert.deepStrictEqual(problems({ sso: SSO, domain, exposure: {} }), [], domain);
        }
    });

    it("refuses SSO that grants nobody access, and accepts either group list alone", () => {
        assert.deepStrictEqual(problems({ sso: { ...SSO, adminGroups: [] } }), [
            "gitOps.argoCd.sso.adminGroups: is empty and so is readonlyGroups: nobody signing in would get access; expected at least one IdP group",
        ]);
        assert.deepStrictEqual(problems({ sso: { ...SSO, adminGroups: [], readonlyGroups: ["org:eng"] } }), []);
        assert.deepStrictEqual(problems({ sso: { ...SSO, readonlyGroups: [] } }), []);
    });

    it("reports every problem at once", () => {
        assert.strictEqual(problems({ domain: "localhost", exposure: {} }).length, 2);
    });

    it("keeps the admin user as configured, else only without SSO", () => {
        assert.strictEqual(argoCdAdminEnabled(gitOps({}).argoCd), true);
        assert.strictEqual(argoCdAdminEnabled(gitOps({ sso: SSO }).argoCd), false);
        assert.strictEqual(argoCdAdminEnabled(gitOps({ sso: SSO, adminUser: true }).argoCd), true);
        assert.strictEqual(argoCdAdminEnabled(gitOps({ adminUser: false }).argoCd), false);
    });

    it("accepts argo-cd charts from 10.0.0 (Argo CD 3.x) only", () => {
        assert.throws(() => argoCdSchema.parse({ chartVersion: "9.7.1" }), /expected 10\.0\.0 or later/);
        assert.strictEqual(argoCdSchema.parse({ chartVersion: "10.0.0" }).chartVersion, "10.0.0");
        assert.strictEqual(argoCdSchema.parse({ chartVersion: "11.2.0" }).chartVersion, "11.2.0");
    });

    it("refuses secret names that climb out of platform/<env>/argocd/", () => {
        assert.throws(() => argoCdSchema.parse({ repositoryCredentialsKey: "../monitoring/grafana-admin" }), /no '\.\.'/);
        assert.throws(() => argoCdSchema.parse({ sso: { ...SSO, clientSecretKey: "a..b" } }), /no '\.\.'/);
        assert.strictEqual(argoCdSchema.parse({ repositoryCredentialsKey: "git/deployments.token" }).repositoryCredentialsKey, "git/deployments.token");
    });

    it("puts each service's Application at <path>/<environment>/<region>/<service>, trailing slashes dropped", () => {
        assert.strictEqual(gitOpsApplicationPath({ path: "environments" }, "prod", "us-west-2", "bff"), "environments/prod/us-west-2/bff");
        assert.strictEqual(gitOpsApplicationPath({ path: "deploy/environments//" }, "dev", "us-east-1", "bff"), "deploy/environments/dev/us-east-1/bff");
    });
});
