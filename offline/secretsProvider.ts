/**
 * A stack file that names a cloud KMS secrets provider must also carry its `encryptedkey`.
 *
 * Without it the Pulumi CLI (pkg/secrets/cloud/manager.go at v3.248.0, NewCloudSecretsManager) generates a
 * fresh data key on every preview and update, encrypts it with kms:Encrypt and rewrites the stack file:
 * CI's roles, which may only kms:Decrypt, fail, and each run leaves a changed Pulumi.<stack>.yaml behind.
 * `pulumi stack init --secrets-provider ...` writes the key once; committing it makes every later run
 * decrypt-only. The offline preview only warns: it never touches KMS itself.
 */
/** Providers the CLI's cloud secrets manager serves, all of which keep a wrapped data key in `encryptedkey`. */
const CLOUD_SECRETS_PROVIDER = /^(awskms|azurekeyvault|gcpkms|hashivault):\/\//;

/** The warning for a parsed stack file's top-level settings, or undefined when there is nothing to warn about. */
export function missingEncryptedKeyWarning(stackFile: { secretsprovider?: unknown; encryptedkey?: unknown }, fileName: string): string | undefined {
    const provider = stackFile.secretsprovider;
    if (typeof provider !== "string" || !CLOUD_SECRETS_PROVIDER.test(provider)) {
        return undefined;
    }
    if (typeof stackFile.encryptedkey === "string" && stackFile.encryptedkey.trim() !== "") {
        return undefined;
    }
    return (
        `warning: ${fileName} sets secretsprovider ${provider} but has no encryptedkey, so every pulumi preview/up ` +
        `creates a new data key with kms:Encrypt and rewrites the file (CI's decrypt-only roles fail). ` +
        `Run the one-time bootstrap and commit the encryptedkey line (README, "The real Pulumi workflow").`
    );
}
