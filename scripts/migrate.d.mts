export function isPostgresUrl(url: string | undefined): boolean;
export function parsePostgresUrl(raw: string): { connectionString: string; schema: string };
export function listMigrations(url: string): Array<{ name: string; sql: string; checksum: string }>;
export function applyMigrations(url: string, opts?: { log?: (line: string) => void }): Promise<string[]>;
