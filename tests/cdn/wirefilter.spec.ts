/**
 * The test evaluator of Cloudflare rule expressions (tests/cdn/wirefilter.ts) on hand-written expressions,
 * so the cache-rule tests that rely on it rest on checked semantics.
 */
import * as assert from "assert";
import { cacheOutcome, matches } from "./wirefilter";

const request = { host: "App.Example.com", path: "/assets/Logo.PNG", headers: { Authorization: "Bearer x", Accept: "*/*" } };

describe("cdn: the test evaluator of rule expressions", () => {
    it("fields: the host lower-cased, the path as sent, the extension lower-cased without its dot", () => {
        assert.ok(matches('http.host eq "app.example.com"', request));
        assert.ok(matches('http.request.uri.path eq "/assets/Logo.PNG"', request));
        assert.ok(matches('http.request.uri.path.extension eq "png"', request));
        assert.ok(matches('http.request.uri.path.extension eq ""', { host: "a", path: "/v1.2/users" }), "a dot in a directory is no extension");
        assert.ok(!matches('http.request.uri.path.extension in {"js"}', { host: "a", path: "/" }));
    });

    it("operators: in, starts_with, not, and binds tighter than or, parentheses", () => {
        assert.ok(matches('http.host in {"x.example.com" "app.example.com"}', request));
        assert.ok(!matches('http.host in {"x.example.com"}', request));
        assert.ok(matches('starts_with(http.request.uri.path, "/assets/")', request));
        assert.ok(!matches('starts_with(http.request.uri.path, "/api/")', request));
        assert.ok(matches('not starts_with(http.request.uri.path, "/api/")', request));
        // true or (false and false) = true; (true or false) and false = false
        const t = 'http.host eq "app.example.com"';
        const f = 'http.host eq "other"';
        assert.ok(matches(`${t} or ${f} and ${f}`, request));
        assert.ok(!matches(`(${t} or ${f}) and ${f}`, request));
        assert.ok(matches(`${t} && !(${f} || ${f})`, request));
    });

    it("arrays: any() over header names, case-insensitively only through lower()", () => {
        assert.ok(matches('any(lower(http.request.headers.names[*])[*] eq "authorization")', request));
        assert.ok(!matches('any(http.request.headers.names[*] eq "authorization")', request), "names keep the client's case");
        assert.ok(!matches('any(lower(http.request.headers.names[*])[*] eq "authorization")', { ...request, headers: { Accept: "*/*" } }));
        assert.ok(!matches('any(lower(http.request.headers.names[*])[*] eq "authorization")', { host: "a", path: "/" }));
    });

    it("refuses what it does not know instead of guessing", () => {
        assert.throws(() => matches('http.cookie eq "x"', request), /unsupported field http\.cookie/);
        assert.throws(() => matches('ends_with(http.request.uri.path, ".js")', request), /unsupported function ends_with/);
        assert.throws(() => matches('http.request.uri.path matches "^/api"', request), /unexpected "matches"/);
        assert.throws(() => matches('(http.host eq "a"', request), /expected "\)"/);
        assert.throws(() => matches("http.request.headers.names", request), /without \[\*\]/);
        assert.throws(() => matches("http.host", request), /expected a boolean/);
    });

    it("cache rules stack: every matching rule applies and the later one wins a conflicting setting", () => {
        const rules = [
            { ref: "cache", expression: 'http.host eq "app.example.com"', actionParameters: { cache: true, edgeTtl: { default: 60 } } },
            { ref: "disabled", expression: 'http.host eq "app.example.com"', enabled: false, actionParameters: { cache: true, edgeTtl: { default: 1 } } },
            { ref: "bypass", expression: 'starts_with(http.request.uri.path, "/api/")', actionParameters: { cache: false } },
        ];
        assert.deepStrictEqual(cacheOutcome(rules, { host: "app.example.com", path: "/x" }), { matched: ["cache"], cache: true, edgeTtl: 60 });
        assert.deepStrictEqual(cacheOutcome(rules, { host: "app.example.com", path: "/api/x" }), { matched: ["cache", "bypass"], cache: false, edgeTtl: 60 });
        assert.deepStrictEqual(cacheOutcome(rules, { host: "www.example.com", path: "/x" }), { matched: [] });
    });
});
