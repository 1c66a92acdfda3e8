// SPDX-License-Identifier: MIT
// Starts and stops a throwaway `manyi serve` for one test file: a fresh temp dir with its own
// SQLite store, a free loopback port, and the CLI (`manyi tenant add`, `manyi user add`) against
// the same store.
import { spawn, execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ADMIN_PASSWORD = 'Adm1n-pass-满意-2026';

export function manyiBin() {
  const bin = process.env.MANYI_BIN;
  if (!bin) throw new Error('MANYI_BIN is not set (path to the manyi executable)');
  if (!existsSync(bin)) throw new Error(`MANYI_BIN ${bin} does not exist`);
  return bin;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function tempRoot() {
  const base = process.env.MANYI_TEST_TMP || os.tmpdir();
  mkdirSync(base, { recursive: true });
  return mkdtempSync(path.join(base, 'manyi-api-'));
}

/** Runs the manyi CLI with extra env; resolves {code, stdout, stderr}. */
export function runCli(args, { env = {}, input, timeout = 30000 } = {}) {
  return new Promise((resolve) => {
    const child = execFile(manyiBin(), args, { env: { ...process.env, ...env }, timeout },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
      });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

/**
 * The store a test server uses: a fresh SQLite file, or — when MANYI_PG_URL_FILE names the URL
 * file of the throwaway PostgreSQL cluster (tests/store/pg_cluster.sh) — a fresh database in it,
 * so that the same API suite runs on both engines (CTest's api-pg/* tests).
 */
let pgDatabases = 0;
function storeUrl(dir) {
  const urlFile = process.env.MANYI_PG_URL_FILE;
  if (!urlFile) return `sqlite:${path.join(dir, 'manyi.db')}`;
  const base = readFileSync(urlFile, 'utf8').trim();
  const name = `manyi_api_${process.pid}_${++pgDatabases}`;
  execFileSync('psql', [base, '-q', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${name}`]);
  return `${base}&dbname=${name}`;
}

export class Server {
  constructor() {
    this.dir = tempRoot();
    this.dbPath = path.join(this.dir, 'manyi.db');
    this.db = storeUrl(this.dir);
    this.stderr = '';
    this.proc = null;
    this.exit = null;
  }

  get url() { return `http://127.0.0.1:${this.port}`; }

  env(extra = {}) {
    return { MANYI_DB: this.db, ...extra };
  }

  async start({ timeoutMs = 20000, env = {} } = {}) {
    let lastErr;
    for (let attempt = 0; attempt < 3; attempt++) {
      this.port = await freePort();
      try {
        await this.#spawn(timeoutMs, env);
        return this;
      } catch (e) {
        lastErr = e;
        if (!/address already in use|EADDRINUSE|bind/i.test(this.stderr)) break;
      }
    }
    throw lastErr;
  }

  #spawn(timeoutMs, env) {
    this.stderr = '';
    this.exit = null;
    const bin = manyiBin();
    const child = spawn(bin, ['serve'], {
      env: {
        ...process.env,
        MANYI_LISTEN: `127.0.0.1:${this.port}`,
        MANYI_DB: this.db,
        MANYI_ADMIN_PASSWORD: ADMIN_PASSWORD,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = child;
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => { this.exit = { code, signal }; resolve(this.exit); });
    });
    child.stdout.on('data', (d) => { this.stdout = (this.stdout || '') + d; });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`manyi serve did not print "listening on" within ${timeoutMs} ms; stderr:\n${this.stderr}`));
      }, timeoutMs);
      child.stderr.on('data', (d) => {
        this.stderr += d;
        const m = /listening on http:\/\/([^\s:]+):(\d+)/.exec(this.stderr);
        if (m) {
          clearTimeout(timer);
          if (Number(m[2]) !== this.port) {
            reject(new Error(`server listens on ${m[2]}, asked for ${this.port}`));
          } else resolve();
        }
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`manyi serve exited early (code ${code}, signal ${signal}); stderr:\n${this.stderr}`));
      });
    });
  }

  /** SIGTERM; resolves {code, signal}. Throws after timeoutMs (and kills with SIGKILL). */
  async stop(timeoutMs = 15000) {
    if (!this.proc) return { code: 0, signal: null };
    if (this.exit) return this.exit;
    this.proc.kill('SIGTERM');
    let timer;
    const res = await Promise.race([
      this.exited,
      new Promise((resolve) => { timer = setTimeout(() => resolve(null), timeoutMs); }),
    ]);
    clearTimeout(timer);
    if (!res) {
      this.proc.kill('SIGKILL');
      await this.exited;
      throw new Error(`manyi serve did not exit within ${timeoutMs} ms of SIGTERM`);
    }
    return res;
  }

  /** Removes the temp dir unless MANYI_KEEP_TMP is set; keeps the server log beside it. */
  cleanup(keep = false) {
    if (keep || process.env.MANYI_KEEP_TMP) {
      try { writeFileSync(path.join(this.dir, 'server.stderr.log'), this.stderr); } catch { /* */ }
      return;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  cli(args, opts = {}) {
    return runCli(args, { ...opts, env: { ...this.env(), ...(opts.env || {}) } });
  }

  /** `manyi tenant add` → the new tenant id. */
  async addTenant(name, timezone = 'Asia/Shanghai') {
    const r = await this.cli(['tenant', 'add', '--name', name, '--timezone', timezone]);
    if (r.code !== 0) throw new Error(`manyi tenant add failed (${r.code}): ${r.stderr}`);
    const id = Number(r.stdout.trim().split(/\s+/).pop());
    if (!Number.isInteger(id) || id < 1) throw new Error(`manyi tenant add printed ${JSON.stringify(r.stdout)}`);
    return id;
  }

  /** `manyi user add` → the new user id. */
  async addUser({ tenant, username, role, password, store, department, displayName }) {
    const args = ['user', 'add', '--tenant', String(tenant), '--username', username, '--role', role];
    if (store) args.push('--store', String(store));
    if (department) args.push('--department', String(department));
    if (displayName) args.push('--display-name', displayName);
    const r = await this.cli(args, { env: { MANYI_PASSWORD: password } });
    if (r.code !== 0) throw new Error(`manyi user add failed (${r.code}): ${r.stderr}`);
    const id = Number(r.stdout.trim().split(/\s+/).pop());
    if (!Number.isInteger(id) || id < 1) throw new Error(`manyi user add printed ${JSON.stringify(r.stdout)}`);
    return id;
  }
}

/** `manyi routes` → ["GET /healthz", …] (normalised: one space, method upper case). */
export async function serverRoutes() {
  const r = await runCli(['routes']);
  if (r.code !== 0) throw new Error(`manyi routes failed (${r.code}): ${r.stderr}`);
  const routes = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const m = /^([A-Za-z]+)\s+(\S+)$/.exec(l);
    if (!m) throw new Error(`manyi routes printed an unparsable line: ${JSON.stringify(l)}`);
    return `${m[1].toUpperCase()} ${m[2]}`;
  });
  if (routes.length === 0) throw new Error('manyi routes printed nothing');
  return routes;
}
