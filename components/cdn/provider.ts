/** The Cloudflare provider, configured only by CLOUDFLARE_API_TOKEN in the environment: no credential reaches a stack file. */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";

export function createCloudflareProvider(name: string, opts?: pulumi.CustomResourceOptions): cloudflare.Provider {
    return new cloudflare.Provider(name, {}, opts);
}
