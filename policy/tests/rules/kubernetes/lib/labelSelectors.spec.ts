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
    it("In needs the key present with a listed value; NotIn passes an absent key or an unlisted value", () => {
        assert.equal(selects({ matchExpressions: [{ key: "tier", operator: "In", values: ["edge"] }] }, labels), false);
        assert.equal(selects({ matchExpressions: [{ key: "zone", operator: "In", values: ["web"] }] }, labels), false);
        // A value list holding undefined must not match an absent key.
        assert.equal(selects({ matchExpressions: [{ key: "zone", operator: "In", values: [undefined as unknown as string] }] }, labels), false);
        assert.equal(selects({ matchExpressions: [{ key: "zone", operator: "In" }] }, labels), false);
        assert.equal(selects({ matchExpressions: [{ key: "zone", operator: "NotIn", values: ["web"] }] }, labels), true);
        assert.equal(selects({ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["edge"] }] }, labels), true);
        assert.equal(selects({ matchExpressions: [{ key: "tier", operator: "NotIn" }] }, labels), true);
    });

    it("Exists and DoesNotExist on an absent key; every expression and every label must hold", () => {
        assert.equal(selects({ matchExpressions: [{ key: "zone", operator: "Exists" }] }, labels), false);
        assert.equal(selects({ matchExpressions: [{ key: "zone", operator: "DoesNotExist" }] }, labels), true);
        assert.equal(selects({ matchExpressions: [{ key: "app", operator: "Exists" }, { key: "zone", operator: "Exists" }] }, labels), false);
        assert.equal(selects({ matchLabels: { app: "api" }, matchExpressions: [{ key: "zone", operator: "Exists" }] }, labels), false);
        assert.equal(selects({ matchLabels: { app: "web" }, matchExpressions: [{ key: "app", operator: "Exists" }] }, labels), false);
        assert.equal(selects({ matchExpressions: [] }, labels), true);
        assert.equal(selects(null, labels), false);
    });

    it("an empty or non-string namespace is the default namespace; no metadata too", () => {
        assert.equal(namespaceOf({ metadata: { namespace: "" } }), "default");
        assert.equal(namespaceOf({ metadata: { namespace: 7 } }), "default");
        assert.equal(namespaceOf({}), "default");
    });
});
