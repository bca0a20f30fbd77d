/**
 * gatewayProblems (config/sections/gateway.ts) called directly: each cross-field check fires on the wrong but
 * plausible gateway, stays quiet on the right one, and names the key to change. The same checks through
 * validateConfig and the committed stacks are in tests/gateway/config.spec.ts.
 */
import * as assert from "assert";
import { GatewayCrossFieldInput, gatewayProblems, gatewaySchema } from "../../config/sections/gateway";

type Route = Record<string, unknown>;
const SERVICES = { bff: {}, realtime: {} };
const ONE_REGION = [{ role: "primary" }];
const TWO_REGIONS = [{ role: "primary" }, { role: "secondary" }];
const ISSUER = { name: "idp", issuer: "https://idp.example.com/" };

/** A parsed gateway (schema defaults applied) exposing bff with `routes`, plus `patch` on the gateway. */
function input(routes: Route[], patch: Record<string, unknown> = {}, rest: Partial<GatewayCrossFieldInput> = {}): GatewayCrossFieldInput {
    const gateway = gatewaySchema.parse({ jwtIssuers: [ISSUER], exposedServices: { bff: { routes } }, ...patch });
    return { gateway, services: SERVICES, regions: ONE_REGION, redis: { inSecondaryRegions: false }, ...rest };
}
const route = (patch: Route = {}): Route => ({ host: "api.example.com", ...patch });
const problems = (i: GatewayCrossFieldInput) => gatewayProblems(i).map((p) => `${p.path.join(".")}: ${p.message}`);
function only(i: GatewayCrossFieldInput, key: string, message: RegExp): void {
    const found = gatewayProblems(i);
    assert.deepStrictEqual(
        found.map((p) => p.path.join(".")),
        [key],
        JSON.stringify(found),
    );
    assert.match(found[0].message, message);
}

describe("config sections: gateway", () => {
    it("no gateway section, or one that exposes nothing, has nothing to check", () => {
        assert.deepStrictEqual(gatewayProblems({ services: SERVICES, regions: TWO_REGIONS, redis: { inSecondaryRegions: false } }), []);
        assert.deepStrictEqual(gatewayProblems({ gateway: gatewaySchema.parse({}), services: {}, regions: TWO_REGIONS, redis: { inSecondaryRegions: false } }), []);
    });

    it("a jwt route with an issuer, on a known service, is fine", () => {
        assert.deepStrictEqual(problems(input([route()])), []);
    });

    it("a route to a service that does not exist names it and the services there are", () => {
        const i = input([route()]);
        i.services = { realtime: {}, worker: {} };
        only(i, "gateway.exposedServices.bff", /^routes to unknown service "bff"; expected one of the keys of services \(realtime, worker\)$/);
    });

    it("openid-connect needs the enterprise edition and the IdP's issuer", () => {
        const oidc = route({ authentication: "openid-connect" });
        only(input([oidc], { openIdConnect: { issuer: "https://idp.example.com/" } }), "gateway.exposedServices.bff.routes.0.authentication", /^openid-connect with gateway\.edition "oss"; .*Kong Enterprise/);
        only(input([oidc], { edition: "enterprise" }), "gateway.openIdConnect", /^missing while bff routes\[0\] uses openid-connect/);
        assert.deepStrictEqual(problems(input([oidc], { edition: "enterprise", openIdConnect: { issuer: "https://idp.example.com/" } })), []);
        // The issuer is only needed when a route uses openid-connect.
        assert.deepStrictEqual(problems(input([route({ authentication: "none" })], { edition: "enterprise", jwtIssuers: [] })), []);
    });

    it("jwt needs at least one issuer; authentication none does not", () => {
        only(input([route()], { jwtIssuers: [] }), "gateway.exposedServices.bff.routes.0.authentication", /^jwt with no gateway\.jwtIssuers/);
        assert.deepStrictEqual(problems(input([route({ authentication: "none" })], { jwtIssuers: [] })), []);
    });

    it("each host and path is routed once, across services; another path or host is another route", () => {
        const i = input([route({ path: "/api" })], { exposedServices: { bff: { routes: [route({ path: "/api" })] }, realtime: { routes: [route({ path: "/ws" }), route({ path: "/api" })] } } });
        only(i, "gateway.exposedServices.realtime.routes.1", /^api\.example\.com\/api is already routed by bff routes\[0\]; expected each host and path once$/);
        const distinct = input([], { exposedServices: { bff: { routes: [route({ path: "/api" }), route({ host: "www.example.com", path: "/api" })] }, realtime: { routes: [route({ path: "/ws" })] } } });
        assert.deepStrictEqual(problems(distinct), []);
    });

    it("admin routes need an allow list, and never the whole internet ", () => {
        only(input([route({ admin: true })]), "gateway.adminAllowCidrs", /^empty while a route is admin/);
        assert.deepStrictEqual(problems(input([route({ admin: true })], { adminAllowCidrs: ["10.0.0.0/8"] })), []);
        // No admin route: an empty list is fine, whichever position the admin route would have had.
        assert.deepStrictEqual(problems(input([route(), route({ path: "/b" })])), []);
        only(input([route({ admin: true }), route({ path: "/b" })]), "gateway.adminAllowCidrs", /^empty while a route is admin/);
        // (The schema takes IPv4 CIDRs only, so 0.0.0.0/0 is the whole internet here.)
        only(input([route()], { adminAllowCidrs: ["10.0.0.0/8", "0.0.0.0/0"] }), "gateway.adminAllowCidrs", /^contains 0\.0\.0\.0\/0; expected the operators' own ranges/);
        only(input([route({ admin: true })], { adminAllowCidrs: ["0.0.0.0/0"] }), "gateway.adminAllowCidrs", /^contains 0\.0\.0\.0\/0/);
    });

    it("a log sink needs its destination", () => {
        only(input([route()], { logging: { sink: "elk" } }), "gateway.logging.endpoint", /^missing with sink elk/);
        only(input([route()], { logging: { sink: "datadog" } }), "gateway.logging.agentHost", /^missing with sink datadog/);
        assert.deepStrictEqual(problems(input([route()], { logging: { sink: "elk", endpoint: "https://logs.example.com/kong" } })), []);
        assert.deepStrictEqual(problems(input([route()], { logging: { sink: "datadog", agentHost: "datadog-agent.datadog.svc" } })), []);
        // The other sink's destination does not count.
        only(input([route()], { logging: { sink: "elk", agentHost: "datadog-agent.datadog.svc" } }), "gateway.logging.endpoint", /elk/);
        only(input([route()], { logging: { sink: "datadog", endpoint: "https://logs.example.com/kong" } }), "gateway.logging.agentHost", /datadog/);
    });

    it("rate limits in more than one region need Redis in every region", () => {
        const limited = [route(), route({ path: "/b", rateLimitPerMinute: 60 })];
        only(input(limited, {}, { regions: TWO_REGIONS }), "redis.inSecondaryRegions", /^false while gateway routes are rate limited/);
        assert.deepStrictEqual(problems(input(limited, {}, { regions: TWO_REGIONS, redis: { inSecondaryRegions: true } })), []);
        assert.deepStrictEqual(problems(input(limited, {}, { regions: ONE_REGION })), []);
        // Rate limited on the first route only still counts.
        only(input([route({ rateLimitPerMinute: 1 }), route({ path: "/b" })], {}, { regions: TWO_REGIONS }), "redis.inSecondaryRegions", /rate limited/);
        assert.deepStrictEqual(problems(input([route(), route({ path: "/b" })], {}, { regions: TWO_REGIONS })), []);
    });
});
