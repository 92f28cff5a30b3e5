import { describe, expect, it } from 'vitest';
import { inSensorNamespace, NAMESPACE_SCRIPT } from '../../src/adapters/lab/sensor-namespace.js';
import { planLab } from '../../src/adapters/lab/lab-plan.js';
import { serviceArgv } from '../../src/adapters/lab/services.js';
import { sshdConfig } from '../../src/adapters/lab/sshd-config.js';
import { parseGetThrottled, parseMeasureClock, parseMeasureTemp, parseSysfsThrottled } from '../../src/core/health/raspberry-pi.js';
import { parseCpufreqKhz, parseThermalZone } from '../../src/core/health/sysfs.js';
import { throttleLabels } from '../../src/core/health/throttling.js';
import { clockSlowdown, IN_PLACE_FILES, SENSOR_FILES, sensorFileTexts, VCGENCMD_COMMANDS, VCGENCMD_SCRIPT, vcgencmdClock, vcgencmdTemp, vcgencmdThrottled } from '../../src/core/lab/pi-sensor-files.js';
import { cooled, heated, HEAT_BITS, idleReadings, parseSensorState, restingState, throttledNow, UNDERVOLT_BITS, undervolted, type PiReadings } from '../../src/core/lab/pi-sensors.js';

describe('idleReadings', () => {
  it.each([
    { model: 'Pi Zero', index: 0, millidegrees: 45_000, maxKhz: 1_000_000 },
    { model: 'Pi Zero', index: 2, millidegrees: 45_800, maxKhz: 1_000_000 },
    { model: 'Pi 3', index: 3, millidegrees: 56_200, maxKhz: 1_200_000 },
    { model: 'Pi 3', index: 0, millidegrees: 55_000, maxKhz: 1_200_000 },
  ])('$model #$index rests at $millidegrees m°C, full clock $maxKhz kHz, no bits', ({ model, index, millidegrees, maxKhz }) => {
    expect(idleReadings(model, index)).toEqual({ millidegrees, curKhz: maxKhz, maxKhz, throttled: 0 });
  });

  it('a Pi 3 idles warmer than every Pi Zero', () => {
    const zeros = [0, 1, 2, 3, 4].map((i) => idleReadings('Pi Zero', i).millidegrees);
    expect(idleReadings('Pi 3', 0).millidegrees).toBeGreaterThan(Math.max(...zeros));
  });
});

describe('heat, cool, undervolt', () => {
  const zero = restingState('Pi Zero', 1);
  const pi3 = restingState('Pi 3', 3);

  it('the bit fields are the firmware\'s: heat = soft limit + throttled + capped, now and since boot', () => {
    expect(HEAT_BITS).toBe(0xe000e);
    expect(UNDERVOLT_BITS).toBe(0x10001);
    const heat = parseGetThrottled(vcgencmdThrottled(HEAT_BITS));
    expect(heat.ok && throttleLabels(heat.value.now)).toEqual(['ARM frequency capped', 'throttled', 'soft temperature limit']);
    expect(heat.ok && throttleLabels(heat.value.sinceBoot)).toEqual(['ARM frequency capped', 'throttled', 'soft temperature limit']);
    const uv = parseGetThrottled(vcgencmdThrottled(UNDERVOLT_BITS));
    expect(uv.ok && [throttleLabels(uv.value.now), throttleLabels(uv.value.sinceBoot)]).toEqual([['under-voltage'], ['under-voltage']]);
  });

  it.each([
    { what: 'heat a resting Zero', from: zero, steps: [heated], temp: '>80', curKhz: 600_000, throttled: 0xe000e },
    { what: 'heat a resting Pi 3', from: pi3, steps: [heated], temp: '>80', curKhz: 600_000, throttled: 0xe000e },
    { what: 'heat twice', from: pi3, steps: [heated, heated], temp: '>80', curKhz: 600_000, throttled: 0xe000e },
    { what: 'heat then cool: since-boot bits stay', from: pi3, steps: [heated, cooled], temp: 'idle', curKhz: 1_200_000, throttled: 0xe0000 },
    { what: 'undervolt', from: zero, steps: [undervolted], temp: 'idle', curKhz: 1_000_000, throttled: 0x10001 },
    { what: 'undervolt then heat keeps both', from: zero, steps: [undervolted, heated], temp: '>80', curKhz: 600_000, throttled: 0xf000f },
    { what: 'undervolt, heat, cool: every now bit clears', from: zero, steps: [undervolted, heated, cooled], temp: 'idle', curKhz: 1_000_000, throttled: 0xf0000 },
    { what: 'cool a resting node changes nothing', from: zero, steps: [cooled], temp: 'idle', curKhz: 1_000_000, throttled: 0 },
  ])('$what', ({ from, steps, temp, curKhz, throttled }) => {
    const end = steps.reduce((s, step) => step(s), from);
    expect(end.idle).toEqual(from.idle);
    expect(end.now.curKhz).toBe(curKhz);
    expect(end.now.maxKhz).toBe(from.idle.maxKhz);
    expect(end.now.throttled).toBe(throttled);
    if (temp === 'idle') expect(end.now.millidegrees).toBe(from.idle.millidegrees);
    else expect(end.now.millidegrees).toBeGreaterThan(80_000);
    expect(throttledNow(end.now)).toBe((throttled & 0xffff) !== 0);
  });
});

