import { strict as assert } from "assert";
import { namespaceOf, selects } from "../../../../rules/kubernetes/lib/labelSelectors";

describe("kubernetes/lib/labelSelectors", () => {
    const labels = { app: "api", tier: "web" };

    it("matches matchLabels as a subset", () => {
        assert.equal(selects({ matchLabels: { app: "api" } }, labels), true);
        assert.equal(selects({ matchLabels: { app: "api", tier: "worker" } }, labels), false);
    });

    it("evaluates matchExpressions", () => {
        assert.equal(selects({ matchExpressions: [{ key: "tier", operator: "In", values: ["web", "edge"] }] }, labels), true);
        assert.equal(selects({ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["web"] }] }, labels), false);
        assert.equal(selects({ matchExpressions: [{ key: "app", operator: "Exists" }] }, labels), true);
        assert.equal(selects({ matchExpressions: [{ key: "app", operator: "DoesNotExist" }] }, labels), false);
        assert.equal(selects({ matchExpressions: [{ key: "app", operator: "Bogus" }] }, labels), false);
    });

    it("follows policy/v1: empty selects all, absent selects none", () => {
        assert.equal(selects({}, labels), true);
        assert.equal(selects(undefined, labels), false);
    });

    it("defaults the namespace", () => {
        assert.equal(namespaceOf({ metadata: { namespace: "bff" } }), "bff");
        assert.equal(namespaceOf({ metadata: {} }), "default");
    });
});
