import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { get_dmmf } from '@prisma/prisma-schema-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type SqlRunner } from '../../server/db/client';
import { migrate } from '../../server/db/migrate';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../helpers/postgres';

/**
 * The migrations are hand-written SQL (Prisma's schema engine cannot run here), so this file is
 * what keeps them and prisma/schema.prisma in step. It applies every migration to an empty
 * database with our migrator, reads the result from information_schema / pg_catalog, and compares
 * it with the structure Prisma's own parser (@prisma/prisma-schema-wasm, get_dmmf) reads from
 * schema.prisma: tables, columns (name, type, precision, nullability, default), primary keys,
 * unique indexes, indexes (columns in order, sort, method), foreign keys (columns, target,
 * referential actions) and their names (Prisma's default constraint names), and nothing extra
 * besides _prisma_migrations. A schema feature this file does not know yet (enums, lists, other
 * native types, implicit many-to-many, @relation(map:)) throws or is reported, never ignored:
 * extend the mapping below when you use one.
 */

const SCHEMA_PATH = path.resolve('prisma/schema.prisma');
const MIGRATIONS_TABLE = '_prisma_migrations';
const PG_MAX_IDENTIFIER = 63;

// ---------------------------------------------------------------------------------------------
// The structure both sides are reduced to

interface Column {
  /** information_schema.columns.data_type */
  dataType: string;
  /** datetime precision of timestamps, length of varchar/char; undefined otherwise */
  size?: number;
  nullable: boolean;
  default: DefaultSpec;
  /** where it comes from, for messages: "Model.field" or "table.column" */
  origin: string;
}

type DefaultSpec =
  | { kind: 'none' }
  | { kind: 'autoincrement' }
  | { kind: 'now' }
  | { kind: 'literal'; value: string }
  | { kind: 'expression'; sql: string };

interface Index {
  table: string;
  name: string;
  kind: 'primary key' | 'unique index' | 'index';
  columns: string[];
  descending: boolean[];
  method: string;
  predicate: string | null;
  /** pg_get_indexdef() (database side only): what an allowed extra index is checked against */
  definition?: string;
  origin: string;
}

interface ForeignKey {
  table: string;
  name: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
  origin: string;
}

interface Structure {
  /** table -> column -> column */
  tables: Map<string, Map<string, Column>>;
  /** table -> model name (expected side) or table name */
  tableOrigin: Map<string, string>;
  indexes: Index[];
  foreignKeys: ForeignKey[];
}

// ---------------------------------------------------------------------------------------------
// schema.prisma through Prisma's parser

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  hasDefaultValue: boolean;
  type: string;
  nativeType: [string, string[]] | null;
  default?: unknown;
  isUpdatedAt: boolean;
  relationName?: string;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

interface DmmfModel {
  name: string;
  dbName: string | null;
  schema?: string | null;
  fields: DmmfField[];
}

interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  isDefinedOnField: boolean;
  dbName?: string;
  name?: string;
  algorithm?: string;
  fields: { name: string; sortOrder?: 'asc' | 'desc'; length?: number; operatorClass?: string }[];
}

interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: unknown[]; types: unknown[]; indexes: DmmfIndex[] };
}

function parseSchema(prismaSchema: string): Dmmf {
  try {
    return JSON.parse(get_dmmf(JSON.stringify({ prismaSchema }))) as Dmmf;
  } catch (err) {
    let message = err instanceof Error ? err.message : String(err);
    try {
      message = (JSON.parse(message) as { message: string }).message;
    } catch {
      /* not JSON */
    }
    throw new Error(`schema.prisma does not parse:\n${message.replace(/\u001b\[[0-9;]*m/g, '')}`);
  }
}

/** Prisma's default constraint name: table_col1_col2 + suffix, cut to PostgreSQL's 63 bytes. */
function prismaName(table: string, columns: string[], suffix: string): string {
  let joined = [table, ...columns].join('_');
  if (joined.length >= PG_MAX_IDENTIFIER - suffix.length) joined = joined.slice(0, PG_MAX_IDENTIFIER - suffix.length - 1);
  return joined + suffix;
}

function unsupported(what: string): never {
  throw new Error(`schema-drift test: ${what} is not supported yet; extend tests/integration/schema-drift.test.ts`);
}

