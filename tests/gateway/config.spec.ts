/**
 * Bad gateway configuration fails validation with the key named, what was found and what was expected
 * (and so before anything is registered: validateConfig runs before the program).
 */
import * as assert from "assert";
import { gatewayProblems, gatewaySchema } from "../../config/sections/gateway";
import { assertNoProblemAt, assertProblemAt, problemsOf, rawStack } from "../config/fixtures";

function withGateway(patch: (gateway: Record<string, any>) => void): Record<string, any> {
    const raw = rawStack("dev");
    patch(raw.gateway);
    return raw;
}

describe("gateway config", () => {
    it("the committed stacks validate", () => {
        for (const stack of ["dev", "staging", "prod"] as const) {
            assert.deepStrictEqual(problemsOf(rawStack(stack)), [], stack);
        }
    });

    it("refuses an unknown log sink", () => {
        assertProblemAt(withGateway((g) => (g.logging = { sink: "splunk", endpoint: "https://x.example.com" })), "platform:gateway.logging.sink", /splunk|expected one of/);
    });

    it("refuses a sink without its destination", () => {
        assertProblemAt(withGateway((g) => (g.logging = { sink: "elk" })), "platform:gateway.logging.endpoint", /missing with sink elk/);
        assertProblemAt(withGateway((g) => (g.logging = { sink: "datadog" })), "platform:gateway.logging.agentHost", /missing with sink datadog/);
    });

    it("refuses openid-connect on the open-source edition", () => {
        const raw = withGateway((g) => {
            g.openIdConnect = { issuer: "https://login.example.com/" };
            g.exposedServices.bff.routes[0].authentication = "openid-connect";
        });
        assertProblemAt(raw, "platform:gateway.exposedServices.bff.routes[0].authentication", /openid-connect with gateway\.edition "oss".*Kong Enterprise/);
        raw.gateway.edition = "enterprise";
        assertNoProblemAt(raw, "platform:gateway.exposedServices.bff.routes[0].authentication");
    });

    it("refuses an empty admin allow list while a route is admin", () => {
        assertProblemAt(withGateway((g) => (g.adminAllowCidrs = [])), "platform:gateway.adminAllowCidrs", /empty while a route is admin/);
    });

    it("refuses the whole internet on admin routes", () => {
        assertProblemAt(withGateway((g) => (g.adminAllowCidrs = ["0.0.0.0/0"])), "platform:gateway.adminAllowCidrs", /contains 0\.0\.0\.0\/0.*never the whole internet/);
    });

    it("refuses a route to an unknown service, naming it", () => {
        assertProblemAt(
            withGateway((g) => (g.exposedServices.payments = { routes: [{ host: "pay.example.com", authentication: "none" }] })),
            "platform:gateway.exposedServices.payments",
            /routes to unknown service "payments"; expected one of the keys of services \(bff,/,
        );
    });

    it("refuses a host and path routed twice, and jwt without issuers", () => {
        assertProblemAt(
            withGateway((g) => g.exposedServices.realtime.routes.push({ ...g.exposedServices.realtime.routes[0] })),
            "platform:gateway.exposedServices.realtime.routes[1]",
            /already routed by realtime routes\[0\]/,
        );
        assertProblemAt(withGateway((g) => (g.jwtIssuers = [])), "platform:gateway.exposedServices.bff.routes[0].authentication", /jwt with no gateway\.jwtIssuers/);
    });

    it("needs Redis in every region for rate limits", () => {
        const gateway = gatewaySchema.parse({ exposedServices: { bff: { routes: [{ host: "api.example.com", authentication: "none", rateLimitPerMinute: 5 }] } } });
        const problems = gatewayProblems({ gateway, services: { bff: {} }, regions: [{ role: "primary" }, { role: "secondary" }], redis: { inSecondaryRegions: false } });
        assert.deepStrictEqual(problems.map((p) => p.path.join(".")), ["redis.inSecondaryRegions"]);
        assert.deepStrictEqual(gatewayProblems({ gateway, services: { bff: {} }, regions: [{ role: "primary" }], redis: { inSecondaryRegions: false } }), []);
    });

    it("refuses fewer than two Kong replicas and unpinned chart versions", () => {
        assertProblemAt(withGateway((g) => (g.replicas = 1)), "platform:gateway.replicas", /2|too small|>=/);
        assertProblemAt(withGateway((g) => (g.chartVersion = "^3.4")), "platform:gateway.chartVersion", /exact version/);
    });
});
