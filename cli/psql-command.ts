/** The psql command line for a connection URL, with the password passed through PGPASSWORD. */
export function psqlCommandFor(url: string): string {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const withoutPassword = parsed.toString();
  return password ? `PGPASSWORD='${password}' psql '${withoutPassword}'` : `psql '${withoutPassword}'`;
}
