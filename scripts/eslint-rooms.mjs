// An ESLint rule that keeps ClearDesk's rooms apart, in the spirit of VS Code's code-layering rule:
// every file belongs to a room (the longest folder prefix that names one), and each room says which
// rooms it may import from and which packages it may not use. eslint.config.js holds the table;
// docs/ARCHITECTURE.md ("Rooms and walls") explains it.
//
// Options: { rooms: { [folder]: { may: string[], packages?: { deny?: string[], allow?: string[] }, why?: string } } }
// A `may` entry of the form 'electron/store:index' allows only that room's public surface (its
// index file), not the files inside it.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** The room of a repository-relative path: the longest room folder it lies in, or null. */
function roomOf(path, rooms) {
  let best = null;
  for (const room of Object.keys(rooms)) {
    if ((path === room || path.startsWith(`${room}/`)) && (!best || room.length > best.length)) best = room;
  }
  return best;
}

/** 'kysely/helpers/sqlite' -> 'kysely'; '@tanstack/react-table/x' -> '@tanstack/react-table'. */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const matches = (name, patterns) =>
  patterns.some((p) => (p.endsWith('/*') ? name.startsWith(p.slice(0, -1)) : name === p));

/** @type {import('eslint').Rule.RuleModule} */
export const roomsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each room of the code imports only from the rooms it is allowed to (docs/ARCHITECTURE.md).' },
    schema: [{ type: 'object', additionalProperties: true }],
    messages: {
      room: 'Bad layering: {{from}} may not import from {{to}} ("{{specifier}}"). {{from}} may import from: {{allowed}}.{{why}}',
      index:
        'Bad layering: {{from}} may import {{to}} only through its public surface ({{to}}/index.ts), not "{{specifier}}".{{why}}',
      package: '{{from}} may not use the package "{{name}}".{{why}}',
      node: '{{from}} may not use Node\'s "{{name}}": it runs where Node does not.{{why}}',
    },
  },
  create(context) {
    const rooms = context.options[0]?.rooms ?? {};
    const root = context.cwd;
    const file = relative(root, context.filename).split('\\').join('/');
    const from = roomOf(file, rooms);
    if (!from) return {};
    const room = rooms[from];
    const why = room.why ? ` ${room.why}` : '';
    const may = room.may.map((m) => m.replace(/:index$/, ''));
    const indexOnly = new Set(room.may.filter((m) => m.endsWith(':index')).map((m) => m.replace(/:index$/, '')));

    const check = (node, specifier) => {
      if (typeof specifier !== 'string') return;
      if (specifier.startsWith('.')) {
        const target = relative(root, resolve(dirname(context.filename), specifier))
          .split('\\')
          .join('/');
        const to = roomOf(target, rooms);
        if (!to || to === from) return;
        if (!may.includes(to)) {
          context.report({
            node,
            messageId: 'room',
            data: { from, to, specifier, allowed: room.may.join(', ') || 'nothing else', why },
          });
        } else if (indexOnly.has(to) && target !== to && target !== `${to}/index` && target !== `${to}/index.ts`) {
          context.report({ node, messageId: 'index', data: { from, to, specifier, why } });
        }
        return;
      }
      const name = packageOf(specifier);
      const packages = room.packages ?? {};
      if (NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(name)) {
        if (packages.node === false) context.report({ node, messageId: 'node', data: { from, name: specifier, why } });
        return;
      }
      const denied = packages.deny && matches(name, packages.deny);
      const notAllowed = packages.allow && !matches(name, packages.allow);
      if (denied || notAllowed) context.report({ node, messageId: 'package', data: { from, name, why } });
    };

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportType: (node) => {
        const literal = node.argument?.literal ?? node.argument;
        if (literal?.type === 'Literal') check(node, literal.value);
      },
    };
  },
};

export default { rules: { rooms: roomsRule } };
