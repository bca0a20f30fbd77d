/**
 * IPv4 CIDR arithmetic and subnet carving. Pure functions: no Pulumi, no I/O.
 *
 * Subnets are carved largest-first, each aligned to its own size, packed from the start of
 * the VPC range. Because blocks are allocated in descending size order and each is aligned,
 * packing leaves no gaps, so "does it fit" is simply "does the last block end inside the VPC".
 */

export interface Ipv4Cidr {
    /** Network address as an unsigned 32-bit integer. */
    network: number;
    prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; throws with the reason when the text is not a canonical IPv4 CIDR (host bits must be zero). */
export function parseCidr(text: string): Ipv4Cidr {
    const match = CIDR_PATTERN.exec(text.trim());
    if (!match) {
        throw new Error(`"${text}" is not an IPv4 CIDR like 10.0.0.0/16`);
    }
    const octets = match.slice(1, 5).map(Number);
    const prefix = Number(match[5]);
    if (octets.some((o) => o > 255)) {
        throw new Error(`"${text}" has an octet above 255`);
    }
    if (prefix > 32) {
        throw new Error(`"${text}" has a prefix length above 32`);
    }
    const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
    const network = (address & prefixMask(prefix)) >>> 0;
    if (network !== address) {
        throw new Error(`"${text}" has host bits set; the network address is ${formatCidr({ network, prefix })}`);
    }
    return { network, prefix };
}

export function formatCidr(cidr: Ipv4Cidr): string {
    const n = cidr.network;
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${cidr.prefix}`;
}

function prefixMask(prefix: number): number {
    return prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
}

/** Number of addresses in the block. */
export function cidrSize(cidr: Ipv4Cidr): number {
    return 2 ** (32 - cidr.prefix);
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr | string, b: Ipv4Cidr | string): boolean {
    const x = typeof a === "string" ? parseCidr(a) : a;
    const y = typeof b === "string" ? parseCidr(b) : b;
    const xEnd = x.network + cidrSize(x);
    const yEnd = y.network + cidrSize(y);
    return x.network < yEnd && y.network < xEnd;
}

/** True when `inner` lies wholly inside `outer`. */
export function cidrContains(outer: Ipv4Cidr | string, inner: Ipv4Cidr | string): boolean {
    const o = typeof outer === "string" ? parseCidr(outer) : outer;
    const i = typeof inner === "string" ? parseCidr(inner) : inner;
    // Aligned blocks: starting at or after outer's start and ending at or before its end implies a prefix at least as long.
    return i.network >= o.network && i.network + cidrSize(i) <= o.network + cidrSize(o);
}

export type SubnetTier = "public" | "private" | "database";
export const SUBNET_TIERS: readonly SubnetTier[] = ["public", "private", "database"];

/** How many bits each tier's subnets add to the VPC prefix (a /16 VPC with 4 new bits gives /20 subnets). */
export type SubnetNewBits = Record<SubnetTier, number>;

export interface SubnetSpec {
    tier: SubnetTier;
    /** Index of the availability zone, 0-based. */
    azIndex: number;
    cidr: string;
}

/**
 * Carves one subnet per tier per availability zone out of `vpcCidr`.
 * Returned in a stable order: by tier (public, private, database), then by AZ index.
 * Throws when the subnets do not fit, naming how much space they need.
 */
export function carveSubnets(vpcCidr: string, azCount: number, newBits: SubnetNewBits): SubnetSpec[] {
    const vpc = parseCidr(vpcCidr);
    if (!Number.isInteger(azCount) || azCount < 1) {
        throw new Error(`azCount must be a positive integer (found ${azCount})`);
    }
    const requests: Array<{ tier: SubnetTier; azIndex: number; prefix: number }> = [];
    for (const tier of SUBNET_TIERS) {
        const prefix = vpc.prefix + newBits[tier];
        if (!Number.isInteger(newBits[tier]) || newBits[tier] < 1 || prefix > 28) {
            throw new Error(
                `${tier} subnets would be /${prefix}; new bits must be a positive integer giving /28 or larger (AWS's smallest subnet)`,
            );
        }
        for (let azIndex = 0; azIndex < azCount; azIndex++) {
            requests.push({ tier, azIndex, prefix });
        }
    }
    // Largest blocks first; ties keep tier/AZ order so the layout is deterministic.
    const bySize = [...requests].sort((a, b) => a.prefix - b.prefix);
    const vpcEnd = vpc.network + cidrSize(vpc);
    let cursor = vpc.network;
    const allocated = new Map<string, string>();
    for (const request of bySize) {
        const size = 2 ** (32 - request.prefix);
        cursor = Math.ceil(cursor / size) * size;
        if (cursor + size > vpcEnd) {
            const needed = requests.reduce((sum, r) => sum + 2 ** (32 - r.prefix), 0);
            throw new Error(
                `${requests.length} subnets (${SUBNET_TIERS.map((t) => `${azCount} x /${vpc.prefix + newBits[t]} ${t}`).join(", ")}) ` +
                    `need ${needed} addresses but ${vpcCidr} has ${cidrSize(vpc)}`,
            );
        }
        allocated.set(`${request.tier}/${request.azIndex}`, formatCidr({ network: cursor, prefix: request.prefix }));
        cursor += size;
    }
    return requests.map((r) => ({ tier: r.tier, azIndex: r.azIndex, cidr: allocated.get(`${r.tier}/${r.azIndex}`)! }));
}
