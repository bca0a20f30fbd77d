/** Names AWS accepts: region codes that never collide, and physical names cut to the limit without a trailing hyphen. */
import * as assert from "assert";
import { physicalName, regionCode } from "../../lib/naming";

describe("region codes", () => {
    it("abbreviates every direction AWS uses", () => {
        const codes: Record<string, string> = {
            "eu-north-1": "eun1",
            "af-south-1": "afs1",
            "ap-east-1": "ape1",
            "eu-west-3": "euw3",
            "ca-central-1": "cac1",
            "ap-northeast-3": "apne3",
            "ap-southeast-5": "apse5",
            "xx-northwest-1": "xxnw1",
            "xx-southwest-1": "xxsw1",
            "ap-southeast-10": "apse10",
        };
        for (const [region, code] of Object.entries(codes)) {
            assert.strictEqual(regionCode(region), code, region);
        }
    });

    it("refuses an availability zone or other text around a region name", () => {
        for (const text of ["us-east-1a", "xus-east-1", "us-east-", "US-EAST-1"]) {
            assert.throws(() => regionCode(text), /not an AWS region name/, text);
        }
    });
});

describe("physical names", () => {
    it("collapses runs of separators and trims them from both ends", () => {
        assert.strictEqual(physicalName(["--Documents__", "prod  use1--"]), "documents-prod-use1");
        assert.strictEqual(physicalName(["a--b"]), "a-b");
    });

    it("keeps a name of exactly the limit whole", () => {
        const name = `${"a".repeat(30)}-${"b".repeat(32)}`;
        assert.strictEqual(name.length, 63);
        assert.strictEqual(physicalName([name]), name);
    });

    it("cuts a longer name to the limit, keeping its inner hyphens", () => {
        assert.strictEqual(physicalName(["a".repeat(30), "b".repeat(40)]), `${"a".repeat(30)}-${"b".repeat(32)}`);
        assert.strictEqual(physicalName(["abc", "defgh"], 6), "abc-de");
    });

    it("drops the hyphen a cut ends on", () => {
        // The cut at 63 lands on the hyphen after 62 a's.
        assert.strictEqual(physicalName(["a".repeat(62), "b".repeat(10)]), "a".repeat(62));
        assert.strictEqual(physicalName(["platform", "prod-use1", "redis"], 18), "platform-prod-use1");
        assert.strictEqual(physicalName(["platform", "prod-use1", "redis"], 19), "platform-prod-use1");
    });
});