function columnType(model: DmmfModel, f: DmmfField): Pick<Column, 'dataType' | 'size'> {
  const where = `${model.name}.${f.name}`;
  if (f.isList) unsupported(`list field ${where}`);
  if (f.kind !== 'scalar') unsupported(`${f.kind} field ${where}`);
  const [native, args] = f.nativeType ?? [null, []];
  const arg = args[0] === undefined ? undefined : Number(args[0]);
  switch (`${f.type}:${native ?? ''}`) {
    case 'String:':
    case 'String:Text':
      return { dataType: 'text' };
    case 'String:VarChar':
      return { dataType: 'character varying', size: arg };
    case 'String:Char':
      return { dataType: 'character', size: arg ?? 1 };
    case 'String:Uuid':
      return { dataType: 'uuid' };
    case 'Int:':
    case 'Int:Integer':
      return { dataType: 'integer' };
    case 'Int:SmallInt':
      return { dataType: 'smallint' };
    case 'BigInt:':
    case 'BigInt:BigInt':
      return { dataType: 'bigint' };
    case 'Boolean:':
      return { dataType: 'boolean' };
    case 'Json:':
    case 'Json:JsonB':
      return { dataType: 'jsonb' };
    case 'Json:Json':
      return { dataType: 'json' };
    case 'Float:':
      return { dataType: 'double precision' };
    case 'Bytes:':
      return { dataType: 'bytea' };
    case 'DateTime:':
      return { dataType: 'timestamp without time zone', size: 3 };
    case 'DateTime:Timestamp':
      return { dataType: 'timestamp without time zone', size: arg ?? 6 };
    case 'DateTime:Timestamptz':
      return { dataType: 'timestamp with time zone', size: arg ?? 6 };
    case 'DateTime:Date':
      return { dataType: 'date' };
    default:
      return unsupported(`type ${f.type}${native ? ` @db.${native}(${args.join(', ')})` : ''} of ${where}`);
  }
}

function expectedDefault(model: DmmfModel, f: DmmfField): DefaultSpec {
  if (!f.hasDefaultValue || f.default === undefined) return { kind: 'none' };
  const d = f.default;
  if (typeof d === 'string' || typeof d === 'number' || typeof d === 'boolean') return { kind: 'literal', value: String(d) };
  if (d && typeof d === 'object' && 'name' in d) {
    const fn = d as { name: string; args: unknown[] };
    switch (fn.name) {
      case 'autoincrement':
        return { kind: 'autoincrement' };
      case 'now':
        return { kind: 'now' };
      case 'dbgenerated':
        return { kind: 'expression', sql: String(fn.args[0] ?? '') };
      case 'uuid':
      case 'cuid':
      case 'nanoid':
      case 'ulid':
        return { kind: 'none' }; // generated by the Prisma client, not by the database
    }
  }
  return unsupported(`@default ${JSON.stringify(d)} of ${model.name}.${f.name}`);
}

