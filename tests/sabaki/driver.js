// Drives `weiqi gtp` with @sabaki/gtp, Sabaki's own GTP controller library, the way
// Sabaki 0.60 does:
//
// - attach: `name`, `version`, `protocol_version`, `list_commands` and an init command
//   written in one burst, without waiting;
// - synchronise positions with ControllerStateTracker (komi before boardsize, handicap by
//   set_free_handicap, moves by play, undo when the histories share a prefix);
// - generate moves with the first of genmove_analyze, kata-genmove_analyze,
//   lz-genmove_analyze that the engine lists, reading the `play` line;
// - analyse with kata-analyze and lz-analyze `<colour> 50`, interrupt with
//   `protocol_version`, and check that every streamed line parses as Sabaki parses it and
//   that the interrupting command's own answer arrives.
//
// Usage: node driver.js <path to weiqi> [engine arguments...]. Exits non-zero on failure.

'use strict'

const assert = require('assert')
const {Controller, ControllerStateTracker} = require('@sabaki/gtp')

const [enginePath, ...engineArgs] = process.argv.slice(2)
if (!enginePath) {
  console.error('usage: node driver.js <weiqi> [args...]')
  process.exit(2)
}

const size = 9
const letters = 'ABCDEFGHJKLMNOPQRSTUVWXYZ'.slice(0, size)
const isVertex = v => {
  const m = /^([A-Za-z])(\d+)$/.exec(v)
  return !!m && letters.includes(m[1].toUpperCase()) && +m[2] >= 1 && +m[2] <= size
}

// Sabaki's reading of one `info` line (src/modules/analysis.js, v0.60): blocks start with
// `info`; each is key-value pairs up to `pv`, then the variation (cut at the first pass).
// Blocks whose move is not a vertex, or that lack move or winrate, are dropped; lz- win
// rates are integers per ten thousand, kata- ones fractions. Returns the kept blocks.
function parseInfo(line, dialect, ownershipPoints) {
  assert(line.startsWith('info '), `not an info line: ${line}`)
  let body = line
  let ownership = null
  const own = body.indexOf(' ownership ')
  if (own >= 0) {
    ownership = body.slice(own + ' ownership '.length).split(' ').map(Number)
    body = body.slice(0, own)
  }
  if (ownershipPoints != null) {
    assert(ownership, 'ownership asked for')
    assert.strictEqual(ownership.length, ownershipPoints)
    assert(ownership.every(x => Number.isFinite(x) && x >= -1 && x <= 1))
  }
  const blocks = body
    .split(/\s*info\s+/)
    .filter(b => b.trim() !== '')
    .map(block => {
      const tokens = block.trim().split(/\s+/)
      const pvAt = tokens.indexOf('pv')
      assert(pvAt > 0, `block without pv: ${block}`)
      assert(pvAt % 2 === 0, `keys and values must alternate before pv: ${block}`)
      const entry = {}
      for (let i = 0; i < pvAt; i += 2) entry[tokens[i]] = tokens[i + 1]
      const pv = tokens.slice(pvAt + 1)
      assert(pv.length > 0, `empty pv: ${block}`)
      for (const v of pv) assert(v === 'pass' || isVertex(v), `pv move ${v}`)
      entry.variation = pv.slice(0, pv.includes('pass') ? pv.indexOf('pass') : pv.length)
      return entry
    })
  for (const b of blocks) {
    assert(b.move != null && b.winrate != null && b.visits != null, JSON.stringify(b))
    assert(isVertex(b.move), `move ${b.move} is a vertex`)
    assert(/^\d+$/.test(b.visits), `visits ${b.visits}`)
    if (dialect === 'lz') {
      assert(/^\d+$/.test(b.winrate), `lz winrate ${b.winrate} is an integer`)
      assert(+b.winrate >= 0 && +b.winrate <= 10000)
    } else {
      assert(b.winrate.includes('.'), `kata winrate ${b.winrate} has a decimal point`)
      assert(+b.winrate >= 0 && +b.winrate <= 1)
      assert(Number.isFinite(+b.scoreLead), `scoreLead ${b.scoreLead}`)
    }
  }
  assert(blocks.length > 0, `no candidate in ${line}`)
  return blocks
}

// `promise`, or a failure after `ms`; the timer does not keep Node running.
const withTimeout = (promise, ms, what) =>
  Promise.race([
    promise,
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms).unref()
    )
  ])

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

// Starts an analysis as Sabaki does, lets it stream for `ms`, interrupts it with
// `protocol_version`, and checks the lines and the interrupting command's answer.
async function analyse(controller, command, dialect, ownershipPoints, ms) {
  const lines = []
  const analysis = controller.sendCommand(
    {name: command, args: ['B', '50'].concat(ownershipPoints ? ['ownership', 'true'] : [])},
    ({line}) => lines.push(line)
  )
  await sleep(ms)
  const started = Date.now()
  const interrupt = controller.sendCommand({name: 'protocol_version'})
  const response = await withTimeout(analysis, 5000, `${command} ends`)
  const answer = await withTimeout(interrupt, 5000, 'protocol_version after analysis')
  const waited = Date.now() - started
  assert(!response.error, `${command} failed: ${response.content}`)
  assert.strictEqual(answer.content, '2')
  assert(!answer.error)
  assert(waited < 1000, `interrupted ${command} answered after ${waited} ms`)
  assert.strictEqual(lines[0], '=', `header line: ${lines[0]}`)
  assert.strictEqual(lines[lines.length - 1], '', 'closing empty line')
  const infos = lines.slice(1, -1)
  assert(infos.length >= 2, `${command}: ${infos.length} info lines in ${ms} ms`)
  for (const line of infos) parseInfo(line, dialect, ownershipPoints)
  return infos.length
}

