/**
 * The offline preview warns when a stack file names a KMS secrets provider without its `encryptedkey`
 * (the Pulumi CLI would then need kms:Encrypt and rewrite the file on every run); the warning goes to
 * stderr and does not change the exit code.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { missingEncryptedKeyWarning } from "../../offline/secretsProvider";
import { PROJECT_ROOT } from "../../offline/synthesize";

// The shape `pulumi stack init --secrets-provider awskms://...` writes: base64 of the KMS ciphertext blob.
const ENCRYPTED_KEY = "AQICAHhPbGF0Zm9ybS1kZXYtcHVsdW1pLXN0YXRlLWtleS1mb3ItdGVzdHMAAAB+MHwGCSqGSIb3DQEHBqBvMG0CAQA=";

describe("offline: secrets provider without encryptedkey", () => {
    it("warns for a KMS provider without encryptedkey, naming the file and the fix", () => {
        const warning = missingEncryptedKeyWarning(parse("secretsprovider: awskms://alias/platform/prod/pulumi-state?region=us-east-1\nconfig: {}\n"), "Pulumi.prod.yaml");
        assert.match(warning ?? "", /^warning: Pulumi\.prod\.yaml sets secretsprovider awskms:\/\/alias\/platform\/prod\/pulumi-state\?region=us-east-1 but has no encryptedkey/);
        assert.match(warning ?? "", /kms:Encrypt/);
        assert.match(warning ?? "", /commit the encryptedkey line/);
        assert.ok(missingEncryptedKeyWarning(parse("secretsprovider: gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k\nencryptedkey: ''\n"), "Pulumi.x.yaml"), "an empty key is no key");
    });

    it("is quiet once encryptedkey is committed, and for providers without a data key", () => {
        assert.strictEqual(missingEncryptedKeyWarning(parse(`secretsprovider: awskms://alias/platform/dev/pulumi-state?region=us-east-1\nencryptedkey: ${ENCRYPTED_KEY}\n`), "Pulumi.dev.yaml"), undefined);
        assert.strictEqual(missingEncryptedKeyWarning(parse("encryptionsalt: v1:abc:def\nconfig: {}\n"), "Pulumi.dev.yaml"), undefined);
        assert.strictEqual(missingEncryptedKeyWarning(parse("secretsprovider: passphrase\n"), "Pulumi.dev.yaml"), undefined);
        assert.strictEqual(missingEncryptedKeyWarning(parse("config: {}\n"), "Pulumi.dev.yaml"), undefined);
    });

    describe("npm run preview", function () {
        this.timeout(60_000);
        // A project directory that is this repository (linked) except for the dev stack file under test.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-secrets-provider-"));
        for (const entry of fs.readdirSync(PROJECT_ROOT).filter((e) => !/^Pulumi\..+\.yaml$/.test(e) && e !== ".git")) {
            fs.symlinkSync(path.join(PROJECT_ROOT, entry), path.join(dir, entry));
        }
        const dev = fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.dev.yaml"), "utf8");
        const run = (text: string) => {
            fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), text);
            const preview = path.join(PROJECT_ROOT, "scripts", "preview.ts");
            return spawnSync(process.execPath, ["-r", path.join(PROJECT_ROOT, "scripts", "register.js"), preview, "dev", "--quiet", "--root", dir], { encoding: "utf8" });
        };
        after(() => fs.rmSync(dir, { recursive: true, force: true }));

        it("prints the warning to stderr and still exits 0 when encryptedkey is missing", () => {
            const withoutKey = dev.replace(/^encryptedkey:.*\n/m, "");
            assert.match(withoutKey, /^secretsprovider: awskms:\/\//m);
            const result = run(withoutKey);
            assert.strictEqual(result.status, 0, result.stderr);
            assert.match(result.stderr, /warning: Pulumi\.dev\.yaml sets secretsprovider awskms:\/\/.* but has no encryptedkey/);
            assert.doesNotMatch(result.stdout, /encryptedkey/);
        });

        it("prints nothing about it once encryptedkey is set", () => {
            const withKey = dev.replace(/^encryptedkey:.*\n/m, "").replace(/^(secretsprovider: .*\n)/m, `$1encryptedkey: ${ENCRYPTED_KEY}\n`);
            const result = run(withKey);
            assert.strictEqual(result.status, 0, result.stderr);
            assert.doesNotMatch(result.stderr, /encryptedkey/);
        });
    });
});
