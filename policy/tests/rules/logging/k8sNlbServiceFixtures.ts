import { resourceArgs } from "../../helpers";

const A = "service.beta.kubernetes.io/aws-load-balancer-";

/** A Service as the gateway module writes it; `undefined` in an override removes that field. */
export function nlbService(o: { attributes?: string; loadBalancerClass?: string; type?: string; sslCert?: string; sslPorts?: string; backend?: string; ports?: any[] } = {}) {
    const has = (k: keyof typeof o) => Object.prototype.hasOwnProperty.call(o, k);
    const annotations: Record<string, string | undefined> = {
        [`${A}type`]: has("type") ? o.type : "external",
        [`${A}attributes`]: has("attributes") ? o.attributes : "access_logs.s3.enabled=true,access_logs.s3.bucket=logs,access_logs.s3.prefix=gateway-nlb",
        [`${A}ssl-cert`]: has("sslCert") ? o.sslCert : "arn:aws:acm:us-east-1:111122223333:certificate/abc",
        [`${A}ssl-ports`]: has("sslPorts") ? o.sslPorts : "443",
        [`${A}backend-protocol`]: has("backend") ? o.backend : "ssl",
    };
    for (const k of Object.keys(annotations)) {
        if (annotations[k] === undefined) {
            delete annotations[k];
        }
    }
    return resourceArgs("kubernetes:core/v1:Service" as any, {
        metadata: { name: "kong-proxy-nlb", annotations },
        spec: {
            type: "LoadBalancer",
            ...(has("loadBalancerClass") ? (o.loadBalancerClass ? { loadBalancerClass: o.loadBalancerClass } : {}) : { loadBalancerClass: "service.k8s.aws/nlb" }),
            ports: o.ports ?? [{ name: "kong-proxy-tls", port: 443, targetPort: 8443 }],
        },
    });
}
