// End to end in real Chromium against the real server on small demo data (as_of 2025-06-30):
// what each role sees, the rotation list filtered and exported (the workbook holds the rows shown),
// a profile opened from the list, a pool entry confirmed by a leader, a bad upload and the
// data-quality report of an analyst, the admin's audit log. Every page is saved as a screenshot.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, createUsers, launch, withSession, settled, shot, apiJson, apiLogin, PASSWORD, type Server, type Users } from './harness.ts';

// Slow steps (a refresh through the UI, ten pages per role) get room when the machine is busy.
vi.setConfig({ testTimeout: 240_000 });

let server: Server;
let users: Users;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  users = await createUsers(server.url);
  browser = await launch();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const allPages = ['/', '/rotation', '/promotion', '/training', '/pools', '/ninebox', '/structure', '/recruitment', '/refresh', '/admin', '/changes'];
const navPages = allPages.filter((p) => p !== '/changes');
const visible: Record<string, string[]> = {
  e2e_hr: ['/', '/rotation', '/promotion', '/training', '/pools', '/ninebox', '/structure', '/recruitment', '/changes'],
  e2e_leader: ['/', '/rotation', '/promotion', '/training', '/pools', '/ninebox', '/structure', '/recruitment', '/changes'],
  e2e_analyst: ['/', '/structure', '/recruitment', '/refresh'],
  admin: allPages,
};
const roleLabel: Record<string, string> = { e2e_hr: '人事干部', e2e_leader: '局领导', e2e_analyst: '数据分析员', admin: '系统管理员' };

async function navLinks(page: Page): Promise<string[]> {
  return page.$$eval('nav.side a', (as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href') ?? ''));
}

async function readXlsx(file: string): Promise<{ headers: string[]; rows: Record<string, unknown>[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  const headers = (ws.getRow(1).values as unknown[]).slice(1).map((v) => String(v ?? ''));
  const rows: Record<string, unknown>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const vals = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(headers.map((h, i) => [h, vals[i] instanceof Object && 'text' in (vals[i] as object) ? (vals[i] as { text: string }).text : vals[i]])));
  });
  return { headers, rows };
}

describe('roles: what each one sees', () => {
  for (const username of Object.keys(visible)) {
    it(`${username} sees name, role and scope, and only the pages of the role`, async () => {
      await withSession(browser, server.url, username, async ({ page, errors }) => {
        await expect.poll(() => page.textContent('[data-testid=who-role]')).toBe(roleLabel[username]);
        expect(await page.textContent('[data-testid=who-name]')).toBe(username);
        await expect.poll(() => page.textContent('[data-testid=who-scope]')).toContain(username === 'e2e_hr' ? users.district.unit_name : '全市');
        expect((await navLinks(page)).sort()).toEqual(visible[username].filter((p) => navPages.includes(p)).sort());
        for (const p of allPages) {
          await page.goto(server.url + p);
          await settled(page);
          const forbidden = await page.$('[data-testid=forbidden]');
          if (visible[username].includes(p)) {
            expect(forbidden, `${username} should open ${p}`).toBeNull();
            // No raw JSON and no blank page: the heading is there and no "{"-prefixed text dump.
            expect((await page.textContent('main h1'))?.length ?? 0).toBeGreaterThan(0);
            expect(await page.$$eval('main', (m) => m.map((x) => x.textContent ?? '').join('').trim().startsWith('{'))).toBe(false);
          } else {
            expect(forbidden, `${username} must not open ${p}`).not.toBeNull();
          }
          await shot(page, `${username.replace('e2e_', '')}${p === '/' ? '-overview' : p.replace(/\//g, '-')}`);
        }
        expect(errors).toEqual([]);
      });
    });
  }

  it('an analyst never receives named people: person lists answer 403 and the page says so', async () => {
    await withSession(browser, server.url, 'e2e_analyst', async ({ page }) => {
      const status = await page.evaluate(async () => (await fetch('/api/rotation/due')).status);
      expect(status).toBe(403);
      await page.goto(`${server.url}/staff/anyone`);
      await page.waitForSelector('[data-testid=forbidden]');
    });
  });

  it('logout ends the session: the next page asks for a login', async () => {
    await withSession(browser, server.url, 'e2e_leader', async ({ page }) => {
      await page.click('[data-testid=logout]');
      await page.waitForURL((u) => u.pathname === '/login');
      await page.goto(`${server.url}/rotation`);
      await page.waitForURL((u) => u.pathname === '/login');
      expect(await page.$('input[name=username]')).not.toBeNull();
    });
  });

  it('a wrong password shows a Chinese error and stays on the login page', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    try {
      await page.goto(`${server.url}/login`);
      await page.fill('input[name=username]', 'e2e_hr');
      await page.fill('input[name=password]', 'wrong-password-1');
      await page.click('button[type=submit]');
      const msg = await page.waitForSelector('[data-testid=login-error]');
      expect(await msg.textContent()).toMatch(/[\u4e00-\u9fff]/);
      expect(new URL(page.url()).pathname).toBe('/login');
    } finally {
      await ctx.close();
    }
  });
});

