/**
 * The edges of CIDR arithmetic a stack file can hit: blocks that start below or end past a VPC, the last
 * address of a VPC, AWS's /28 floor, one AZ, and input that is almost a CIDR.
 */
import * as assert from "assert";
import { carveSubnets, cidrContains, cidrsOverlap, parseCidr } from "../../lib/cidr";

describe("CIDR boundaries", () => {
    it("rejects text that only contains a CIDR, but tolerates surrounding whitespace", () => {
        for (const text of ["x10.0.0.0/16", "10.0.0.0/161", "10.0.0.0/16/16", "10.0.0/16"]) {
            assert.throws(() => parseCidr(text), /not an IPv4 CIDR/, text);
        }
        assert.deepStrictEqual(parseCidr(" 10.0.0.0/16\n"), { network: 0x0a000000, prefix: 16 });
    });

    it("treats /0 as the whole address space, so any host bits are an error", () => {
        assert.deepStrictEqual(parseCidr("0.0.0.0/0"), { network: 0, prefix: 0 });
        assert.throws(() => parseCidr("10.0.0.0/0"), /host bits set; the network address is 0\.0\.0\.0\/0/);
    });

    it("does not count a block that starts below the VPC as inside it, even when it ends inside", () => {
        assert.ok(!cidrContains("10.0.1.0/24", "10.0.0.0/23"));
        assert.ok(!cidrContains("10.0.0.128/25", "10.0.0.0/25"));
        assert.ok(!cidrContains("10.0.0.0/16", "9.255.255.0/24"));
    });

    it("counts a block as inside itself and up to the VPC's last address", () => {
        assert.ok(cidrContains("10.0.0.0/16", "10.0.0.0/16"));
        assert.ok(cidrContains("10.0.0.0/16", "10.0.255.240/28"));
        assert.ok(cidrContains("10.0.0.0/17", "10.0.127.0/24"));
        assert.ok(!cidrContains("10.0.0.0/17", "10.0.128.0/24"), "the first block past the end");
    });

    it("accepts parsed blocks as well as text", () => {
        const vpc = parseCidr("10.0.0.0/16");
        const subnet = parseCidr("10.0.4.0/24");
        assert.ok(cidrContains(vpc, subnet));
        assert.ok(cidrsOverlap(vpc, subnet));
        assert.ok(!cidrsOverlap(subnet, parseCidr("10.0.5.0/24")));
    });

    it("sees overlap whichever block is given first", () => {
        assert.ok(cidrsOverlap("10.0.1.0/24", "10.0.0.0/16"));
        assert.ok(cidrsOverlap("10.0.0.0/16", "10.0.1.0/24"));
        assert.ok(!cidrsOverlap("10.1.0.0/16", "10.0.0.0/16"));
    });
});

describe("carveSubnets boundaries", () => {
    it("lays out a single-AZ VPC, filling it exactly", () => {
        assert.deepStrictEqual(
            carveSubnets("10.0.0.0/24", 1, { public: 2, private: 1, database: 2 }).map((s) => `${s.tier}${s.azIndex} ${s.cidr}`),
            ["public0 10.0.0.128/26", "private0 10.0.0.0/25", "database0 10.0.0.192/26"],
        );
    });

    it("refuses a layout that needs exactly one block more than the VPC holds, naming the shortfall", () => {
        // /25 private + /25 database fill the /24; the /26 public subnet would start at the VPC's end.
        assert.throws(
            () => carveSubnets("10.0.0.0/24", 1, { public: 2, private: 1, database: 1 }),
            (error: Error) => error.message === "3 subnets (1 x /26 public, 1 x /25 private, 1 x /25 database) need 320 addresses but 10.0.0.0/24 has 256",
        );
    });

    it("allows /28 subnets, AWS's smallest, and refuses /29", () => {
        const smallest = carveSubnets("10.0.0.0/24", 2, { public: 4, private: 4, database: 4 });
        assert.deepStrictEqual(new Set(smallest.map((s) => s.cidr.split("/")[1])), new Set(["28"]));
        assert.throws(() => carveSubnets("10.0.0.0/24", 2, { public: 4, private: 5, database: 4 }), /private subnets would be \/29; new bits must be a positive integer/);
    });

    it("refuses zero or fractional new bits, which would make a subnet as large as the VPC or no CIDR at all", () => {
        assert.throws(() => carveSubnets("10.0.0.0/16", 2, { public: 8, private: 0, database: 8 }), /private subnets would be \/16/);
        assert.throws(() => carveSubnets("10.0.0.0/16", 2, { public: 8, private: 4, database: 7.5 }), /database subnets would be \/23\.5/);
    });

    it("refuses fractional AZ counts", () => {
        assert.throws(() => carveSubnets("10.0.0.0/16", 1.5, { public: 8, private: 4, database: 8 }), /azCount must be a positive integer \(found 1\.5\)/);
    });
});
