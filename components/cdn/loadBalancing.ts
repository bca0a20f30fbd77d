/**
 * Cloudflare Load Balancing (a paid add-on): regional failover at the edge. One HTTPS monitor (account-level),
 * one pool per region whose single origin is that region's gateway NLB, and per load-balanced hostname a
 * proxied load balancer whose pools are ordered primary first. Its steering comes from
 * `cdn.loadBalancing.steering`: "off" (default) is active-passive (the first healthy pool in that order, the last
 * one the fallback); "geo" is active-active, each Cloudflare region served by the nearest AWS region's pool first
 * (`geoRegionOrder`); "dynamic_latency" is active-active by the monitor's round-trip times.
 * A load balancer takes precedence over a DNS record of the same name, so those hostnames get no record.
 *
 * Pure functions here; the resources are created by the Cdn component (components/cdn/cdn.ts).
 */
import type * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { ACTIVE_ACTIVE_STEERING, AWS_REGION_LOCATIONS, LoadBalancingConfig, SteeringPolicy } from "../../config/sections/cdn";

/**
 * Cloudflare's 13 load-balancing regions (developers.cloudflare.com/load-balancing/reference/region-mapping-api) and an
 * approximate centre of each (latitude, longitude), to find the nearest AWS region.
 */
export const CLOUDFLARE_REGION_CENTRES: Readonly<Record<string, readonly [number, number]>> = {
    WNAM: [40, -115],
    ENAM: [40, -80],
    WEU: [48, 3],
    EEU: [50, 25],
    NSAM: [5, -70],
    SSAM: [-25, -55],
    OC: [-28, 140],
    ME: [27, 45],
    NAF: [25, 10],
    SAF: [-20, 25],
    SAS: [20, 78],
    SEAS: [5, 110],
    NEAS: [35, 125],
};

/** Great-circle distance in kilometres between two (latitude, longitude) points. */
export function distanceKm(a: readonly [number, number], b: readonly [number, number]): number {
    const rad = Math.PI / 180;
    const dLat = (b[0] - a[0]) * rad;
    const dLon = (b[1] - a[1]) * rad;
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) ** 2;
    return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Per Cloudflare region, the AWS regions nearest first (ties keep `regions`' order, so the primary wins a tie). Every
 * region stays in each list: when the nearest pool is unhealthy Cloudflare moves to the next. Regions without a known
 * location are refused (config validation refuses geo steering for them first).
 */
export function geoRegionOrder(regions: string[]): Record<string, string[]> {
    const located = regions.map((name) => {
        const location = AWS_REGION_LOCATIONS[name];
        if (!location) {
            throw new Error(`geo steering: no location known for ${name}`);
        }
        return { name, location };
    });
    return Object.fromEntries(
        Object.entries(CLOUDFLARE_REGION_CENTRES).map(([code, centre]) => [
            code,
            located
                .map((r, i) => ({ name: r.name, i, km: distanceKm(centre, r.location) }))
                .sort((x, y) => x.km - y.km || x.i - y.i)
                .map((r) => r.name),
        ]),
    );
}

/** Whether a steering policy spreads a hostname's traffic over regions (active-active). */
export function isActiveActive(policy: SteeringPolicy): boolean {
    return ACTIVE_ACTIVE_STEERING.includes(policy);
}

export interface RegionRole {
    name: string;
    role: string;
}

/** Regions in failover order: the primary first, then the others in configured order. */
export function failoverOrder(regions: RegionRole[]): string[] {
    return [...regions.filter((r) => r.role === "primary"), ...regions.filter((r) => r.role !== "primary")].map((r) => r.name);
}

/** Pool names are account-wide and only alphanumerics, hyphens and underscores: `platform-prod-us-east-1`. */
export function poolName(environment: string, region: string): string {
    return `platform-${environment}-${region}`;
}

/** The monitor every pool uses: HTTPS GET of the gateway's health route with a served hostname as Host, certificate verified. */
export function monitorArgs(monitor: LoadBalancingConfig["monitor"], accountId: string, hostHeader: string, environment: string): cloudflare.LoadBalancerMonitorArgs {
    return {
        accountId,
        description: `platform-${environment}: gateway health ${monitor.path} as ${hostHeader}`,
        type: "https",
        method: "GET",
        path: monitor.path,
        header: { Host: [hostHeader] },
        expectedCodes: monitor.expectedCodes,
        // The origin serves a Cloudflare Origin CA certificate for hostHeader: a failed verification is a failed check.
        allowInsecure: false,
        followRedirects: false,
        interval: monitor.intervalSeconds,
        timeout: monitor.timeoutSeconds,
        retries: 1,
        consecutiveDown: monitor.consecutiveDown,
        consecutiveUp: monitor.consecutiveUp,
    };
}

/** A region's pool: its gateway as the only origin; disabled (traffic moves to the next pool) when config says so. */
export function poolArgs(args: {
    environment: string;
    accountId: string;
    region: string;
    gatewayHostname: pulumi.Input<string>;
    monitorId: pulumi.Input<string>;
    disabled: boolean;
}): cloudflare.LoadBalancerPoolArgs {
    return {
        accountId: args.accountId,
        name: poolName(args.environment, args.region),
        description: `platform-${args.environment}: the ${args.region} gateway`,
        enabled: !args.disabled,
        minimumOrigins: 1,
        monitor: args.monitorId,
        origins: [{ name: `gateway-${args.region}`, address: args.gatewayHostname, enabled: true, weight: 1 }],
    };
}

/**
 * The load balancer of one hostname. Pools come in failover order (primary region first) with their regions; the last
 * is the fallback. "off": default pools in that order, no affinity. "geo": regionPools from `geoRegionOrder`.
 * "dynamic_latency": Cloudflare picks among the default pools by round-trip time. Active-active hostnames take the
 * configured session affinity.
 */
export function loadBalancerArgs(args: {
    zoneId: pulumi.Input<string>;
    hostname: string;
    pools: Array<{ region: string; id: pulumi.Input<string> }>;
    environment: string;
    steering?: SteeringPolicy;
    sessionAffinity?: LoadBalancingConfig["sessionAffinity"];
}): cloudflare.LoadBalancerArgs {
    if (args.pools.length === 0) {
        throw new Error(`load balancer ${args.hostname} needs at least one pool`);
    }
    const steering = args.steering ?? "off";
    const poolIds = args.pools.map((p) => p.id);
    const idOf = new Map(args.pools.map((p) => [p.region, p.id]));
    const activeActive = isActiveActive(steering);
    const description =
        steering === "off"
            ? "ordered failover from the primary region (active-passive)"
            : steering === "geo"
              ? "geo steering to the nearest region's pool (active-active)"
              : "dynamic latency steering (active-active)";
    return {
        zoneId: args.zoneId,
        name: args.hostname,
        description: `platform-${args.environment}: ${args.hostname}, ${description}`,
        proxied: true,
        steeringPolicy: steering,
        ...(steering === "geo"
            ? { regionPools: Object.fromEntries(Object.entries(geoRegionOrder(args.pools.map((p) => p.region))).map(([code, regions]) => [code, regions.map((r) => idOf.get(r)!)])) }
            : {}),
        sessionAffinity: activeActive ? (args.sessionAffinity ?? "none") : "none",
        defaultPools: poolIds,
        fallbackPool: poolIds[poolIds.length - 1],
        enabled: true,
    };
}