describe('overview', () => {
  it('shows headline figures for the scope, each linking to its list, and the last refresh', async () => {
    await withSession(browser, server.url, 'e2e_hr', async ({ page }) => {
      await settled(page);
      const headcount = await page.textContent('[data-testid=kpi-headcount] .k-value');
      expect(headcount).toMatch(/^\d[\d,]*$/);
      expect(await page.textContent('[data-testid=kpi-avg_age] .k-value')).toMatch(/^\d+\.\d 岁$/);
      // the server's first snapshot compared with nothing: no change counts, a note instead
      expect(await page.textContent('[data-testid=changes-first]')).toContain('还没有可比较的上次数据');
      expect(await page.$('[data-testid^=change-]')).toBeNull();
      const reached = await page.$('[data-testid=kpi-rotation_reached]');
      const n = Number((await reached!.textContent())!.replace(/[^\d]/g, ''));
      await Promise.all([page.waitForURL(/\/rotation\?status=reached/), reached!.click()]);
      await settled(page);
      expect(Number((await page.textContent('.pager span'))!.replace(/[^\d]/g, ''))).toBe(n);
      await page.goto(`${server.url}/`);
      await settled(page);
      expect(await page.textContent('[data-testid=last-run]')).toContain('2025-06-30');
    });
  });
});

