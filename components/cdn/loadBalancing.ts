/**
 * Cloudflare Load Balancing (a paid add-on): regional failover at the edge. One HTTPS monitor (account-level),
 * one pool per region whose single origin is that region's gateway NLB, and per load-balanced hostname a
 * proxied load balancer whose pools are ordered primary first (steering "off": ordered failover, active-passive).
 * A load balancer takes precedence over a DNS record of the same name, so those hostnames get no record.
 *
 * Pure functions here; the resources are created by the Cdn component (components/cdn/cdn.ts).
 */
import type * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { LoadBalancingConfig } from "../../config/sections/cdn";

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

/** The load balancer of one hostname: pools in failover order, the last one also the fallback. */
export function loadBalancerArgs(args: { zoneId: pulumi.Input<string>; hostname: string; poolIds: pulumi.Input<string>[]; environment: string }): cloudflare.LoadBalancerArgs {
    if (args.poolIds.length === 0) {
        throw new Error(`load balancer ${args.hostname} needs at least one pool`);
    }
    return {
        zoneId: args.zoneId,
        name: args.hostname,
        description: `platform-${args.environment}: ${args.hostname}, ordered failover from the primary region`,
        proxied: true,
        steeringPolicy: "off",
        sessionAffinity: "none",
        defaultPools: args.poolIds,
        fallbackPool: args.poolIds[args.poolIds.length - 1],
        enabled: true,
    };
}
