import { PlatformPolicy } from "../../lib/rule";
import { cloudflareAlwaysHttps } from "./cloudflareAlwaysHttps";
import { cloudflareDnsRecordProxied } from "./cloudflareDnsRecordProxied";
import { cloudflareHsts } from "./cloudflareHsts";
import { cloudflareLoadBalancerMonitorHttps } from "./cloudflareLoadBalancerMonitorHttps";
import { cloudflareLoadBalancerPoolMonitored } from "./cloudflareLoadBalancerPoolMonitored";
import { cloudflareMinTls12 } from "./cloudflareMinTls12";
import { cloudflareOriginCertificateValidity } from "./cloudflareOriginCertificateValidity";
import { cloudflareSslStrict } from "./cloudflareSslStrict";
import { cloudflareTls13 } from "./cloudflareTls13";
import { cloudflareZoneDnssecActive } from "./cloudflareZoneDnssecActive";

/** Cloudflare (@pulumi/cloudflare v6): zone TLS settings, HSTS, proxied records, DNSSEC, the origin certificate, load balancing health checks. */
export const cloudflareRules: PlatformPolicy[] = [
    cloudflareSslStrict,
    cloudflareMinTls12,
    cloudflareAlwaysHttps,
    cloudflareHsts,
    cloudflareTls13,
    cloudflareDnsRecordProxied,
    cloudflareZoneDnssecActive,
    cloudflareOriginCertificateValidity,
    cloudflareLoadBalancerPoolMonitored,
    cloudflareLoadBalancerMonitorHttps,
];
