import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src-main/core/settings';
import { freshCores } from '../helpers/core';

const cores = freshCores();
const setup = () => cores.open().core;

describe('settings', () => {
  it('starts from the defaults and keeps what is saved', () => {
    const core = setup();
    expect(core.settings.get()).toEqual(defaultSettings);
    expect(defaultSettings).toMatchObject({ gatewayPoolSize: 2, gatewayPoolIdleSeconds: 60 });
    const next = core.settings.update({ defaultRateLimit: { limit: 5, window: 'second' }, auditRetentionDays: 7 });
    expect(next).toMatchObject({ defaultRateLimit: { limit: 5, window: 'second' }, auditRetentionDays: 7, auditStoreArguments: false });
    expect(core.settings.get()).toEqual(next);
  });

  it('ignores hand-edited rows that are not valid, keeping the default for them', () => {
    const core = setup();
    const put = core.db.prepare('INSERT OR REPLACE INTO settings (key, value, updated_at) VALUES (?, ?, 0)');
    put.run('defaultRateLimit', '{"limit": -3, "window": "minute"}');
    put.run('auditRetentionDays', 'not json');
    put.run('maxMessageBytes', '12');
    put.run('gatewayPoolSize', '0');
    put.run('gatewayPoolIdleSeconds', '1.5');
    put.run('toolRateLimits', '[{"pattern": "fs:*", "limit": 2, "window": "hour"}]');
    expect(core.settings.get()).toEqual({ ...defaultSettings, toolRateLimits: [{ pattern: 'fs:*', limit: 2, window: 'hour' }] });
  });

  it('hands hot paths the same object until something changes', () => {
    const core = setup();
    const a = core.settings.current(0);
    expect(core.settings.current(0)).toBe(a);
    core.settings.update({ auditStoreArguments: true });
    expect(core.settings.current(0)).not.toBe(a);
    expect(core.settings.current(0).auditStoreArguments).toBe(true);
  });
});
