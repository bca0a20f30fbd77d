import { k8sKongPluginNoPlaintextCredentials, plaintextCredentialPaths } from "../../../rules/exposure/k8sKongPluginNoPlaintextCredentials";
import * as assert from "assert";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const plugin = (config: Record<string, any> | undefined, kind = "KongClusterPlugin") =>
    resourceArgs(`kubernetes:configuration.konghq.com/v1:${kind}` as any, { plugin: "rate-limiting", ...(config ? { config } : {}) });

describe("k8s-kong-plugin-no-plaintext-credentials", () => {
    it("passes credentials by secret reference, and no config at all", async () => {
        await assertNoResourceViolation(k8sKongPluginNoPlaintextCredentials, plugin({ policy: "redis", redis: { host: "h", ssl: true } }));
        await assertNoResourceViolation(k8sKongPluginNoPlaintextCredentials, plugin(undefined));
    });

    it("passes an empty password and a Kong vault reference", async () => {
        await assertNoResourceViolation(k8sKongPluginNoPlaintextCredentials, plugin({ redis: { password: "" } }));
        await assertNoResourceViolation(k8sKongPluginNoPlaintextCredentials, plugin({ redis: { password: "{vault://aws/redis/password}" } }));
    });

    it("fails a Redis password inline, in either plugin kind", async () => {
        await assertResourceViolation(k8sKongPluginNoPlaintextCredentials, plugin({ redis: { password: "s3cret" } }), /config\.redis\.password holds a credential/);
        await assertResourceViolation(k8sKongPluginNoPlaintextCredentials, plugin({ redis_password: "s3cret" }, "KongPlugin"), /config\.redis_password/);
    });

    it("finds client secrets, API keys and tokens at any depth, but not look-alike names", () => {
        assert.deepStrictEqual(plaintextCredentialPaths({ client_secret: "x", headers: [{ api_key: "k" }], auth_methods: ["bearer"], secret_is_base64: false, token: 1 }), [
            "config.client_secret",
            "config.headers[0].api_key",
            "config.token",
        ]);
    });
});