describe('hr: rotation list, export, profile', () => {
  it('filters the due list to "reached"; the export holds exactly the filtered rows; only the own district appears', async () => {
    await withSession(browser, server.url, 'e2e_hr', async ({ page }) => {
      await page.goto(`${server.url}/rotation`);
      await settled(page);
      await page.selectOption('select[name=status]', 'reached');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('status') === 'reached');
      await settled(page);
      const table = await page.waitForSelector('[data-testid=rotation-table]');
      const statuses = await table.$$eval('tbody tr td:nth-child(9)', (tds) => tds.map((td) => td.textContent?.trim()));
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set(['已满期']));
      const districts = await table.$$eval('tbody tr td:nth-child(3)', (tds) => tds.map((td) => td.textContent?.trim()));
      expect(new Set(districts)).toEqual(new Set([users.district.district]));
      const names = await table.$$eval('tbody tr td:first-child', (tds) => tds.map((td) => td.textContent?.trim() ?? ''));
      const total = Number((await page.textContent('.pager span'))!.replace(/[^\d]/g, ''));
      await shot(page, 'hr-rotation-reached');

      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export]')]);
      const file = path.join(server.dataDir, 'export.xlsx');
      await download.saveAs(file);
      const { headers, rows } = await readXlsx(file);
      expect(headers).toContain('姓名');
      expect(rows).toHaveLength(total);
      const exported = rows.map((r) => String(r['姓名']));
      // The first page shown is the start of the exported list, in the same order.
      expect(exported.slice(0, names.length)).toEqual(names);
      const statusHeader = headers.find((h) => /状态/.test(h));
      if (statusHeader) expect(new Set(rows.map((r) => String(r[statusHeader])))).not.toContain('approaching');
    });
  });

  it('sorts from the keyboard and prints without navigation or filters', async () => {
    await withSession(browser, server.url, 'e2e_hr_city', async ({ page }) => {
      await page.goto(`${server.url}/rotation`);
      await settled(page);
      await page.focus('[data-testid=rotation-table] th button.sort:has-text("满期日期")');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('sort') === 'due_date');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('sort') === '-due_date');
      await settled(page);
      const dates = await page.$$eval('[data-testid=rotation-table] tbody tr td:nth-child(8)', (tds) => tds.map((td) => td.textContent?.trim() ?? ''));
      expect(dates.length).toBeGreaterThan(1);
      expect([...dates].sort().reverse()).toEqual(dates);
      expect(dates.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))).toBe(true);
      await page.emulateMedia({ media: 'print' });
      expect(await page.isVisible('nav.side')).toBe(false);
      expect(await page.isVisible('form.filters')).toBe(false);
      expect(await page.isVisible('[data-testid=rotation-table]')).toBe(true);
      // Column headings stay readable on paper (they are sort buttons on screen).
      expect(await page.isVisible('[data-testid=rotation-table] th button.sort:has-text("满期日期")')).toBe(true);
      expect(await page.isVisible('[data-testid=rotation-table] th .arrow')).toBe(false);
      await shot(page, 'hr-rotation-print');
    });
  });

  it('moves between tabs with the arrow keys, Home and End; only the selected tab is a Tab stop', async () => {
    await withSession(browser, server.url, 'e2e_hr_city', async ({ page }) => {
      await page.goto(`${server.url}/pools`);
      await settled(page);
      const selected = () => page.$eval('[role=tab][aria-selected=true]', (el) => el.getAttribute('data-tab'));
      const order = await page.$$eval('[role=tab]', (els) => els.map((el) => el.getAttribute('data-tab')));
      expect(order.length).toBeGreaterThan(2);
      await page.focus('[role=tab][aria-selected=true]');
      const start = order.indexOf(await selected());
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction((want) => document.activeElement?.getAttribute('data-tab') === want && document.activeElement?.getAttribute('aria-selected') === 'true', order[(start + 1) % order.length]);
      await page.keyboard.press('End');
      await page.waitForFunction((want) => document.querySelector('[role=tab][aria-selected=true]')?.getAttribute('data-tab') === want, order[order.length - 1]);
      await page.keyboard.press('Home');
      await page.waitForFunction((want) => document.querySelector('[role=tab][aria-selected=true]')?.getAttribute('data-tab') === want, order[0]);
      await page.keyboard.press('ArrowLeft');
      await page.waitForFunction((want) => document.querySelector('[role=tab][aria-selected=true]')?.getAttribute('data-tab') === want, order[order.length - 1]);
      expect(await page.$$eval('[role=tab]', (els) => els.map((el) => (el as HTMLElement).tabIndex).sort())).toEqual([...Array(order.length - 1).fill(-1), 0]);
    });
  });

  it('opens a profile from the list: master data with the id number masked, scores, timeline', async () => {
    await withSession(browser, server.url, 'e2e_hr_city', async ({ page, errors }) => {
      await page.goto(`${server.url}/rotation`);
      await settled(page);
      const link = await page.waitForSelector('[data-testid=rotation-table] tbody tr td:first-child a');
      const name = (await link.textContent())!.trim();
      await Promise.all([page.waitForURL(/\/staff\//), link.click()]);
      await settled(page);
      expect(await page.textContent('[data-testid=profile-name]')).toContain(name);
      const id = (await page.textContent('[data-testid=id-number]'))!.trim();
      expect(id === '—' || /^\d{6}\*{8}\d{3}[\dX]$/.test(id)).toBe(true);
      expect(await page.$$eval('[data-testid=timeline] li', (li) => li.length)).toBeGreaterThan(0);
      await shot(page, 'hr-profile');
      expect(errors).toEqual([]);
    });
  });

  it('records a rotation decision inline and shows it in the history', async () => {
    await withSession(browser, server.url, 'e2e_hr_city', async ({ page }) => {
      await page.goto(`${server.url}/rotation`);
      await settled(page);
      const row = await page.waitForSelector('[data-testid=rotation-table] tbody tr');
      await (await row.$('button.link:has-text("填写")'))!.click();
      await page.selectOption('.editor select[name=decision]', 'deferred');
      await page.fill('.editor input[name=reason]', '工作需要，暂缓一年');
      await page.click('.editor button[type=submit]');
      await page.waitForSelector('[data-testid=rotation-table] .msg-ok');
      expect(await row.textContent()).toContain('暂缓交流');
      await (await row.$('button.link:has-text("历史")'))!.click();
      const hist = await page.waitForSelector('[data-testid=decision-history] li');
      expect(await hist.textContent()).toContain('工作需要，暂缓一年');
    });
  });
});

describe('leader: talent pools', () => {
  it('confirms a pool entry; the person then appears among the members', async () => {
    await withSession(browser, server.url, 'e2e_leader', async ({ page }) => {
      // Before any confirmation the pools are empty, and the page says where members come from.
      await page.goto(`${server.url}/pools`);
      await settled(page);
      const candidates = (await (await page.request.get(`${server.url}/api/pools/candidates?action=enter&page_size=1`)).json()) as { total: number };
      expect(candidates.total).toBeGreaterThan(0);
      expect(await page.textContent('.state.empty')).toBe(`人才库中还没有在库人员：「拟入库」中的 ${candidates.total} 人次经局领导确认后入库。`);
      await page.goto(`${server.url}/pools?tab=enter`);
      await settled(page);
      const btn = await page.waitForSelector('[data-testid=confirm-pool]');
      const row = (await btn.evaluateHandle((b) => b.closest('tr')!)).asElement()!;
      const name = (await row.$eval('td:first-child', (td) => td.textContent?.trim()))!;
      const pool = (await row.$eval('td:nth-child(4)', (td) => td.textContent?.trim()))!;
      await btn.click();
      await row.waitForSelector('.badge.good');
      await shot(page, 'leader-pools-confirmed');
      await page.click('button[data-tab=members]');
      await settled(page);
      const members = await page.$$eval('[data-testid=pools-table] tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
      expect(members.some((m) => m.includes(name) && m.includes(pool))).toBe(true);
    });
  });

  it('9-box: box counts add up, and a clicked box lists exactly its people', async () => {
    await withSession(browser, server.url, 'e2e_leader', async ({ page }) => {
      await page.goto(`${server.url}/ninebox`);
      await settled(page);
      const counts = await page.$$eval('.nb .cell', (cells) => cells.map((c) => ({ box: Number((c as HTMLElement).dataset.box), n: Number(c.querySelector('.c')?.textContent?.replace(/[^\d]/g, '') ?? 0) })));
      expect(counts).toHaveLength(9);
      // the scatter beside the grid draws people from every box that has any
      await page.waitForSelector('.vega-embed svg [role=graphics-symbol]');
      const drawn = await page.$$eval('.vega-embed svg [role=graphics-symbol]', (ps) => ps.map((p) => /九宫格位置: (\d)/.exec(p.getAttribute('aria-label') ?? '')?.[1]).filter(Boolean).map(Number));
      expect(new Set(drawn)).toEqual(new Set(counts.filter((c) => c.n > 0).map((c) => c.box)));
      const fullest = counts.reduce((a, b) => (b.n > a.n ? b : a));
      expect(fullest.n).toBeGreaterThan(0);
      await page.click(`.nb .cell[data-box="${fullest.box}"]`);
      await page.waitForSelector('[data-testid=ninebox-table]');
      await settled(page);
      const boxes = await page.$$eval('[data-testid=ninebox-table] tbody tr td:last-child', (tds) => tds.map((td) => Number(td.textContent)));
      expect(new Set(boxes)).toEqual(new Set([fullest.box]));
      const total = Number((await page.textContent('.pager span'))!.replace(/[^\d]/g, ''));
      expect(total).toBe(fullest.n);
      await shot(page, 'leader-ninebox-box');
    });
  });

  it('an hr officer sees the candidates but cannot confirm', async () => {
    await withSession(browser, server.url, 'e2e_hr_city', async ({ page }) => {
      await page.goto(`${server.url}/pools?tab=enter`);
      await settled(page);
      expect(await page.$('[data-testid=confirm-pool]')).toBeNull();
      expect(await page.textContent('main')).toContain('仅局领导可确认');
    });
  });
});

describe('analyst: upload and data-quality report', () => {
  it('a file that is not what its name says is refused with a clear message', async () => {
    await withSession(browser, server.url, 'e2e_analyst', async ({ page }) => {
      await page.goto(`${server.url}/refresh`);
      await settled(page);
      await page.setInputFiles('input[name=files]', { name: '人员.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from('这不是 Excel 文件') });
      await page.click('[data-testid=start-refresh]');
      const err = await page.waitForSelector('[role=alert].msg-bad');
      expect(await err.textContent()).toMatch(/[\u4e00-\u9fff]/);
      await shot(page, 'analyst-refresh-bad-file');
    });
  });

  it('uploads source files with bad rows: live progress, rejects grouped by file and reason, error workbook', async () => {
    await withSession(browser, server.url, 'e2e_analyst', async ({ page }) => {
      await page.goto(`${server.url}/refresh`);
      await settled(page);
      // Before the upload: the current snapshot's own report (the demo has rows wrong on purpose).
      expect(await page.$$eval('[data-testid=current-reject-groups] tbody tr', (trs) => trs.length)).toBeGreaterThan(0);
      const files = fs.readdirSync(server.demoDir).filter((f) => /\.(csv|xlsx)$/i.test(f)).map((f) => path.join(server.demoDir, f));
      expect(files.length).toBeGreaterThan(3);
      await page.setInputFiles('input[name=files]', files);
      await page.fill('input[name=as_of]', '2025-06-30');
      await page.press('input[name=as_of]', 'Enter');
      await page.click('[data-testid=start-refresh]');
      const started = await page.waitForSelector('[data-testid=progress], [role=alert].msg-bad');
      expect(await started.getAttribute('data-testid'), (await started.textContent()) ?? '').toBe('progress');
      await page.waitForSelector('[data-testid=progress]', { state: 'detached', timeout: 180_000 });
      await settled(page);
      const status = await page.waitForSelector('[data-testid=report-status]');
      expect(await status.textContent()).toBe('已发布');
      const groups = await page.$$eval('[data-testid=reject-groups] tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.trim() ?? '')));
      expect(groups.length).toBeGreaterThan(0);
      const shownTotal = groups.reduce((n, g) => n + Number(g[2].replace(/[^\d]/g, '')), 0);
      await shot(page, 'analyst-refresh-report');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-errors]')]);
      const file = path.join(server.dataDir, 'errors.xlsx');
      await download.saveAs(file);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const headerCells = wb.worksheets.flatMap((ws) => (ws.getRow(1).values as unknown[]).map((v) => String(v ?? '')));
      expect(headerCells.some((h) => h.includes('错误原因'))).toBe(true);
      const dataRows = wb.worksheets.reduce((n, ws) => n + Math.max(0, ws.actualRowCount - 1), 0);
      expect(dataRows).toBeGreaterThan(0);
      expect(dataRows).toBeLessThanOrEqual(shownTotal);
    });
  });
});

describe('analyst: a refresh that fails', () => {
  it('leaves the data as it was, and the overview says so beside the snapshot still shown', async () => {
    await withSession(browser, server.url, 'e2e_analyst', async ({ page }) => {
      await page.goto(`${server.url}/refresh`);
      await settled(page);
      // one staff row of three with an impossible birth date: over the allowed share of rejects
      const staff = '人员编号,姓名,性别,出生日期,学历,进入系统时间,人员类别,人员状态\nS1,张一,男,1985-03-01,本科,2010-01-01,行政执法类公务员,在职\nS2,张二,男,1985-13-01,本科,2010-01-01,行政执法类公务员,在职\nS3,张三,女,1986-01-01,本科,2010-01-01,行政执法类公务员,在职\n';
      await page.setInputFiles('input[name=files]', [
        { name: '机构.csv', mimeType: 'text/csv', buffer: Buffer.from('机构代码,机构名称,机构类型\nU0,市局,市局\n') },
        { name: '人员.csv', mimeType: 'text/csv', buffer: Buffer.from(staff) },
        { name: '任职.csv', mimeType: 'text/csv', buffer: Buffer.from('人员编号,机构代码,职务,任职日期\nS1,U0,队员,2010-01-01\n') },
      ]);
      await page.click('[data-testid=start-refresh]');
      const started = await page.waitForSelector('[data-testid=progress], [role=alert].msg-bad');
      expect(await started.getAttribute('data-testid'), (await started.textContent()) ?? '').toBe('progress');
      await page.waitForSelector('[data-testid=progress]', { state: 'detached', timeout: 120_000 });
      await settled(page);
      await page.waitForFunction(() => document.querySelector('[data-testid=report-status]')?.textContent === '失败');
      const asOf = (await (await fetch(`${server.url}/api/health`)).json()) as { as_of: string; run_id: string };
      await page.goto(`${server.url}/`);
      await settled(page);
      const block = (await page.textContent('[data-testid=last-run]')) ?? '';
      expect(block).toContain(asOf.as_of);
      expect(block).toContain(asOf.run_id);
      expect(block).toContain('已发布');
      expect(await page.textContent('[data-testid=last-run-failed]')).toMatch(/^最近一次刷新（\d{4}-\d{2}-\d{2} \d{2}:\d{2}）失败，未发布/);
      await shot(page, 'analyst-overview-after-failed-refresh');
    });
  });
});

describe('hr after a second refresh', () => {
  it('sees the changes since the previous snapshot on the overview, each count linking to its list', async () => {
    await withSession(browser, server.url, 'e2e_hr', async ({ page }) => {
      await settled(page);
      expect(await page.$('[data-testid=changes-first]')).toBeNull();
      const kinds = await page.$$eval('[data-testid^=change-]', (as) => as.map((a) => [a.getAttribute('data-testid'), a.getAttribute('href')]));
      expect(kinds).toEqual([
        ['change-due_new', '/changes?change=due_new'],
        ['change-due_off', '/changes?change=due_off'],
        ['change-newly_eligible', '/changes?change=newly_eligible'],
        ['change-gap_new', '/changes?change=gap_new'],
      ]);
    });
  });
});

describe('password change', () => {
  it('an officer changes the password; the new one logs in, the old one no longer does', async () => {
    const next = 'E2e-Changed-Passw0rd-7';
    await withSession(browser, server.url, 'e2e_hr', async ({ page }) => {
      await page.click('button:has-text("修改密码")');
      await page.fill('input[name=old_password]', 'E2e-Passw0rd-2025');
      await page.fill('input[name=new_password]', next);
      await page.fill('input[name=new_password2]', next);
      await page.click('form.pw button[type=submit]');
      const msg = await page.waitForSelector('form.pw [role=status]');
      expect(await msg.textContent()).toBe('密码已修改');
      const login = async (password: string) =>
        (await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify({ username: 'e2e_hr', password }) })).status;
      expect(await login(next)).toBe(200);
      expect(await login('E2e-Passw0rd-2025')).toBe(401);
    });
  });
});

describe('admin: users and audit log', () => {
  it('lists the users and finds the hr officer’s profile views in the audit log', async () => {
    await withSession(browser, server.url, 'admin', async ({ page }) => {
      await page.goto(`${server.url}/admin`);
      await settled(page);
      const usersText = await page.textContent('[data-testid=users-table]');
      for (const u of ['e2e_hr', 'e2e_leader', 'e2e_analyst']) expect(usersText).toContain(u);
      // a new officer scoped by picking the district bureau by name: the list shows it, and so does the officer's own page
      await page.fill('input[name=new_username]', 'e2e_picked');
      await page.fill('input[name=new_password]', PASSWORD);
      await page.selectOption('select[name=scope]', [users.district.unit_id]);
      await page.click('form:has(select[name=scope]) button[type=submit]');
      await page.waitForFunction(() => document.querySelector('[data-testid=users-table]')?.textContent?.includes('e2e_picked'));
      const row = await page.$$eval('[data-testid=users-table] tbody tr', (trs) => trs.map((tr) => tr.textContent ?? '').find((t) => t.includes('e2e_picked')));
      expect(row).toContain(users.district.unit_name);
      expect(await apiJson<{ scope: string[] }>(server.url, await apiLogin(server.url, 'e2e_picked'), '/api/auth/me')).toMatchObject({ scope: [users.district.unit_id] });
      // without the unit tree the picker takes unit codes, as the text field did
      await page.route('**/api/structure/units**', (r) => r.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"unavailable"}}' }));
      await page.reload();
      await settled(page);
      await page.fill('input[name=new_username]', 'e2e_codes');
      await page.fill('input[name=new_password]', PASSWORD);
      await page.fill('input[name=scope]', ` ${users.district.unit_id}， `);
      await page.click('form:has(input[name=scope]) button[type=submit]');
      await page.waitForFunction(() => document.querySelector('[data-testid=users-table]')?.textContent?.includes('e2e_codes'));
      expect(await apiJson<{ scope: string[] }>(server.url, await apiLogin(server.url, 'e2e_codes'), '/api/auth/me')).toMatchObject({ scope: [users.district.unit_id] });
      await page.unroute('**/api/structure/units**');
      await page.goto(`${server.url}/admin?tab=audit&username=e2e_hr_city`);
      await settled(page);
      const rows = await page.$$eval('[data-testid=audit-table] tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.includes('e2e_hr_city'))).toBe(true);
      await shot(page, 'admin-audit');
    });
  });
});
