/** cloudflare.ZoneSetting args as a program declares them. */
import * as cloudflare from "@pulumi/cloudflare";
import { resourceArgs } from "../../helpers";

export function zoneSetting(settingId: string, value: unknown, config?: Record<string, any>) {
    return resourceArgs(cloudflare.ZoneSetting, { zoneId: "023e105f4ecef8ad9ca31a8372d0c353", settingId, value }, { config });
}
