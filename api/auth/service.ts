// Users, passwords and sessions. Passwords: scrypt (node:crypto) with a per-user salt. Sessions:
// a random token in an httpOnly cookie; only its sha256 is stored. Looked-up sessions are kept in
// memory by token (this process is the store's only writer, so the cache cannot go stale unnoticed;
// keyed by the token itself, a cached request costs no hashing).
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { Store, UsersTable, Role } from '../database.ts';
import { AppError, msg, errors } from '../messages.ts';
import { settings } from '../settings.ts';
import type { Principal } from '../scope.ts';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;
const scryptParams = { N: 16384, r: 8, p: 1 };
const keyLength = 64;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, keyLength, scryptParams);
  return `scrypt$${scryptParams.N}$${scryptParams.r}$${scryptParams.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt') return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return crypto.timingSafeEqual(key, expected);
}

/** Compared against when the username is unknown, so timing does not reveal which names exist. */
const dummyHash = hashPassword(crypto.randomBytes(12).toString('hex'));

export function checkPasswordStrength(password: string): void {
  if (password.length < settings.passwordMinLength || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw new AppError(400, 'weak_password', msg('weakPassword', { min: settings.passwordMinLength }), 'password');
  }
}

/** A password that passes checkPasswordStrength, for generated accounts. */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  const bytes = crypto.randomBytes(14);
  let s = '';
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return s.slice(0, 6) + String(2 + (bytes[0] % 8)) + s.slice(6) + 'a';
}

const sha256 = (t: string) => crypto.createHash('sha256').update(t).digest('hex');

export function toPrincipal(u: UsersTable): Principal {
  return { id: u.id, username: u.username, role: u.role, scope: JSON.parse(u.scope) as string[] };
}

interface CachedSession {
  principal: Principal;
  expiresAt: number;
}

export class AuthService {
  private sessions = new Map<string, CachedSession | null>();

  constructor(
    private store: Store,
    private now: () => Date,
  ) {}

  async createUser(input: { username: string; password: string; role: Role; scope: string[]; createdBy: string | null }): Promise<UsersTable> {
    const existing = await this.store.db.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (existing) throw new AppError(409, 'user_exists', msg('userExists', { username: input.username }), 'username');
    const at = this.now().toISOString();
    const row: UsersTable = {
      id: crypto.randomUUID(),
      username: input.username,
      password_hash: await hashPassword(input.password),
      role: input.role,
      scope: JSON.stringify(input.scope),
      disabled: false,
      failed_logins: 0,
      locked_until: null,
      created_at: at,
      created_by: input.createdBy,
      password_changed_at: at,
    };
    await this.store.db.insertInto('users').values(row).execute();
    return row;
  }

  async listUsers(): Promise<Omit<UsersTable, 'password_hash'>[]> {
    return this.store.db
      .selectFrom('users')
      .select(['id', 'username', 'role', 'scope', 'disabled', 'failed_logins', 'locked_until', 'created_at', 'created_by', 'password_changed_at'])
      .orderBy('username')
      .execute();
  }

  async updateUser(id: string, patch: { role?: Role; scope?: string[]; disabled?: boolean; password?: string; unlock?: boolean }): Promise<void> {
    const set: Partial<UsersTable> = {};
    if (patch.role) set.role = patch.role;
    if (patch.scope) set.scope = JSON.stringify(patch.scope);
    if (patch.disabled !== undefined) set.disabled = patch.disabled;
    if (patch.password) {
      set.password_hash = await hashPassword(patch.password);
      set.password_changed_at = this.now().toISOString();
    }
    if (patch.unlock) Object.assign(set, { failed_logins: 0, locked_until: null });
    const r = await this.store.db.updateTable('users').set(set).where('id', '=', id).executeTakeFirst();
    if (!r.numUpdatedRows) throw errors.notFound();
    // Role, scope or password changed: every session of the user must be looked up again (or end).
    if (patch.password || patch.disabled) await this.store.db.deleteFrom('sessions').where('user_id', '=', id).execute();
    this.sessions.clear();
  }

  /** Checks the password, applying the lockout; returns a new session token. */
  async login(username: string, password: string): Promise<{ token: string; principal: Principal; expiresAt: Date }> {
    const user = await this.store.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    const now = this.now();
    if (!user) {
      await verifyPassword(password, await dummyHash);
      throw new AppError(401, 'bad_credentials', msg('badCredentials'));
    }
    if (user.locked_until && new Date(user.locked_until) > now) {
      throw new AppError(423, 'locked', msg('locked', { until: formatLocal(new Date(user.locked_until)) }));
    }
    const ok = await verifyPassword(password, user.password_hash);
    if (!ok) {
      const failures = user.failed_logins + 1;
      const lock = failures >= settings.lockoutFailures;
      await this.store.db
        .updateTable('users')
        .set(lock ? { failed_logins: 0, locked_until: new Date(now.getTime() + settings.lockoutMinutes * 60_000).toISOString() } : { failed_logins: failures })
        .where('id', '=', user.id)
        .execute();
      throw new AppError(401, 'bad_credentials', msg('badCredentials'));
    }
    if (user.disabled) throw new AppError(403, 'disabled', msg('disabled'));
    if (user.failed_logins || user.locked_until) {
      await this.store.db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    }
    // Expired sessions are of no use to anyone: cleared at each login.
    await this.store.db.deleteFrom('sessions').where('expires_at', '<', now.toISOString()).execute();
    const token = crypto.randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + settings.sessionHours * 3600_000);
    await this.store.db
      .insertInto('sessions')
      .values({ id: sha256(token), user_id: user.id, created_at: now.toISOString(), expires_at: expiresAt.toISOString(), last_seen_at: now.toISOString() })
      .execute();
    return { token, principal: toPrincipal(user), expiresAt };
  }

  /** The principal of a session token, or undefined when unknown, expired or disabled. */
  async authenticate(token: string | undefined): Promise<Principal | undefined> {
    if (!token || token.length > 200) return undefined;
    let s = this.sessions.get(token);
    if (s === undefined) {
      const id = sha256(token);
      const row = await this.store.db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('users')
        .select(['sessions.expires_at'])
        .where('sessions.id', '=', id)
        .executeTakeFirst();
      s = row && !row.disabled ? { principal: toPrincipal(row), expiresAt: Date.parse(row.expires_at) } : null;
      if (this.sessions.size > 10_000) this.sessions.clear();
      this.sessions.set(token, s);
    }
    if (!s) return undefined;
    if (s.expiresAt <= this.now().getTime()) {
      this.sessions.delete(token);
      await this.store.db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
      return undefined;
    }
    return s.principal;
  }

  async logout(token: string | undefined): Promise<void> {
    if (!token) return;
    this.sessions.delete(token);
    await this.store.db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
  }

  async changePassword(p: Principal, oldPassword: string, newPassword: string): Promise<void> {
    const user = await this.store.db.selectFrom('users').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
    if (!(await verifyPassword(oldPassword, user.password_hash))) throw new AppError(400, 'wrong_password', msg('wrongPassword'), 'old_password');
    checkPasswordStrength(newPassword);
    await this.updateUser(p.id, { password: newPassword });
  }

  async hasUsers(): Promise<boolean> {
    return !!(await this.store.db.selectFrom('users').select('id').limit(1).executeTakeFirst());
  }
}

function formatLocal(d: Date): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(d);
}
