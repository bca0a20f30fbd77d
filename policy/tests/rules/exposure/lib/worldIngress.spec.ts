/**
 * The world-ingress judgement shared by the security-group rules: which world-open permission a load-balancer
 * group may keep (one allowed TCP port, nothing else), and what the message says about the rest.
 */
import { strict as assert } from "assert";
import { isAllowedWorldIngress, isLoadBalancerTagged, WorldIngressConfig, worldIngressMessage } from "../../../../rules/exposure/lib/worldIngress";

const CONFIG: WorldIngressConfig = { allowedPublicPorts: [443], loadBalancerTagKey: "platform:role", loadBalancerTagValue: "load-balancer" };

describe("exposure/lib/worldIngress", () => {
    it("a group is a load balancer's only with the configured tag key and value", () => {
        assert.equal(isLoadBalancerTagged({ "platform:role": "load-balancer" }, CONFIG), true);
        assert.equal(isLoadBalancerTagged({ "platform:role": "database" }, CONFIG), false);
        assert.equal(isLoadBalancerTagged({ role: "load-balancer" }, CONFIG), false);
        assert.equal(isLoadBalancerTagged(undefined, CONFIG), false);
        assert.equal(isLoadBalancerTagged(null as unknown as undefined, CONFIG), false);
    });

    it("tolerates one allowed TCP port, by name or protocol number, in any case", () => {
        for (const protocol of ["tcp", "TCP", "6", 6]) {
            assert.equal(isAllowedWorldIngress({ protocol, fromPort: 443, toPort: 443 }, true, CONFIG), true, String(protocol));
        }
    });

    it("does not tolerate it off a load balancer, for another protocol, a range, another port or a port that is not a number", () => {
        assert.equal(isAllowedWorldIngress({ protocol: "tcp", fromPort: 443, toPort: 443 }, false, CONFIG), false);
        for (const protocol of ["udp", "17", "-1", "", undefined]) {
            assert.equal(isAllowedWorldIngress({ protocol, fromPort: 443, toPort: 443 }, true, CONFIG), false, String(protocol));
        }
        assert.equal(isAllowedWorldIngress({ protocol: "tcp", fromPort: 443, toPort: 444 }, true, CONFIG), false);
        assert.equal(isAllowedWorldIngress({ protocol: "tcp", fromPort: 442, toPort: 443 }, true, CONFIG), false);
        assert.equal(isAllowedWorldIngress({ protocol: "tcp", fromPort: 80, toPort: 80 }, true, CONFIG), false);
        assert.equal(isAllowedWorldIngress({ protocol: "tcp", fromPort: "443", toPort: "443" }, true, { ...CONFIG, allowedPublicPorts: ["443" as unknown as number] }), false);
    });

    it("names the permission: every protocol as such, else the protocol and port range (* for unset), and every world block", () => {
        for (const protocol of ["-1", -1, "all", "ALL"]) {
            assert.match(worldIngressMessage("ingress[0]", { protocol, fromPort: 0, toPort: 0 }, ["0.0.0.0/0"], false, CONFIG), /^ingress\[0\] must not open all protocols and ports to 0\.0\.0\.0\/0: /, String(protocol));
        }
        assert.equal(
            worldIngressMessage("ingress[1]", { protocol: "tcp", fromPort: 22, toPort: 22 }, ["0.0.0.0/0", "::/0"], true, CONFIG),
            'ingress[1] must not open "tcp" ports 22-22 to 0.0.0.0/0, ::/0: a load-balancer group may open only tcp ports [443] to the internet',
        );
        assert.equal(
            worldIngressMessage("cidrIpv4", { protocol: "udp", fromPort: undefined, toPort: null }, ["0.0.0.0/0"], false, CONFIG),
            'cidrIpv4 must not open "udp" ports *-* to 0.0.0.0/0: only a group tagged platform:role=load-balancer may accept internet traffic, on tcp ports [443]',
        );
    });
});
