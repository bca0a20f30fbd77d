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

    it("finds literal credentials at any depth, numbers included, and nothing in empty or absent values", () => {
        assert.deepStrictEqual(plaintextCredentialPaths({ redis: { password: "p", port: 6379 }, token: 12345, apikey: true }), ["config.redis.password", "config.token", "config.apikey"]);
        assert.deepStrictEqual(plaintextCredentialPaths({ password: null, client_secret: "", api_key: undefined, private_key: [] }), []);
        assert.deepStrictEqual(plaintextCredentialPaths(null), []);
        assert.deepStrictEqual(plaintextCredentialPaths("password"), []);
        // A credential-named key holding an object is looked into, not reported as a whole.
        assert.deepStrictEqual(plaintextCredentialPaths({ auth: { header_name: "x", password: "p" } }), ["config.auth.password"]);
    });

    it("accepts a whole Kong vault reference only, not one inside other text", () => {
        assert.deepStrictEqual(plaintextCredentialPaths({ password: "{vault://aws/kong/redis}" }), []);
        assert.deepStrictEqual(plaintextCredentialPaths({ password: "p{vault://aws/kong/redis}" }), ["config.password"]);
    });
});