describe('what the lab writes is what picon reads on a Pi', () => {
  const cases: { name: string; r: PiReadings; celsius: number; hz: number; raw: number }[] = [
    { name: 'resting Zero', r: { millidegrees: 45_400, curKhz: 1_000_000, maxKhz: 1_000_000, throttled: 0 }, celsius: 45.4, hz: 1e9, raw: 0 },
    { name: 'hot Pi 3', r: { millidegrees: 82_200, curKhz: 600_000, maxKhz: 1_200_000, throttled: 0xe000e }, celsius: 82.2, hz: 6e8, raw: 0xe000e },
    { name: 'cooled, since boot only', r: { millidegrees: 55_000, curKhz: 1_200_000, maxKhz: 1_200_000, throttled: 0xe0000 }, celsius: 55, hz: 1.2e9, raw: 0xe0000 },
    { name: 'every bit', r: { millidegrees: 85_049, curKhz: 600_000, maxKhz: 1_000_000, throttled: 0xffffffff }, celsius: 85.049, hz: 6e8, raw: 0xffffffff },
  ];
  it.each(cases)('$name: sysfs files', ({ r, celsius, hz, raw }) => {
    const files = sensorFileTexts(r);
    expect(parseThermalZone(files[SENSOR_FILES.temperature] ?? '')).toEqual({ ok: true, value: celsius });
    expect(parseCpufreqKhz(files[SENSOR_FILES.armClock] ?? '')).toEqual({ ok: true, value: hz });
    expect(parseCpufreqKhz(files[SENSOR_FILES.armClockMax] ?? '')).toEqual({ ok: true, value: r.maxKhz * 1000 });
    const t = parseSysfsThrottled(files[SENSOR_FILES.throttling] ?? '');
    expect(t.ok && t.value.raw).toBe(raw);
  });
  it.each(cases)('$name: vcgencmd answers', ({ r, hz, raw }) => {
    const files = sensorFileTexts(r);
    const answer = (file: string) => files[`${SENSOR_FILES.vcgencmdDir}/${file}`] ?? '';
    const temp = parseMeasureTemp(answer('measure_temp'));
    expect(temp.ok && temp.value).toBeCloseTo(r.millidegrees / 1000, 1);
    expect(parseMeasureClock(answer('measure_clock_arm'))).toEqual({ ok: true, value: hz });
    const t = parseGetThrottled(answer('get_throttled'));
    expect(t.ok && t.value.raw).toBe(raw);
  });

  it('each sysfs file keeps one length whatever the value, so it can be rewritten in place', () => {
    const lengths = (r: PiReadings) => IN_PLACE_FILES.map((f) => sensorFileTexts(r)[f]?.length);
    const all = cases.map((c) => lengths(c.r));
    for (const l of all) expect(l).toEqual(all[0]);
    expect(all[0]).toEqual([8, 9, 9, 9]);
  });

  it.each([
    [45_000, "temp=45.0'C"],
    [45_449, "temp=45.4'C"],
    [82_250, "temp=82.3'C"],
    [-1_500, "temp=-1.5'C"],
  ])('vcgencmd measure_temp of %i m°C prints %s', (m, text) => expect(vcgencmdTemp(m)).toBe(text));
  it.each([
    [600_000, 'frequency(48)=600000000'],
    [1_200_000, 'frequency(48)=1200000000'],
  ])('vcgencmd measure_clock arm at %i kHz prints %s', (k, text) => expect(vcgencmdClock(k)).toBe(text));
  it.each([
    [0, 'throttled=0x0'],
    [0x50005, 'throttled=0x50005'],
    [0xe000e, 'throttled=0xe000e'],
    [0xffffffff, 'throttled=0xffffffff'],
  ])('vcgencmd get_throttled of %i prints %s', (bits, text) => expect(vcgencmdThrottled(bits)).toBe(text));

  it('the vcgencmd script answers each command picon sends from its own file', () => {
    for (const c of VCGENCMD_COMMANDS) {
      expect(VCGENCMD_SCRIPT).toContain(`'${c.args}') exec cat "$d/${c.file}"`);
      expect(Object.keys(sensorFileTexts(idleReadings('Pi Zero', 0)))).toContain(`${SENSOR_FILES.vcgencmdDir}/${c.file}`);
    }
  });
});

