import { k8sNlbServiceTls } from "../../../rules/tls/k8sNlbServiceTls";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";
import { nlbService } from "../logging/k8sNlbServiceFixtures";

describe("k8s-nlb-service-tls", () => {
    it("passes TLS on the listener and to the targets", async () => {
        await assertNoResourceViolation(k8sNlbServiceTls, nlbService());
    });

    it("passes ssl-ports given by port name or *", async () => {
        await assertNoResourceViolation(k8sNlbServiceTls, nlbService({ sslPorts: "kong-proxy-tls" }));
        await assertNoResourceViolation(k8sNlbServiceTls, nlbService({ sslPorts: "*" }));
    });

    it("fails without a certificate", async () => {
        await assertResourceViolation(k8sNlbServiceTls, nlbService({ sslCert: undefined }), /ssl-cert must name a certificate \(found: undefined\)/);
        await assertResourceViolation(k8sNlbServiceTls, nlbService({ sslCert: "" }), /ssl-cert must name a certificate/);
    });

    it("fails a port that is not a TLS listener", async () => {
        await assertResourceViolation(k8sNlbServiceTls, nlbService({ ports: [{ port: 443 }, { port: 80 }] }), /port 80 is not a TLS listener/);
        await assertResourceViolation(k8sNlbServiceTls, nlbService({ sslPorts: undefined }), /port 443 is not a TLS listener.*found: undefined/);
    });

    it("fails plain TCP to the targets, and the unset default", async () => {
        await assertResourceViolation(k8sNlbServiceTls, nlbService({ backend: "tcp" }), /backend-protocol must be "ssl".*found: "tcp"/);
        await assertResourceViolation(k8sNlbServiceTls, nlbService({ backend: undefined }), /backend-protocol must be "ssl".*found: undefined/);
    });

    it("reads ssl-ports with spaces after the commas", async () => {
        await assertNoResourceViolation(k8sNlbServiceTls, nlbService({ sslPorts: "80, 443", ports: [{ port: 443 }, { port: 80 }] }));
    });

    it("judges only Services the load balancer controller turns into an NLB", async () => {
        await assertNoResourceViolation(k8sNlbServiceTls, nlbService({ type: undefined, loadBalancerClass: undefined, sslCert: undefined, backend: undefined }));
        await assertNoResourceViolation(k8sNlbServiceTls, resourceArgs("kubernetes:core/v1:Service" as any, { metadata: { name: "internal" }, spec: { type: "ClusterIP", ports: [{ port: 80 }] } }));
    });

    it("fails a controller NLB without any annotations, naming each missing one", async () => {
        const bare = resourceArgs("kubernetes:core/v1:Service" as any, { metadata: { name: "bare" }, spec: { type: "LoadBalancer", loadBalancerClass: "service.k8s.aws/nlb", ports: [{ port: 443 }] } });
        await assertResourceViolation(k8sNlbServiceTls, bare, /ssl-cert must name a certificate \(found: undefined\)/);
        await assertResourceViolation(k8sNlbServiceTls, bare, /backend-protocol must be "ssl"/);
    });
});