function expectedStructure(prismaSchema: string): Structure {
  const { datamodel } = parseSchema(prismaSchema);
  if (datamodel.enums.length > 0) unsupported('enum');
  if (datamodel.types.length > 0) unsupported('composite type');
  const models = new Map(datamodel.models.map((m) => [m.name, m]));
  const tableOf = (m: DmmfModel) => m.dbName ?? m.name;
  const columnOf = (m: DmmfModel, fieldName: string) => {
    const f = m.fields.find((x) => x.name === fieldName);
    if (!f) throw new Error(`${m.name} has no field ${fieldName}`);
    return f.dbName ?? f.name;
  };

  const s: Structure = { tables: new Map(), tableOrigin: new Map(), indexes: [], foreignKeys: [] };
  for (const m of datamodel.models) {
    if (m.schema) unsupported(`@@schema on ${m.name}`);
    const table = tableOf(m);
    const columns = new Map<string, Column>();
    for (const f of m.fields) {
      if (f.kind === 'object') {
        const from = f.relationFromFields ?? [];
        if (from.length === 0) {
          const other = models.get(f.type)?.fields.find((x) => x.relationName === f.relationName && x !== f);
          if (f.isList && other?.isList) unsupported(`implicit many-to-many relation ${m.name}.${f.name}`);
          continue; // the other side holds the foreign key
        }
        const target = models.get(f.type)!;
        const cols = from.map((x) => columnOf(m, x));
        const required = from.every((x) => m.fields.find((y) => y.name === x)!.isRequired);
        s.foreignKeys.push({
          table,
          name: prismaName(table, cols, '_fkey'),
          columns: cols,
          refTable: tableOf(target),
          refColumns: (f.relationToFields ?? []).map((x) => columnOf(target, x)),
          // Prisma's defaults: Restrict when the relation is required, SetNull when optional; Cascade on update.
          onDelete: f.relationOnDelete ?? (required ? 'Restrict' : 'SetNull'),
          onUpdate: f.relationOnUpdate ?? 'Cascade',
          origin: `${m.name}.${f.name} @relation`,
        });
        continue;
      }
      columns.set(f.dbName ?? f.name, {
        ...columnType(m, f),
        nullable: !f.isRequired,
        default: expectedDefault(m, f),
        origin: `${m.name}.${f.name}`,
      });
    }
    s.tables.set(table, columns);
    s.tableOrigin.set(table, `model ${m.name}`);
  }

  for (const ix of datamodel.indexes) {
    const m = models.get(ix.model)!;
    const table = tableOf(m);
    if (ix.type === 'fulltext') unsupported(`@@fulltext on ${m.name}`);
    for (const f of ix.fields) if (f.length !== undefined || f.operatorClass !== undefined) unsupported(`index options on ${m.name}`);
    const columns = ix.fields.map((f) => columnOf(m, f.name));
    const kind = ix.type === 'id' ? 'primary key' : ix.type === 'unique' ? 'unique index' : 'index';
    const suffix = ix.type === 'id' ? '_pkey' : ix.type === 'unique' ? '_key' : '_idx';
    const attr = ix.type === 'id' ? 'id' : ix.type === 'unique' ? 'unique' : 'index';
    s.indexes.push({
      table,
      name: ix.dbName ?? (ix.type === 'id' ? prismaName(table, [], suffix) : prismaName(table, columns, suffix)),
      kind,
      columns,
      descending: ix.fields.map((f) => f.sortOrder === 'desc'),
      method: (ix.algorithm ?? 'BTree').toLowerCase(),
      predicate: null,
      origin: ix.isDefinedOnField
        ? `@${attr} on ${m.name}.${ix.fields[0]!.name}`
        : `@@${attr}([${ix.fields.map((f) => f.name).join(', ')}]) on ${m.name}`,
    });
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// The database side

const ACTIONS: Record<string, string> = { a: 'NoAction', r: 'Restrict', c: 'Cascade', n: 'SetNull', d: 'SetDefault' };

function actualDefault(sql: string | null, identity: boolean): DefaultSpec {
  if (identity) return { kind: 'autoincrement' };
  if (sql === null) return { kind: 'none' };
  if (/^nextval\('[^']+'::regclass\)$/.test(sql)) return { kind: 'autoincrement' };
  if (/^(CURRENT_TIMESTAMP|now\(\))$/i.test(sql)) return { kind: 'now' };
  let v = sql;
  while (/^\(.*\)$/.test(v)) v = v.slice(1, -1);
  const quoted = /^'((?:[^']|'')*)'(?:::[\w ]+)?$/.exec(v);
  if (quoted) return { kind: 'literal', value: quoted[1]!.replace(/''/g, "'") };
  if (/^-?\d+(\.\d+)?$/.test(v) || v === 'true' || v === 'false') return { kind: 'literal', value: v };
  return { kind: 'expression', sql };
}

