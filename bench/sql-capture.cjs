// Preloaded into the service by bench/run.ts (`node -r ./bench/sql-capture.cjs dist/apps/api/src/main.js`)
// so that the benchmark can read the SQL the service really runs for one request, rather than guess it.
//
// Off by default: the message {benchSqlCapture: true|false} turns recording on or off and writes a marker
// line ({"recording": true|false}) so the benchmark knows it took effect. While recording, every query sent through a pg Client is
// appended to BENCH_SQL_LOG as one JSON line: which connection ran it, when it started and ended
// (hrtime, ms), its text and its parameters as pg sends them (prepareValue). Streams and cursors are not
// recorded. When recording is off the cost is one boolean test per query.
'use strict';
const { isMainThread } = require('node:worker_threads');
// Worker threads (the audit verification's hashing) inherit the preload; they run no queries.
if (!isMainThread) return;
const { appendFileSync } = require('node:fs');
const pg = require('pg');
const { prepareValue } = require('pg/lib/utils');

const file = process.env.BENCH_SQL_LOG;
if (!file) throw new Error('bench/sql-capture.cjs needs BENCH_SQL_LOG (the file to append the queries to)');

let recording = false;
let nextConnection = 1;
const connectionIds = new WeakMap();
const now = () => Number(process.hrtime.bigint()) / 1e6;

// Told over the IPC channel the benchmark opens (a signal would not do: NestJS's shutdown hooks stop the
// process on SIGUSR2). The channel must not keep the process alive.
if (!process.send) throw new Error('bench/sql-capture.cjs needs an IPC channel (spawn with stdio "ipc")');
process.channel.unref();
process.on('message', (message) => {
  if (message === null || typeof message !== 'object' || typeof message.benchSqlCapture !== 'boolean') return;
  recording = message.benchSqlCapture;
  appendFileSync(file, JSON.stringify({ recording }) + '\n');
});

const encode = (v) => {
  const p = prepareValue(v);
  return Buffer.isBuffer(p) ? { base64: p.toString('base64') } : p;
};

const original = pg.Client.prototype.query;
pg.Client.prototype.query = function query(config, values, callback) {
  const isText = typeof config === 'string';
  const isConfig = config !== null && typeof config === 'object' && typeof config.text === 'string' && !config.submit;
  if (!recording || !(isText || isConfig)) return original.call(this, config, values, callback);
  if (!connectionIds.has(this)) connectionIds.set(this, nextConnection++);
  const text = isText ? config : config.text;
  const params = Array.isArray(values) ? values : isConfig ? config.values : undefined;
  const entry = { connection: connectionIds.get(this), start: now(), text, values: (params ?? []).map(encode) };
  const done = () => {
    entry.end = now();
    appendFileSync(file, JSON.stringify(entry) + '\n');
  };
  if (typeof values === 'function' || typeof callback === 'function') {
    const cb = typeof values === 'function' ? values : callback;
    const wrapped = (err, res) => {
      done();
      cb(err, res);
    };
    return typeof values === 'function'
      ? original.call(this, config, wrapped)
      : original.call(this, config, values, wrapped);
  }
  const result = original.call(this, config, values);
  if (result && typeof result.then === 'function') result.then(done, done);
  return result;
};
