// Evaluates ValidatingAdmissionPolicies' CEL over a batch of admission requests with the
// independent cel-js engine (@marcbachmann/cel-js), as the API server's validating policy plugin
// does: matchConditions (any false: not in scope; an error denies under failurePolicy Fail),
// variables (lazy, each computed once), validations (false denies with messageExpression's
// string, else message; an error denies). One process for the whole batch.
//
// Usage: node evaluate-with-cel-js.mjs CEL_JS_DIR INPUT.json > OUTPUT.json
//   INPUT:  {policies: {NAME: {matchConditions: [{name, expression}], variables: [{name, expression}],
//            validations: [{expression, messageExpression, message}]}},
//            requests: [{id, policy: NAME, object, oldObject, request}]}
//   OUTPUT: [{id, inScope, denied, messages: [string]}]
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

const [celJsDir, inputPath] = process.argv.slice(2)
const {Environment} = await import(pathToFileURL(join(celJsDir, 'node_modules', '@marcbachmann', 'cel-js', 'lib', 'index.js')).href)

// CEL ints are BigInts in cel-js; JSON integers become ints, as the API server's JSON decoding does.
const input = JSON.parse(readFileSync(inputPath, 'utf8'), (_, v) => (typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v))
const env = new Environment({unlistedVariablesAreDyn: true, enableOptionalTypes: true, homogeneousAggregateLiterals: true})
const compile = (e) => env.parse(e)
const compiled = new Map(Object.entries(input.policies).map(([name, p]) => [name, {
  conditions: p.matchConditions.map((c) => ({...c, run: compile(c.expression)})),
  variables: p.variables.map((v) => ({...v, run: compile(v.expression)})),
  validations: p.validations.map((v) => ({...v, run: compile(v.expression), runMessage: v.messageExpression ? compile(v.messageExpression) : null})),
}]))

function evaluate(r) {
  const {conditions, variables, validations} = compiled.get(r.policy)
  const ctx = {object: r.object, oldObject: r.oldObject ?? null, request: r.request, params: null, namespaceObject: null}
  // Lazy variables: each is computed on first read and its value (or error) kept.
  const vars = {}
  for (const v of variables) {
    let done = false, value, error
    Object.defineProperty(vars, v.name, {
      enumerable: true,
      get() {
        if (!done) {
          done = true
          try { value = v.run(ctx) } catch (e) { error = e }
        }
        if (error) throw error
        return value
      },
    })
  }
  ctx.variables = vars
  let conditionError = null
  for (const c of conditions) {
    try {
      if (c.run(ctx) === false) return {id: r.id, inScope: false, denied: false, messages: []}
    } catch (e) {
      conditionError ??= `failed to evaluate matchCondition '${c.name}': ${e.message}`
    }
  }
  if (conditionError) return {id: r.id, inScope: true, denied: true, messages: [conditionError]}
  const messages = []
  for (const v of validations) {
    let result
    try { result = v.run(ctx) } catch (e) { messages.push(`expression '${v.expression.trim()}' resulted in error: ${e.message}`); continue }
    if (result === true) continue
    if (result !== false) { messages.push('validation expression must evaluate to bool'); continue }
    let message = v.message || `failed expression: ${v.expression.trim()}`
    if (v.runMessage) {
      try {
        const m = v.runMessage(ctx)
        if (typeof m === 'string' && m.trim() !== '' && !m.includes('\n')) message = m.trim()
      } catch { /* the message is used instead, as the API server does */ }
    }
    messages.push(message)
  }
  return {id: r.id, inScope: true, denied: messages.length > 0, messages}
}

process.stdout.write(JSON.stringify(input.requests.map(evaluate)))
