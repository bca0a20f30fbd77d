import { stackSecretsReplicated as policy } from "../../../rules/stack/stackSecretsReplicated";
import * as assert from "assert";
import { assertNoStackViolation, assertStackViolation, stackArgs, StackFixtureResource, stackViolationsOf, testUrn, UNKNOWN } from "../../helpers";

const AWS = "pulumi:providers:aws";
const SECRET = "aws:secretsmanager/secret:Secret";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

const provider = (name: string, region: string): StackFixtureResource => ({ type: AWS, name, props: { region } });
const providers = [provider("use1", "us-east-1"), provider("usw2", "us-west-2"), provider("euw1", "eu-west-1")];
const secret = (replicas?: unknown, extra: Record<string, unknown> = {}): StackFixtureResource => ({
    type: SECRET,
    name: "redis-credentials",
    props: { name: "platform/prod/us-west-2/redis/credentials", kmsKeyId: "arn:aws:kms:us-east-1:1:key/k", ...(replicas === undefined ? {} : { replicas }), ...extra },
    provider: "use1",
});
const reader = (name: string, region: string, on = "redis-credentials"): StackFixtureResource => ({
    type: ROLE_POLICY,
    name,
    props: { role: "r", policy: "{}" },
    propertyDependencies: { policy: [on] },
    provider: region,
});
const WEST = [{ region: "us-west-2", kmsKeyId: "arn:aws:kms:us-west-2:1:key/w" }];

describe("stack-secrets-replicated", () => {
    it("passes a secret read in another region that has a replica there", async () => {
        await assertNoStackViolation(policy, stackArgs([...providers, secret(WEST), reader("west-bff", "usw2"), reader("east-bff", "use1")]));
    });

    it("passes a secret read only in its own region, replicated or not", async () => {
        await assertNoStackViolation(policy, stackArgs([...providers, secret(), reader("east-bff", "use1")]));
        await assertNoStackViolation(policy, stackArgs([...providers, secret([])]));
    });

    it("fails a secret read in another region without replicas (unset and empty)", async () => {
        for (const replicas of [undefined, []]) {
            await assertStackViolation(
                policy,
                stackArgs([...providers, secret(replicas), reader("west-bff", "usw2")]),
                /secretsmanager\/secret:Secret "redis-credentials" \(us-east-1\) is read by .*RolePolicy "west-bff" in us-west-2 but has no replica there \(found: replicas in no region; expected a replica in us-west-2\)/,
            );
        }
    });

    it("fails a secret replicated to the wrong region, naming each region that lacks one", async () => {
        const eu = [{ region: "eu-west-1", kmsKeyId: "k" }];
        await assertStackViolation(policy, stackArgs([...providers, secret(eu), reader("west-bff", "usw2")]), /in us-west-2 but has no replica there \(found: replicas in eu-west-1/);
        await assertStackViolation(policy, stackArgs([...providers, secret(WEST), reader("west-bff", "usw2"), reader("eu-bff", "euw1")]), /"eu-bff" in eu-west-1 but has no replica there/);
    });

    it("judges the secret by its own region input over its provider's", async () => {
        // Created in us-west-2 by its region input: a us-west-2 reader needs no replica, a us-east-1 one does.
        await assertNoStackViolation(policy, stackArgs([...providers, secret(undefined, { region: "us-west-2" }), reader("west-bff", "usw2")]));
        await assertStackViolation(policy, stackArgs([...providers, secret(undefined, { region: "us-west-2" }), reader("east-bff", "use1")]), /\(us-west-2\) is read by .* in us-east-1/);
    });

    it("counts only readers whose policy document depends on the secret", async () => {
        const other: StackFixtureResource = { type: SECRET, name: "other", props: {}, provider: "use1" };
        const throughRole = { ...reader("x", "usw2"), propertyDependencies: { role: ["redis-credentials"] } };
        const violations = await stackViolationsOf(policy, stackArgs([...providers, secret(), other, reader("west-bff", "usw2", "other"), throughRole]));
        assert.deepStrictEqual(
            violations.map((v) => v.urn),
            [testUrn(SECRET, "other")],
        );
    });

    it("does not count a replica whose region is not known yet", async () => {
        await assertStackViolation(policy, stackArgs([...providers, secret([{ region: UNKNOWN, kmsKeyId: "k" }]), reader("west-bff", "usw2")]), /found: replicas in no region/);
    });

    it("reads inline role policies and managed policies too", async () => {
        const role: StackFixtureResource = { type: "aws:iam/role:Role", name: "west-role", props: { inlinePolicies: [] }, propertyDependencies: { inlinePolicies: ["redis-credentials"] }, provider: "usw2" };
        const managed: StackFixtureResource = { type: "aws:iam/policy:Policy", name: "west-managed", props: { policy: "{}" }, propertyDependencies: { policy: ["redis-credentials"] }, provider: "usw2" };
        await assertStackViolation(policy, stackArgs([...providers, secret(), role]), /"west-role" in us-west-2/);
        await assertStackViolation(policy, stackArgs([...providers, secret(), managed]), /"west-managed" in us-west-2/);
        await assertNoStackViolation(policy, stackArgs([...providers, secret(WEST), role, managed]));
    });

    it("names every reader of a region in one violation", async () => {
        const violations = await stackViolationsOf(policy, stackArgs([...providers, secret(), reader("west-bff", "usw2"), reader("west-worker", "usw2")]));
        assert.strictEqual(violations.length, 1, JSON.stringify(violations));
        assert.match(violations[0].message, /is read by aws:iam\/rolePolicy:RolePolicy "west-bff", aws:iam\/rolePolicy:RolePolicy "west-worker" in us-west-2 but/);
    });

    it("ignores replica entries without a region (or empty), and readers whose region is not known", async () => {
        await assertStackViolation(policy, stackArgs([...providers, secret([null, { kmsKeyId: "k" }]), reader("west-bff", "usw2")]), /found: replicas in no region;/);
        await assertNoStackViolation(policy, stackArgs([...providers, secret([null, ...WEST]), reader("west-bff", "usw2")]));
        await assertNoStackViolation(policy, stackArgs([...providers, secret(), { ...reader("nowhere", "use1"), provider: undefined }]));
    });

    it("judges secrets only: another resource read across regions is not its concern", async () => {
        const key: StackFixtureResource = { type: "aws:kms/key:Key", name: "redis-credentials", props: {}, provider: "use1" };
        await assertNoStackViolation(policy, stackArgs([...providers, key, reader("west-bff", "usw2")]));
    });

    it("says so when the secret's own region is not known", async () => {
        await assertStackViolation(policy, stackArgs([...providers, { ...secret(), provider: undefined }, reader("west-bff", "usw2")]), /"redis-credentials" \(unknown region\) is read by .* in us-west-2/);
    });
});
