/** What the gateway rules share: reading the AWS Load Balancer Controller's annotations on a Service. */
export const LBC_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-";
export const K8S_SERVICE = "kubernetes:core/v1:Service";
export const KONG_PLUGIN_TYPES = ["kubernetes:configuration.konghq.com/v1:KongPlugin", "kubernetes:configuration.konghq.com/v1:KongClusterPlugin"];

/** A Service the AWS Load Balancer Controller turns into an NLB (class, or the `type: external` annotation). */
export function isControllerNlb(service: Record<string, any>): boolean {
    if (service.spec?.type !== "LoadBalancer") {
        return false;
    }
    const annotations = service.metadata?.annotations ?? {};
    return service.spec?.loadBalancerClass === "service.k8s.aws/nlb" || ["external", "nlb-ip"].includes(annotations[`${LBC_ANNOTATION}type`]);
}

/** The controller's `attributes` annotation as a map (`k=v,k=v`). */
export function nlbAttributes(service: Record<string, any>): Map<string, string> {
    const text: unknown = service.metadata?.annotations?.[`${LBC_ANNOTATION}attributes`];
    const pairs = typeof text === "string" ? text.split(",").map((kv) => kv.trim().split("=") as [string, string]) : [];
    return new Map(pairs.filter(([k, v]) => k && v !== undefined));
}
