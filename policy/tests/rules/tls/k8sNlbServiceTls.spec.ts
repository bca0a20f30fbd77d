import { k8sNlbServiceTls } from "../../../rules/tls/k8sNlbServiceTls";
import { assertNoResourceViolation, assertResourceViolation } from "../../helpers";
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
});
