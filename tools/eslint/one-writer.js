// One writer per table, checked by a machine (docs/decisions/024-one-writer-per-table.md). Reports, in the files
// it is applied to:
// - a Prisma write, `<anything>.<model>.create(…)` and the rest of WRITE_METHODS, outside that model's owner;
// - SQL text that inserts into, updates or deletes from a table (in any string or template: a tagged `$executeRaw`,
//   a string for `$queryRaw*`, a statement the driver prepares) outside that table's owner;
// - `$executeRaw` / `$executeRawUnsafe` in a file that owns no table, whatever its text;
// - `.prisma` in the adapter folders, which read through TallyDatabase's read-only `read` instead.
// The owners are in app/db/table-owners.mjs, the one definition.
import path from "node:path";
import { ADAPTER_FOLDERS, DATABASE_FOLDER, PENDING_EXEMPTIONS, TABLE_OWNERS } from "../../app/db/table-owners.mjs";

const WRITE_METHODS = new Set([
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
  "delete",
  "deleteMany",
]);
const RAW_WRITES = new Set(["$executeRaw", "$executeRawUnsafe"]);
const MAP = "app/db/table-owners.mjs";

const byTable = new Map(Object.entries(TABLE_OWNERS).map(([model, owner]) => [owner.table.toLowerCase(), { model, ...owner }]));

// INSERT [OR …] INTO t, UPDATE t SET, DELETE FROM t; quoted names too. UPDATE needs its SET so that prose
// ("update members' tiers") is not taken for SQL.
const SQL_WRITE = /\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|DELETE\s+FROM)\s+["`]?(\w+)|\bUPDATE\s+["`]?(\w+)["`]?\s+SET\b/gi;

function ownsPath(owner, file) {
  return owner.endsWith("/") ? file.startsWith(owner) : file === owner;
}

function isOwner(owners, file) {
  return owners.some((owner) => ownsPath(owner, file));
}

const ownsAnyTable = (file) => Object.values(TABLE_OWNERS).some(({ owners }) => isOwner(owners, file));

function repoPath(context) {
  const file = context.filename;
  const relative = path.isAbsolute(file) ? path.relative(context.cwd, file) : file;
  return relative.split(path.sep).join("/");
}

function propertyName(node) {
  if (node.type !== "MemberExpression") return null;
  if (!node.computed && node.property.type === "Identifier") return node.property.name;
  if (node.computed && node.property.type === "Literal" && typeof node.property.value === "string") return node.property.value;
  return null;
}

function sqlText(node) {
  if (node.type === "Literal") return typeof node.value === "string" ? node.value : null;
  return node.quasis.map((quasi) => quasi.value.cooked ?? quasi.value.raw).join(" ? ");
}

/** @type {import("eslint").Rule.RuleModule} */
const rule = {
  meta: {
    type: "problem",
    docs: { description: "One writer per table: writes happen only in the table's owner; adapters read through `read`." },
    schema: [],
    messages: {
      modelWrite:
        "`{{model}}.{{method}}` writes {{table}}, which only {{owners}} may write ({{map}}): call the owner's function, passing your unit of work's database.",
      sqlWrite:
        "This SQL writes {{table}}, which only {{owners}} may write ({{map}}): move the statement into the owner and call it from here.",
      rawWrite:
        "`{{method}}` writes from a file that owns no table: move the statement into the owner of the table it writes ({{map}}).",
      adapterPrisma:
        "Adapters read through `read`, TallyDatabase's read-only view, and write by calling the table's owner ({{map}}); `prisma` is for the owners.",
    },
  },
  create(context) {
    const file = repoPath(context);
    if (file.startsWith(DATABASE_FOLDER) || PENDING_EXEMPTIONS.includes(file)) return {};
    const adapter = ADAPTER_FOLDERS.some((folder) => file.startsWith(folder)) && !ownsAnyTable(file);

    const describe = (owner) => ({ table: owner.table, owners: owner.owners.join(" or "), map: MAP });

    function checkSql(node) {
      const text = sqlText(node);
      if (!text) return;
      for (const match of text.matchAll(SQL_WRITE)) {
        const owner = byTable.get((match[1] ?? match[2]).toLowerCase());
        if (owner && !isOwner(owner.owners, file)) context.report({ node, messageId: "sqlWrite", data: describe(owner) });
      }
    }

    function checkRawWrite(node, callee) {
      const method = propertyName(callee);
      if (method && RAW_WRITES.has(method) && !ownsAnyTable(file)) context.report({ node, messageId: "rawWrite", data: { method, map: MAP } });
    }

    return {
      CallExpression(node) {
        const method = propertyName(node.callee);
        if (method && WRITE_METHODS.has(method)) {
          const model = propertyName(node.callee.object);
          const owner = model ? TABLE_OWNERS[model] : undefined;
          if (owner && !isOwner(owner.owners, file)) {
            context.report({ node, messageId: "modelWrite", data: { model, method, ...describe(owner) } });
          }
        }
        checkRawWrite(node, node.callee);
      },
      TaggedTemplateExpression(node) {
        checkRawWrite(node, node.tag);
      },
      Literal: checkSql,
      TemplateLiteral: checkSql,
      MemberExpression(node) {
        if (adapter && propertyName(node) === "prisma") context.report({ node: node.property, messageId: "adapterPrisma", data: { map: MAP } });
      },
      Property(node) {
        const key = node.key.type === "Identifier" ? node.key.name : node.key.value;
        if (adapter && node.parent.type === "ObjectPattern" && key === "prisma") context.report({ node, messageId: "adapterPrisma", data: { map: MAP } });
      },
    };
  },
};

export default { rules: { "one-writer": rule } };
