// Validates OpenAPI 3.0 examples whose schema uses `nullable: true` without a `type`.
//
// spectral:oas's oas3-valid-media-example / oas3-valid-schema-example hand the schema to Ajv, which
// refuses to compile `nullable` without `type` ("\"nullable\" cannot be used without \"type\""), so
// such examples are reported as errors without being validated at all. glia's SCIM contract has two
// such schemas on purpose (SCIMBoolean: a boolean or an Entra ID string boolean, or null;
// SCIMPatchOperation.value: any JSON value, or null), and kin-openapi, which validates every request
// at run time, treats them as "null, or whatever the rest of the schema allows".
//
// This function applies exactly that reading (a typeless `nullable: true` becomes
// `anyOf: [{enum: [null]}, <the schema without nullable>]`) to a copy of the target and then runs
// spectral:oas's own example validator on it, so the examples are still checked against everything
// else their schema says. Targets whose schema has no typeless nullable are skipped: the built-in
// rules cover them.
import { createRulesetFunction } from '@stoplight/spectral-core';
import { oas } from '@stoplight/spectral-rulesets';

function builtin(ruleName) {
  const then = oas.rules[ruleName].then;
  return (Array.isArray(then) ? then[0] : then).function;
}

// Keys whose values are data, not schemas.
const DATA_KEYS = new Set(['example', 'examples', 'enum', 'default']);

function rewrite(node, seen) {
  if (Array.isArray(node)) return node.map(n => rewrite(n, seen));
  if (node === null || typeof node !== 'object') return node;
  if (seen.has(node)) return seen.get(node);
  const out = {};
  seen.set(node, out);
  for (const [key, value] of Object.entries(node)) {
    out[key] = DATA_KEYS.has(key) || key.startsWith('x-') ? value : rewrite(value, seen);
  }
  if (out.nullable === true && out.type === undefined) {
    const rest = { ...out };
    delete rest.nullable;
    for (const key of Object.keys(out)) delete out[key];
    out.anyOf = [{ enum: [null] }, rest];
  }
  return out;
}

function hasTypelessNullable(node, seen = new Set()) {
  if (node === null || typeof node !== 'object' || seen.has(node)) return false;
  seen.add(node);
  if (!Array.isArray(node) && node.nullable === true && node.type === undefined) return true;
  return Object.entries(node).some(
    ([key, value]) => !DATA_KEYS.has(key) && !key.startsWith('x-') && hasTypelessNullable(value, seen),
  );
}

export default createRulesetFunction(
  {
    input: { type: 'object' },
    options: {
      type: 'object',
      properties: { type: { enum: ['media', 'schema'] } },
      required: ['type'],
      additionalProperties: false,
    },
  },
  function oas3NullableExample(targetVal, opts, context) {
    const media = opts.type === 'media';
    const schema = media ? targetVal.schema : targetVal;
    if (!hasTypelessNullable(schema)) return;
    let target;
    if (media) {
      target = { ...targetVal, schema: rewrite(schema, new Map()) };
    } else {
      // Keep the example (and default) where the built-in validator looks for them.
      target = rewrite(targetVal, new Map());
      if ('example' in targetVal) target.example = targetVal.example;
      if ('default' in targetVal) target.default = targetVal.default;
    }
    const validate = builtin(media ? 'oas3-valid-media-example' : 'oas3-valid-schema-example');
    return validate(target, { schemaField: media ? 'schema' : '$', oasVersion: 3, type: opts.type }, context);
  },
);
