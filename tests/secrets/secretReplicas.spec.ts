/**
 * Secrets Manager replicas of the platform's secrets: the replica list each secret gets and the ARN a region's
 * roles and ExternalSecrets read (Secrets Manager keeps the name and suffix and changes only the region).
 */
import * as assert from "assert";
import { replicaSecretArn, secretReplicas } from "../../components/secrets/secretReplicas";

describe("secret replicas", () => {
    it("replicates to each secondary region under that region's key, and nowhere without secondaries", () => {
        const home = { replicaRegions: [{ region: "us-west-2", keyArn: "arn:aws:kms:us-west-2:111122223333:key/w" }, { region: "eu-west-1", keyArn: "k-eu" }] };
        assert.deepStrictEqual(secretReplicas(home), [
            { region: "us-west-2", kmsKeyId: "arn:aws:kms:us-west-2:111122223333:key/w" },
            { region: "eu-west-1", kmsKeyId: "k-eu" },
        ]);
        assert.deepStrictEqual(secretReplicas({ replicaRegions: [] }), []);
    });

    it("names a replica by the primary's ARN with the replica's region (name and random suffix kept)", () => {
        const primary = "arn:aws:secretsmanager:us-east-1:111122223333:secret:platform/prod/us-west-2/redis/credentials-AbCdEf";
        assert.strictEqual(replicaSecretArn(primary, "us-west-2"), "arn:aws:secretsmanager:us-west-2:111122223333:secret:platform/prod/us-west-2/redis/credentials-AbCdEf");
        assert.strictEqual(replicaSecretArn(primary, "us-east-1"), primary);
        assert.strictEqual(
            replicaSecretArn("arn:aws-us-gov:secretsmanager:us-gov-west-1:111122223333:secret:x-1", "us-gov-east-1"),
            "arn:aws-us-gov:secretsmanager:us-gov-east-1:111122223333:secret:x-1",
        );
    });

    it("refuses what is not a secret ARN", () => {
        for (const bad of ["arn:aws:kms:us-east-1:111122223333:key/k", "platform/prod/redis", "arn:aws:secretsmanager:us-east-1:1:secret:x"]) {
            assert.throws(() => replicaSecretArn(bad, "us-west-2"), /not a Secrets Manager secret ARN/, bad);
        }
    });
});
