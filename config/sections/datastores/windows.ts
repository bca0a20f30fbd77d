/**
 * Shared pieces of the data-store config sections: AWS maintenance/backup window formats, their overlap
 * check, and the shape of a cross-field problem before config/validate.ts formats its key.
 */
import { z } from "zod";

/** `hh:mm-hh:mm` (UTC), the RDS/ElastiCache backup and snapshot window format. */
export const dailyWindow = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, "expected a UTC window like 03:00-04:00");
/** `ddd:hh:mm-ddd:hh:mm` (UTC), the maintenance window format. */
export const weeklyWindow = z
    .string()
    .regex(/^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/, "expected a UTC window like sun:04:30-sun:05:30");

export interface SectionProblem {
    /** Key path under the `platform` namespace, e.g. `["postgres", "backupRetentionDays"]`. */
    path: (string | number)[];
    message: string;
}

/** Minutes since the week started for `ddd:hh:mm`, or since midnight for `hh:mm` (day 0). */
function minuteOfWeek(day: string | undefined, time: string): number {
    const days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    const [hours, minutes] = time.split(":").map(Number);
    return (day ? days.indexOf(day) : 0) * 1440 + hours * 60 + minutes;
}

/** True when a daily window (`hh:mm-hh:mm`) overlaps a weekly one (`ddd:hh:mm-ddd:hh:mm`) on any day. */
export function dailyWindowOverlapsWeekly(daily: string, weekly: string): boolean {
    const [dailyStart, dailyEnd] = daily.split("-");
    const [weeklyStart, weeklyEnd] = weekly.split("-");
    const week = 7 * 1440;
    const wStart = minuteOfWeek(weeklyStart.slice(0, 3), weeklyStart.slice(4));
    const wEndRaw = minuteOfWeek(weeklyEnd.slice(0, 3), weeklyEnd.slice(4));
    const wEnd = wEndRaw <= wStart ? wEndRaw + week : wEndRaw; // a window may wrap from sunday into monday
    const dStart = minuteOfWeek(undefined, dailyStart);
    const dEndRaw = minuteOfWeek(undefined, dailyEnd);
    const dEnd = dEndRaw <= dStart ? dEndRaw + 1440 : dEndRaw; // a window may wrap past midnight
    // The daily window repeats every day; the weekly one spans at most two weeks of this timeline.
    for (let day = -1; day <= 14; day++) {
        if (day * 1440 + dStart < wEnd && wStart < day * 1440 + dEnd) {
            return true;
        }
    }
    return false;
}

/**
 * The problem to report when a section's daily window (backups, snapshots) overlaps its weekly maintenance
 * window, which AWS rejects; undefined when they are disjoint.
 */
export function windowOverlapProblem(
    section: string,
    dailyKey: string,
    windows: { daily: string; maintenance: string },
    service: string,
): SectionProblem | undefined {
    if (!dailyWindowOverlapsWeekly(windows.daily, windows.maintenance)) {
        return undefined;
    }
    return {
        path: [section, dailyKey],
        message: `${windows.daily} overlaps maintenanceWindow ${windows.maintenance}; ${service} requires disjoint windows`,
    };
}
