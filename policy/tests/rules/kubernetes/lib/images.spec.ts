import { strict as assert } from "assert";
import { isPinnedImage, parseImage } from "../../../../rules/kubernetes/lib/images";

describe("kubernetes/lib/images", () => {
    it("separates tags from registry ports", () => {
        assert.deepEqual(parseImage("registry:5000/app"), { tag: undefined, digest: undefined });
        assert.deepEqual(parseImage("registry:5000/app:1.2"), { tag: "1.2", digest: undefined });
        assert.deepEqual(parseImage("app:1.2@sha256:abc"), { tag: "1.2", digest: "sha256:abc" });
    });

    it("accepts digests and explicit non-latest tags only", () => {
        assert.equal(isPinnedImage(`app@sha256:${"0".repeat(64)}`), true);
        assert.equal(isPinnedImage("app:2024.06.1"), true);
        assert.equal(isPinnedImage("app:latest"), false);
        assert.equal(isPinnedImage("app:"), false);
        assert.equal(isPinnedImage("app"), false);
        assert.equal(isPinnedImage(""), false);
    });
    it("ignores surrounding blanks, and wants a whole, lower-case sha256 digest", () => {
        assert.equal(isPinnedImage(" app:1.2 "), true);
        assert.equal(isPinnedImage(" app:latest "), false);
        assert.equal(isPinnedImage("   "), false);
        assert.equal(isPinnedImage(` app@sha256:${"0".repeat(64)} `), true);
        assert.equal(isPinnedImage(`app@sha256:${"0".repeat(63)}`), false);
        assert.equal(isPinnedImage(`app@sha256:${"0".repeat(64)}0`), false);
        assert.equal(isPinnedImage(`app@xsha256:${"0".repeat(64)}`), false);
        assert.equal(isPinnedImage(`app@sha256:${"A".repeat(64)}`), false);
        assert.equal(isPinnedImage(undefined), false);
        assert.equal(isPinnedImage(3), false);
    });
});
