export interface LastRun {
  runtimes: { runtime: string; label: string; version: string; flows: Record<string, string> }[];
}
export const readmePath: string;
export const lastRunPath: string;
export function renderTable(lastRun: LastRun): string;
export function withTable(readme: string, table: string): string;