describe('clockSlowdown', () => {
  it.each([
    { cur: 1_000_000, max: 1_000_000, factor: 1 },
    { cur: 600_000, max: 1_200_000, factor: 2 },
    { cur: 600_000, max: 1_000_000, factor: 1000 / 600 },
    { cur: undefined, max: 1_000_000, factor: 1 },
    { cur: Number.NaN, max: 1_000_000, factor: 1 },
    { cur: 0, max: 1_000_000, factor: 1 },
    { cur: 1_200_000, max: 1_000_000, factor: 1 },
  ])('cur $cur kHz, max $max kHz → ×$factor', ({ cur, max, factor }) => {
    expect(clockSlowdown(cur, max)).toBeCloseTo(factor, 6);
  });
});

describe('parseSensorState', () => {
  it('reads back what is written', () => {
    const s = heated(restingState('Pi 3', 3));
    expect(parseSensorState(JSON.stringify(s))).toEqual(s);
  });
  it.each([
    ['not json', '{'],
    ['no now', JSON.stringify({ idle: idleReadings('Pi 3', 0) })],
    ['fractional kHz', JSON.stringify({ idle: idleReadings('Pi 3', 0), now: { ...idleReadings('Pi 3', 0), curKhz: 1.5 } })],
    ['zero clock', JSON.stringify({ idle: idleReadings('Pi 3', 0), now: { ...idleReadings('Pi 3', 0), curKhz: 0 } })],
    ['bits past 32', JSON.stringify({ idle: idleReadings('Pi 3', 0), now: { ...idleReadings('Pi 3', 0), throttled: 2 ** 33 } })],
    ['null', 'null'],
  ])('%s → undefined', (_what, text) => expect(parseSensorState(text)).toBeUndefined());
});

describe('the sensor namespace', () => {
  const planned = planLab({ dir: '/lab', subnet: '127.0.3' });
  if (!planned.ok) throw new Error(planned.reason);
  const { head, workerNodes } = planned.plan;
  const worker = workerNodes[0]!;
  const env = { labDir: '/lab', tools: { sshd: '/usr/sbin/sshd' } as never, nodeBin: '/node', webappJs: '/w.js' };

  it('a worker\'s sshd starts through unshare with its sensor dir as an argument, the same sshd argv after it', () => {
    const plain = serviceArgv(worker, 'sshd', env);
    const wrapped = serviceArgv(worker, 'sshd', { ...env, sensorsUnshare: '/usr/bin/unshare' });
    expect(wrapped).toEqual(inSensorNamespace('/usr/bin/unshare', '/lab/p1/sensors', plain));
    expect(wrapped.slice(0, 5)).toEqual(['/usr/bin/unshare', '--mount', '--propagation', 'private', '--']);
    expect(wrapped.slice(-plain.length)).toEqual(plain);
  });
  it('the head\'s sshd, and any sshd of a lab without sensors, starts as before', () => {
    expect(serviceArgv(head, 'sshd', { ...env, sensorsUnshare: '/usr/bin/unshare' })[0]).toBe('/usr/sbin/sshd');
    expect(serviceArgv(worker, 'sshd', env)[0]).toBe('/usr/sbin/sshd');
  });
  it('the script is one line (the keeper\'s framing) and never holds a path', () => {
    expect(NAMESPACE_SCRIPT).not.toMatch(/[\n\x1f\0]/);
    expect(NAMESPACE_SCRIPT).not.toContain('/lab');
    for (const p of ['/sys/class/thermal', '/sys/devices/system/cpu/cpu0', '/sys/devices/platform']) expect(NAMESPACE_SCRIPT).toContain(`cover ${p} `);
  });
  it('a worker with sensors puts its vcgencmd first on the session PATH, on the one SetEnv line', () => {
    const text = sshdConfig({ node: worker, labDir: '/lab', user: 'pi', sensors: true }).split('\n');
    const setenv = text.filter((l) => l.startsWith('SetEnv'));
    expect(setenv).toEqual(['SetEnv HOME=/lab/home PATH=/lab/p1/sensors/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']);
    expect(sshdConfig({ node: head, labDir: '/lab', user: 'pi', sensors: true })).toContain('SetEnv HOME=/lab/home\n');
    expect(sshdConfig({ node: worker, labDir: '/lab', user: 'pi' })).toContain('SetEnv HOME=/lab/home\n');
  });
});
