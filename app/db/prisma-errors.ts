// What Prisma's errors mean for the code that expects them. P2002 is Prisma's "unique constraint failed", on SQLite
// and PostgreSQL alike: the row another writer created a moment ago, or a random code that was already taken.
// https://www.prisma.io/docs/orm/reference/error-reference#p2002

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "P2002";
}