async function main() {
  const controller = new Controller(enginePath, engineArgs)
  const stderr = []
  controller.on('stderr', ({content}) => stderr.push(content))
  controller.start()
  const tracker = new ControllerStateTracker(controller)

  // Attach: Sabaki's burst, plus an init command, without waiting in between.
  const [name, version, protocol, list, init] = await withTimeout(
    Promise.all([
      controller.sendCommand({name: 'name'}),
      controller.sendCommand({name: 'version'}),
      controller.sendCommand({name: 'protocol_version'}),
      controller.sendCommand({name: 'list_commands'}),
      controller.sendCommand({name: 'time_settings', args: ['0', '5', '1']})
    ]),
    10000,
    'attach'
  )
  assert.strictEqual(name.content, 'weiqi')
  assert(/^\d+\.\d+/.test(version.content), `version ${version.content}`)
  assert.strictEqual(protocol.content, '2')
  assert(!init.error)
  const commands = list.content.split('\n')
  for (const c of ['undo', 'set_free_handicap', 'kata-analyze', 'lz-analyze',
    'kata-genmove_analyze', 'lz-genmove_analyze']) {
    assert(commands.includes(c), `list_commands has ${c}`)
  }
  assert(await tracker.knowsCommand('undo'))

  // Synchronise a handicap game as Sabaki does; then play on by generating moves.
  const history = [
    {name: 'set_free_handicap', args: ['C3', 'G7']},
    {name: 'play', args: ['W', 'E5']},
    {name: 'play', args: ['B', 'E4']}
  ]
  await withTimeout(
    tracker.sync({komi: 0.5, boardsize: [size, size], history}),
    10000,
    'sync'
  )
  const genmove = ['genmove_analyze', 'kata-genmove_analyze', 'lz-genmove_analyze']
    .find(c => commands.includes(c))
  assert.strictEqual(genmove, 'kata-genmove_analyze')
  for (const color of ['W', 'B']) {
    let played = null
    const streamed = []
    const response = await withTimeout(
      controller.sendCommand({name: genmove, args: [color, '50']}, ({line}) => {
        streamed.push(line)
        const m = /^play\s+(.*)$/.exec(line.trim())
        if (m) played = m[1].toLowerCase()
      }),
      30000,
      genmove
    )
    assert(!response.error, response.content)
    assert(played && (played === 'pass' || played === 'resign' || isVertex(played)),
      `played ${played}`)
    for (const line of streamed.slice(1, -2)) parseInfo(line, 'kata', null)
    history.push({name: 'play', args: [color, played.toUpperCase()]})
  }
  const moves = await controller.sendCommand({name: 'move_history'})
  assert.strictEqual(moves.content.split('\n').length, 4, moves.content)

  // The user takes a move back and plays elsewhere: Sabaki's sync undoes and replays.
  history.pop()
  history.push({name: 'play', args: ['B', 'D6']})
  await withTimeout(tracker.sync({komi: 0.5, boardsize: [size, size], history}), 10000,
    'sync with undo')
  const last = await controller.sendCommand({name: 'last_move'})
  assert.strictEqual(last.content, 'black D6')

  // Analysis, both dialects, interrupted as Sabaki interrupts.
  const kata = await analyse(controller, 'kata-analyze', 'kata', size * size, 1500)
  const lz = await analyse(controller, 'lz-analyze', 'lz', null, 1500)
  // The user plays while analysis runs: interrupt, play, analyse again (Sabaki's burst).
  const lines = []
  const running = controller.sendCommand({name: 'lz-analyze', args: ['W', '50']},
    ({line}) => lines.push(line))
  await sleep(700)
  const burst = [
    controller.sendCommand({name: 'protocol_version'}),
    controller.sendCommand({name: 'play', args: ['W', 'C6']}),
    controller.sendCommand({name: 'kata-analyze', args: ['B', '50']}, ({line}) => {
      if (line.startsWith('info')) parseInfo(line, 'kata', null)
    })
  ]
  await withTimeout(running, 5000, 'analysis before the burst ends')
  for (const line of lines.slice(1, -1)) parseInfo(line, 'lz', null)
  await sleep(700)
  const stop = controller.sendCommand({name: 'protocol_version'})
  const results = await withTimeout(Promise.all(burst.concat([stop])), 5000, 'burst')
  assert(results.every(r => !r.error), JSON.stringify(results))

  // Analysis never changed the game.
  const after = await controller.sendCommand({name: 'move_history'})
  assert.strictEqual(after.content.split('\n')[0], 'white C6')
  assert.strictEqual(after.content.split('\n').length, 5, after.content)

  // Stderr carries nothing Lizzie or Sabaki could mistake for output.
  for (const line of stderr) {
    assert(!/^(=|\?|info|play)/.test(line) && !line.includes(' -> '), `stderr: ${line}`)
  }

  await withTimeout(controller.stop(3000), 5000, 'quit')
  console.log(`ok: attach, sync, ${genmove}, undo sync, kata-analyze (${kata} lines), ` +
    `lz-analyze (${lz} lines), interrupts`)
}

main().catch(err => {
  console.error(`sabaki driver failed: ${err.stack || err}`)
  process.exit(1)
})
