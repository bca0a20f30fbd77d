/** How stack rules name a resource in messages: its type token and Pulumi name. */
import { PolicyResource } from "@pulumi/policy";

export function describeResource(resource: PolicyResource): string {
    return `${resource.type} ${JSON.stringify(resource.name)}`;
}
