import * as assert from "assert";
import { carveSubnets, cidrContains, cidrsOverlap, formatCidr, parseCidr, SUBNET_TIERS } from "../../lib/cidr";

const DEFAULT_BITS = { public: 8, private: 4, database: 8 };

describe("CIDR arithmetic", () => {
    it("parses and formats canonical CIDRs", () => {
        assert.deepStrictEqual(parseCidr("10.0.0.0/16"), { network: 0x0a000000, prefix: 16 });
        assert.strictEqual(formatCidr(parseCidr("192.168.4.0/22")), "192.168.4.0/22");
        assert.strictEqual(formatCidr(parseCidr("0.0.0.0/0")), "0.0.0.0/0");
        assert.strictEqual(formatCidr(parseCidr("255.255.255.255/32")), "255.255.255.255/32");
    });

    it("rejects malformed CIDRs with the reason", () => {
        assert.throws(() => parseCidr("10.0.0.0"), /not an IPv4 CIDR/);
        assert.throws(() => parseCidr("10.0.0.256/24"), /octet above 255/);
        assert.throws(() => parseCidr("10.0.0.0/33"), /prefix length above 32/);
        assert.throws(() => parseCidr("10.0.0.1/24"), /host bits set; the network address is 10\.0\.0\.0\/24/);
    });

    it("detects overlap and containment at the edges", () => {
        assert.ok(cidrsOverlap("10.0.0.0/16", "10.0.255.0/24"));
        assert.ok(!cidrsOverlap("10.0.0.0/16", "10.1.0.0/16"));
        assert.ok(cidrsOverlap("0.0.0.0/0", "192.168.0.0/16"));
        assert.ok(!cidrsOverlap("10.0.0.0/24", "10.0.1.0/24"), "adjacent blocks do not overlap");
        assert.ok(cidrContains("10.0.0.0/16", "10.0.255.0/24"));
        assert.ok(!cidrContains("10.0.0.0/24", "10.0.0.0/16"));
        assert.ok(!cidrContains("10.0.0.0/16", "10.1.0.0/24"));
    });
});

describe("carveSubnets", () => {
    for (const azCount of [2, 3, 4]) {
        it(`carves one subnet per tier per AZ for ${azCount} AZs, all inside the VPC and disjoint`, () => {
            const subnets = carveSubnets("10.30.0.0/16", azCount, DEFAULT_BITS);
            assert.strictEqual(subnets.length, azCount * SUBNET_TIERS.length);
            for (const tier of SUBNET_TIERS) {
                assert.deepStrictEqual(
                    subnets.filter((s) => s.tier === tier).map((s) => s.azIndex),
                    [...Array(azCount).keys()],
                );
            }
            for (const [i, a] of subnets.entries()) {
                assert.ok(cidrContains("10.30.0.0/16", a.cidr), `${a.cidr} outside the VPC`);
                for (const b of subnets.slice(i + 1)) {
                    assert.ok(!cidrsOverlap(a.cidr, b.cidr), `${a.cidr} overlaps ${b.cidr}`);
                }
            }
        });
    }

    it("sizes subnets by tier: /20 private, /24 public and database in a /16", () => {
        const subnets = carveSubnets("10.30.0.0/16", 3, DEFAULT_BITS);
        assert.deepStrictEqual(
            subnets.map((s) => `${s.tier}${s.azIndex} ${s.cidr}`),
            [
                "public0 10.30.48.0/24",
                "public1 10.30.49.0/24",
                "public2 10.30.50.0/24",
                "private0 10.30.0.0/20",
                "private1 10.30.16.0/20",
                "private2 10.30.32.0/20",
                "database0 10.30.51.0/24",
                "database1 10.30.52.0/24",
                "database2 10.30.53.0/24",
            ],
        );
    });

    it("is deterministic, so re-running never moves a subnet", () => {
        assert.deepStrictEqual(carveSubnets("10.10.0.0/16", 2, DEFAULT_BITS), carveSubnets("10.10.0.0/16", 2, DEFAULT_BITS));
    });

    it("fills a VPC exactly when the sizes add up", () => {
        // 4 x /18 use the whole /16: allowed only if nothing else is needed; with public and database it cannot fit.
        assert.throws(() => carveSubnets("10.0.0.0/16", 4, { public: 8, private: 2, database: 8 }), /need 67584 addresses but 10\.0\.0\.0\/16 has 65536/);
        // 2 x /18 + 2 x /19 + 2 x /19 = exactly 65536 addresses.
        const exact = carveSubnets("10.0.0.0/16", 2, { public: 3, private: 2, database: 3 });
        assert.deepStrictEqual(exact.map((s) => s.cidr).sort(), ["10.0.0.0/18", "10.0.128.0/19", "10.0.160.0/19", "10.0.192.0/19", "10.0.224.0/19", "10.0.64.0/18"]);
    });

    it("refuses subnets smaller than AWS's /28 and non-positive AZ counts", () => {
        assert.throws(() => carveSubnets("10.0.0.0/24", 2, { public: 6, private: 2, database: 6 }), /would be \/30/);
        assert.throws(() => carveSubnets("10.0.0.0/16", 0, DEFAULT_BITS), /azCount must be a positive integer/);
    });
});
