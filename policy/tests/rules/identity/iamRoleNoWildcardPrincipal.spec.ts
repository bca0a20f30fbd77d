import * as aws from "@pulumi/aws";
import { iamRoleNoWildcardPrincipal } from "../../../rules/identity/iamRoleNoWildcardPrincipal";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const trust = (...Statement: Record<string, any>[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const role = (assumeRolePolicy: unknown) => resourceArgs(aws.iam.Role, { assumeRolePolicy });

describe("iam-role-no-wildcard-principal", () => {
    it("passes a service principal", async () => {
        await assertNoResourceViolation(iamRoleNoWildcardPrincipal, role(trust({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" })));
    });

    it("passes an account principal given as a PolicyDocument object", async () => {
        const document = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" }] };
        await assertNoResourceViolation(iamRoleNoWildcardPrincipal, role(document));
    });

    it("passes a Deny with Principal *", async () => {
        await assertNoResourceViolation(iamRoleNoWildcardPrincipal, role(trust({ Effect: "Deny", Principal: "*", Action: "sts:AssumeRole" })));
    });

    it('fails Principal "*"', async () => {
        await assertResourceViolation(iamRoleNoWildcardPrincipal, role(trust({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" })), /Statement\[0\] must not Allow Principal "\*" \(found: "\*"\)/);
    });

    it('fails Principal { AWS: "*" }', async () => {
        await assertResourceViolation(
            iamRoleNoWildcardPrincipal,
            role(trust({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }, { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" })),
            /Statement\[1\] must not Allow Principal "\*" \(found: \{"AWS":"\*"\}\)/,
        );
    });

    it("fails an AWS principal list containing *", async () => {
        await assertResourceViolation(
            iamRoleNoWildcardPrincipal,
            role(trust({ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111122223333:root", "*"] }, Action: "sts:AssumeRole" })),
            /must not Allow Principal "\*"/,
        );
    });

    it("fails Allow with NotPrincipal", async () => {
        await assertResourceViolation(
            iamRoleNoWildcardPrincipal,
            role(trust({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" })),
            /Statement\[0\] must not Allow with NotPrincipal/,
        );
    });

    it("fails an unreadable trust policy", async () => {
        await assertResourceViolation(iamRoleNoWildcardPrincipal, role("{not json"), /assumeRolePolicy must be a readable policy document: not valid JSON/);
    });
});
