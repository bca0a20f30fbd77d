import { strict as assert } from "assert";
import { asList, isEveryone, oidcIssuerOf, parsePolicyDocument, principalsOf } from "../../../../rules/identity/lib/policyDocument";

describe("identity/lib/policyDocument", () => {
    it("parses JSON strings and objects, single statements and lists", () => {
        assert.deepEqual(parsePolicyDocument('{"Statement":{"Effect":"Allow"}}'), { statements: [{ Effect: "Allow" }] });
        assert.deepEqual(parsePolicyDocument({ Statement: [{ Effect: "Deny" }] }), { statements: [{ Effect: "Deny" }] });
    });

    it("explains unreadable documents", () => {
        assert.match(parsePolicyDocument("{").error ?? "", /not valid JSON/);
        assert.equal(parsePolicyDocument(undefined).error, "not a policy document object");
        assert.equal(parsePolicyDocument({ Version: "2012-10-17" }).error, "no Statement");
    });

    it("reads principals of each kind", () => {
        assert.deepEqual(principalsOf({ Federated: "arn:x" }, "Federated"), ["arn:x"]);
        assert.deepEqual(principalsOf("*", "AWS"), ["*"]);
        assert.deepEqual(principalsOf("*", "Service"), []);
        assert.equal(isEveryone({ AWS: ["a", "*"] }), true);
        assert.equal(isEveryone({ Service: "*" }), false);
        assert.deepEqual(asList(undefined), []);
    });

    it("extracts the issuer of OIDC provider ARNs only", () => {
        assert.equal(oidcIssuerOf("arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com"), "token.actions.githubusercontent.com");
        assert.equal(oidcIssuerOf("arn:aws:iam::1:saml-provider/okta"), undefined);
    });
});