async function readStructure(db: SqlRunner): Promise<Structure> {
  const s: Structure = { tables: new Map(), tableOrigin: new Map(), indexes: [], foreignKeys: [] };
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name::text FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  for (const t of tables) {
    s.tables.set(t.table_name, new Map());
    s.tableOrigin.set(t.table_name, `table ${t.table_name}`);
  }
  const columns = await db.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
    is_identity: string;
    datetime_precision: number | null;
    character_maximum_length: number | null;
  }>(
    `SELECT table_name::text, column_name::text, data_type::text, is_nullable::text, column_default::text,
            is_identity::text, datetime_precision::int, character_maximum_length::int
       FROM information_schema.columns WHERE table_schema = current_schema()`,
  );
  for (const c of columns) {
    const table = s.tables.get(c.table_name);
    if (!table) continue; // a view
    const size = c.data_type.startsWith('timestamp')
      ? (c.datetime_precision ?? undefined)
      : c.data_type.startsWith('character')
        ? (c.character_maximum_length ?? undefined)
        : undefined;
    table.set(c.column_name, {
      dataType: c.data_type,
      size,
      nullable: c.is_nullable === 'YES',
      default: actualDefault(c.column_default, c.is_identity === 'YES'),
      origin: `${c.table_name}.${c.column_name}`,
    });
  }

  const indexes = await db.query<{
    table_name: string;
    index_name: string;
    is_primary: boolean;
    is_unique: boolean;
    method: string;
    predicate: string | null;
    definition: string;
    keys: string;
  }>(
    `SELECT t.relname::text AS table_name, i.relname::text AS index_name, ix.indisprimary AS is_primary,
            ix.indisunique AS is_unique, am.amname::text AS method, pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
            pg_get_indexdef(ix.indexrelid) AS definition,
            (SELECT json_agg(json_build_array(COALESCE(a.attname::text, '<expression>'), COALESCE(k.opt & 1 = 1, false)) ORDER BY k.ord)
               FROM unnest(ix.indkey::int2[], ix.indoption::int2[]) WITH ORDINALITY AS k(attnum, opt, ord)
               LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum)::text AS keys
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_am am ON am.oid = i.relam
      WHERE n.nspname = current_schema() AND t.relkind IN ('r', 'p')`,
  );
  for (const ix of indexes) {
    const keys = JSON.parse(ix.keys) as [string, boolean][];
    s.indexes.push({
      table: ix.table_name,
      name: ix.index_name,
      kind: ix.is_primary ? 'primary key' : ix.is_unique ? 'unique index' : 'index',
      columns: keys.map((k) => k[0]),
      descending: keys.map((k) => k[1]),
      method: ix.method,
      predicate: ix.predicate,
      definition: ix.definition,
      origin: `index ${ix.index_name}`,
    });
  }

  const fks = await db.query<{
    table_name: string;
    name: string;
    ref_table: string;
    columns: string;
    ref_columns: string;
    on_delete: string;
    on_update: string;
  }>(
    `SELECT c.conname::text AS name, t.relname::text AS table_name, rt.relname::text AS ref_table,
            (SELECT json_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum)::text AS columns,
            (SELECT json_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum)::text AS ref_columns,
            c.confdeltype::text AS on_delete, c.confupdtype::text AS on_update
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_class rt ON rt.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE c.contype = 'f' AND n.nspname = current_schema()`,
  );
  for (const fk of fks) {
    s.foreignKeys.push({
      table: fk.table_name,
      name: fk.name,
      columns: JSON.parse(fk.columns) as string[],
      refTable: fk.ref_table,
      refColumns: JSON.parse(fk.ref_columns) as string[],
      onDelete: ACTIONS[fk.on_delete] ?? fk.on_delete,
      onUpdate: ACTIONS[fk.on_update] ?? fk.on_update,
      origin: `constraint ${fk.name}`,
    });
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// The comparison: every difference as one readable line

const fmtDefault = (d: DefaultSpec) =>
  d.kind === 'literal' ? `default ${JSON.stringify(d.value)}` : d.kind === 'expression' ? `default ${d.sql}` : d.kind === 'none' ? 'no default' : `default ${d.kind}()`;
const fmtType = (c: Column) => (c.size === undefined ? c.dataType : `${c.dataType}(${c.size})`);

function sameDefault(expected: DefaultSpec, actual: DefaultSpec): boolean {
  if (expected.kind === 'expression') return actual.kind !== 'none'; // dbgenerated(): presence only
  if (expected.kind !== actual.kind) return false;
  if (expected.kind === 'literal' && actual.kind === 'literal') {
    return expected.value === actual.value || (isFinite(Number(expected.value)) && Number(expected.value) === Number(actual.value));
  }
  return true;
}

function diffColumns(expected: Structure, actual: Structure): string[] {
  const out: string[] = [];
  for (const [table, columns] of expected.tables) {
    const dbColumns = actual.tables.get(table);
    if (!dbColumns) {
      out.push(`table "${table}" (${expected.tableOrigin.get(table)}) is not created by the migrations`);
      continue;
    }
    for (const [name, want] of columns) {
      const got = dbColumns.get(name);
      if (!got) {
        out.push(`column ${table}.${name} (${want.origin}) is not created by the migrations`);
        continue;
      }
      if (got.dataType !== want.dataType || got.size !== want.size)
        out.push(`column ${table}.${name} (${want.origin}) is ${fmtType(got)} in the database, schema says ${fmtType(want)}`);
      if (got.nullable !== want.nullable)
        out.push(`column ${table}.${name} (${want.origin}) is ${got.nullable ? 'NULL' : 'NOT NULL'} in the database, schema says ${want.nullable ? 'optional' : 'required'}`);
      if (!sameDefault(want.default, got.default))
        out.push(`column ${table}.${name} (${want.origin}) has ${fmtDefault(got.default)} in the database, schema says ${fmtDefault(want.default)}`);
    }
    for (const name of dbColumns.keys())
      if (!columns.has(name)) out.push(`column ${table}.${name} is in the database but not in schema.prisma`);
  }
  for (const table of actual.tables.keys())
    if (!expected.tables.has(table) && table !== MIGRATIONS_TABLE) out.push(`table "${table}" is in the database but not in schema.prisma`);
  return out;
}

/**
 * Indexes the migrations create on purpose although schema.prisma cannot express them
 * (expression and GIN full-text indexes). Each is allowed by table, name and exact definition
 * (pg_get_indexdef, normalized by PostgreSQL), and must exist: anything else extra is still drift.
 * Keep this list short and say which migration creates each entry and why.
 */
const EXTRA_INDEXES: readonly { table: string; name: string; definition: string; why: string }[] = [
  {
    table: 'messages',
    name: 'messages_text_fts_idx',
    definition: `CREATE INDEX messages_text_fts_idx ON public.messages USING gin (to_tsvector('simple'::regconfig, text))`,
    why: '20261204032000_history_search: transcript full-text search (GET /api/history/sessions?q=)',
  },
];

/** The database's definition with the schema name dropped (PGlite and PostgreSQL may differ in search_path). */
const normalizeDefinition = (d: string | undefined) => (d ?? '').replace(/ ON \w+\./, ' ON ');

function isAllowedExtra(i: Index): boolean {
  return EXTRA_INDEXES.some((x) => x.table === i.table && x.name === i.name && normalizeDefinition(x.definition) === normalizeDefinition(i.definition));
}

function diffExtraIndexes(actual: Structure): string[] {
  const out: string[] = [];
  for (const x of EXTRA_INDEXES) {
    const got = actual.indexes.find((i) => i.table === x.table && i.name === x.name);
    if (!got) out.push(`allowed extra index ${x.name} on ${x.table} (${x.why}) is not created by the migrations`);
    else if (normalizeDefinition(got.definition) !== normalizeDefinition(x.definition))
      out.push(`allowed extra index ${x.name} is defined as "${got.definition}", the allow-list says "${x.definition}"`);
  }
  return out;
}

function diffIndexes(expected: Structure, actual: Structure): string[] {
  const out: string[] = [];
  const key = (i: Index) => `${i.table}|${i.kind}|${i.columns.join(',')}`;
  const describe = (i: Index) => `${i.kind} ${i.name} on ${i.table}(${i.columns.join(', ')})`;
  const remaining = actual.indexes.filter((i) => i.table !== MIGRATIONS_TABLE && !isAllowedExtra(i));
  for (const want of expected.indexes) {
    const at = remaining.findIndex((i) => key(i) === key(want));
    if (at < 0) {
      out.push(`${describe(want)} (${want.origin}) is not created by the migrations`);
      continue;
    }
    const got = remaining.splice(at, 1)[0]!;
    if (got.name !== want.name) out.push(`${describe(want)} (${want.origin}) is named ${got.name} in the database`);
    if (got.method !== want.method) out.push(`${describe(want)} (${want.origin}) uses ${got.method} in the database, schema says ${want.method}`);
    if (got.descending.join() !== want.descending.join())
      out.push(`${describe(want)} (${want.origin}) sort order differs: database DESC flags ${got.descending.join()}, schema ${want.descending.join()}`);
    if (got.predicate !== null) out.push(`${describe(want)} (${want.origin}) is partial in the database (WHERE ${got.predicate})`);
  }
  for (const extra of remaining) out.push(`${describe(extra)} is in the database but not in schema.prisma`);
  return out;
}

function diffForeignKeys(expected: Structure, actual: Structure): string[] {
  const out: string[] = [];
  const key = (f: ForeignKey) => `${f.table}(${f.columns.join(',')})->${f.refTable}(${f.refColumns.join(',')})`;
  const describe = (f: ForeignKey) => `foreign key ${f.name} ${f.table}(${f.columns.join(', ')}) -> ${f.refTable}(${f.refColumns.join(', ')})`;
  const remaining = [...actual.foreignKeys];
  for (const want of expected.foreignKeys) {
    const at = remaining.findIndex((f) => key(f) === key(want));
    if (at < 0) {
      out.push(`${describe(want)} (${want.origin}) is not created by the migrations`);
      continue;
    }
    const got = remaining.splice(at, 1)[0]!;
    if (got.name !== want.name) out.push(`${describe(want)} (${want.origin}) is named ${got.name} in the database`);
    if (got.onDelete !== want.onDelete) out.push(`${describe(want)} (${want.origin}) is ON DELETE ${got.onDelete} in the database, schema says ${want.onDelete}`);
    if (got.onUpdate !== want.onUpdate) out.push(`${describe(want)} (${want.origin}) is ON UPDATE ${got.onUpdate} in the database, schema says ${want.onUpdate}`);
  }
  for (const extra of remaining) out.push(`${describe(extra)} is in the database but not in schema.prisma`);
  return out;
}

function diffAll(expected: Structure, actual: Structure): string[] {
  return [...diffColumns(expected, actual), ...diffIndexes(expected, actual), ...diffForeignKeys(expected, actual)];
}

// ---------------------------------------------------------------------------------------------
// Tests

const schemaText = fs.readFileSync(SCHEMA_PATH, 'utf8');
const expected = expectedStructure(schemaText);

/** The checks every engine must pass: one test per area so a failure says where. */
function checksAgainstSchema(actual: () => Structure) {
  it('creates every model as a table and every field as a column (type, nullability, default), nothing more', () => {
    expect(diffColumns(expected, actual())).toEqual([]);
  });
  it('creates every primary key, @unique/@@unique and @@index (columns in order), nothing more', () => {
    expect(diffIndexes(expected, actual())).toEqual([]);
  });
  it('creates each allowed extra index (EXTRA_INDEXES) exactly as listed', () => {
    expect(diffExtraIndexes(actual())).toEqual([]);
  });
  it('creates the foreign key of every relation with Prisma’s referential actions, nothing more', () => {
    expect(diffForeignKeys(expected, actual())).toEqual([]);
  });
}

describe('schema.prisma as Prisma reads it', () => {
  it('parses and describes every model', () => {
    expect([...expected.tables.keys()].sort()).toEqual(['agent_mutes', 'agents', 'alerts', 'audit_log', 'auth_sessions', 'messages', 'metric_buckets', 'notification_channels', 'notification_deliveries', 'session_analytics', 'sessions', 'users', 'webhook_events']);
    expect(expected.indexes.length).toBeGreaterThan(4);
    expect(expected.foreignKeys.length).toBeGreaterThan(0);
  });
});

describe('migrations applied to an empty PGlite database', () => {
  let dir: string;
  let db: Database | undefined;
  let actual: Structure;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-drift-'));
    db = await openDatabase({ dataDir: dir });
    await migrate(db);
    actual = await readStructure(db);
  });
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  checksAgainstSchema(() => actual);

  // The comparison itself must see drift: each case edits the schema text in memory and expects
  // the comparison to report it.
  const edit = (...pairs: [from: string, to: string][]) => {
    let text = schemaText;
    for (const [from, to] of pairs) {
      expect(text, `the test's edit no longer matches schema.prisma: ${from}`).toContain(from);
      text = text.replace(from, to);
    }
    return diffAll(expectedStructure(text), actual);
  };

  it('reports a column the migrations do not create', () => {
    const diffs = edit(['model Agent {\n', 'model Agent {\n  driftProbe String? @map("drift_probe")\n']);
    expect(diffs).toContain('column agents.drift_probe (Agent.driftProbe) is not created by the migrations');
  });

  it.each([
    ['a model without table', [['model Agent {', 'model Probe {\n  id Int @id\n}\n\nmodel Agent {']], /table "Probe" \(model Probe\) is not created/],
    ['a changed type', [['attempts      Int       @default(0)', 'attempts      BigInt    @default(0)']], /webhook_events\.attempts .* is integer in the database, schema says bigint/],
    ['a changed precision', [['eventAt       DateTime  @map("event_at") @db.Timestamptz(3)', 'eventAt       DateTime  @map("event_at") @db.Timestamptz(6)']], /webhook_events\.event_at .*timestamp with time zone\(3\) in the database, schema says timestamp with time zone\(6\)/],
    ['a nullability change', [['source        String\n', 'source        String?\n']], /webhook_events\.source .* is NOT NULL in the database, schema says optional/],
    ['a removed default', [['participantCount   Int       @default(0)', 'participantCount   Int      ']], /sessions\.participant_count .* has default "0" in the database, schema says no default/],
    ['a changed default', [['@default("pending")', '@default("queued")']], /webhook_events\.status .* has default "pending" in the database, schema says default "queued"/],
    ['a renamed column', [['@map("raw_body")', '@map("body")']], /column webhook_events\.body .* not created[\s\S]*column webhook_events\.raw_body is in the database but not in schema/],
    ['an added @@index', [['@@index([receivedAt])', '@@index([receivedAt])\n  @@index([eventType])']], /index webhook_events_event_type_idx on webhook_events\(event_type\) .* is not created/],
    ['reordered @@index columns', [['@@index([status, nextAttemptAt])', '@@index([nextAttemptAt, status])']], /index webhook_events_next_attempt_at_status_idx .* is not created/],
    ['a descending @@index column', [['@@index([receivedAt])', '@@index([receivedAt(sort: Desc)])']], /webhook_events_received_at_idx .* sort order differs/],
    ['a removed @unique', [['dedupKey      String    @unique', 'dedupKey      String   ']], /unique index webhook_events_dedup_key_key on webhook_events\(dedup_key\) is in the database but not in schema/],
    ['an added @@unique', [['@@map("agents")', '@@unique([status, lastError])\n  @@map("agents")']], /unique index agents_status_last_error_key .* is not created/],
    ['a changed primary key', [['id          String   @id\n  /// unknown', 'id          String   @id(map: "agents_primary")\n  /// unknown']], /primary key agents_primary .* is named agents_pkey in the database/],
    ['a changed onDelete', [['@relation(fields: [sessionId], references: [id])', '@relation(fields: [sessionId], references: [id], onDelete: Cascade)']], /messages_session_id_fkey .* is ON DELETE Restrict in the database, schema says Cascade/],
    ['a removed relation', [['  agent    Agent?    @relation(fields: [agentId], references: [id])\n', ''], ['  sessions Session[]\n', '']], /foreign key sessions_agent_id_fkey .* is in the database but not in schema/],
  ] as [string, [string, string][], RegExp][])('reports %s', (_what, pairs, report) => {
    const diffs = edit(...pairs);
    expect(diffs.join('\n')).toMatch(report);
  });

  it('reports an expression index that is not on the allow-list, and an allowed one defined differently', () => {
    const fts = actual.indexes.find((i) => i.name === 'messages_text_fts_idx')!;
    const offList = { ...fts, name: 'messages_text_english_idx', definition: fts.definition!.replace(/messages_text_fts_idx/, 'messages_text_english_idx') };
    const changed = { ...fts, definition: fts.definition!.replace(`'simple'`, `'english'`) };
    const withOffList: Structure = { ...actual, indexes: [...actual.indexes, offList] };
    expect(diffIndexes(expected, withOffList).join('\n')).toMatch(/index messages_text_english_idx on messages\(<expression>\) is in the database but not in schema/);
    const withChanged: Structure = { ...actual, indexes: actual.indexes.map((i) => (i === fts ? changed : i)) };
    expect(diffIndexes(expected, withChanged).join('\n')).toMatch(/index messages_text_fts_idx on messages\(<expression>\) is in the database but not in schema/);
    expect(diffExtraIndexes(withChanged).join('\n')).toMatch(/allowed extra index messages_text_fts_idx is defined as .*english/);
  });

  it('reports a column in the database that schema.prisma lacks', () => {
    const withExtra: Structure = { ...actual, tables: new Map(actual.tables) };
    const sessions = new Map(withExtra.tables.get('sessions'));
    sessions.set('legacy', { dataType: 'text', nullable: true, default: { kind: 'none' }, origin: 'sessions.legacy' });
    withExtra.tables.set('sessions', sessions);
    expect(diffColumns(expected, withExtra)).toContain('column sessions.legacy is in the database but not in schema.prisma');
  });
});

const pgReady = await postgresAvailable();

describe.skipIf(!pgReady)('migrations applied to an empty PostgreSQL database', () => {
  let testDb: TestDatabase | null = null;
  let dir: string;
  let db: Database | undefined;
  let actual: Structure;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-drift-pg-'));
    db = await openDatabase({ databaseUrl: testDb!.url, dataDir: dir });
    await migrate(db);
    actual = await readStructure(db);
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  checksAgainstSchema(() => actual);
});
