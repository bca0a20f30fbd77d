import { strict as assert } from "assert";
import { isWorldCidr, worldCidrsIn } from "../../../../rules/exposure/lib/cidr";

describe("exposure/lib/cidr", () => {
    it("recognises /0 blocks of both families", () => {
        for (const cidr of ["0.0.0.0/0", "::/0", "::0/0", " 0.0.0.0/0 ", "10.0.0.0/0"]) {
            assert.equal(isWorldCidr(cidr), true, cidr);
        }
    });

    it("does not flag narrower blocks, bare addresses or non-strings", () => {
        for (const cidr of ["10.0.0.0/8", "0.0.0.0/1", "2001:db8::/32", "0.0.0.0", "", undefined, 0]) {
            assert.equal(isWorldCidr(cidr), false, String(cidr));
        }
    });

    it("lists the world-open entries of a list input", () => {
        assert.deepEqual(worldCidrsIn(["10.0.0.0/8", "0.0.0.0/0", "::/0"]), ["0.0.0.0/0", "::/0"]);
        assert.deepEqual(worldCidrsIn(undefined), []);
    });
    it("needs both an address and a prefix: a half-typed block is not the world", () => {
        // An empty or blank prefix is not /0 (Number("") is 0); a block without an address is not a block.
        for (const cidr of ["0.0.0.0/", "0.0.0.0/ ", "/0", " /0", "/"]) {
            assert.equal(isWorldCidr(cidr), false, JSON.stringify(cidr));
        }
        assert.equal(isWorldCidr("0.0.0.0/ 0"), true);
    });
});
