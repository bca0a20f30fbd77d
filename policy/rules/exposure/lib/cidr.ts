/**
 * Recognising "the whole internet" in CIDR inputs. Any prefix length of 0 covers every address of
 * its family (`0.0.0.0/0`, `::/0`, and spellings such as `::0/0` or `10.0.0.0/0`).
 */

/** True for an IPv4 or IPv6 CIDR block with prefix length 0. */
export function isWorldCidr(cidr: unknown): boolean {
    if (typeof cidr !== "string") {
        return false;
    }
    const [address, prefix] = cidr.trim().split("/");
    return address !== undefined && address.length > 0 && prefix !== undefined && Number(prefix.trim()) === 0 && prefix.trim() !== "";
}

/** The world-open entries of a CIDR list input (unset is no entries). */
export function worldCidrsIn(cidrs: unknown): string[] {
    return Array.isArray(cidrs) ? cidrs.filter(isWorldCidr) : [];
}
